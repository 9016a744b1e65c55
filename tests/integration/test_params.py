"""Parameters: declared once (params.Params), everything else derived from or checked against it; one
clear message naming the parameter for each kind of error; notebooks reject names they do not declare;
every parameter set drawn from the declared ranges validates (Hypothesis)."""

from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import papermill as pm
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import params, paths
from analysis.build import dag
from analysis.errors import ParameterError


def test_defaults_are_valid_and_complete():
    assert set(params.defaults()) == set(params.Params.model_fields)
    assert params.validate({}).vintage == "latest"


def test_defaults_file_is_generated_from_the_declarations():
    text = paths.PARAMS_FILE.read_text(encoding="utf-8")
    assert text == params.defaults_yaml(), "params/default.yml: regenerate with `python -m analysis params --write`"
    assert yaml.safe_load(text) == params.defaults()


@pytest.mark.parametrize("step", dag.STEPS, ids=lambda s: s.name)
def test_parameters_cell_is_derived_from_the_declarations(step):
    """The parameters cell is exactly params.parameters_cell(the step's names): what papermill shows."""
    nb = nbformat.read(paths.ROOT / step.notebook, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.cells[tagged[0]].source == params.parameters_cell(step.params), (
        f"{step.notebook}: regenerate its parameters cell with `python -m analysis params --write`"
    )
    assert "P = params.from_notebook(globals())" in nb.cells[tagged[0] + 1].source
    inferred = pm.inspect_notebook(str(paths.ROOT / step.notebook))
    assert list(inferred) == list(step.params)
    for name, info in inferred.items():
        field = params.Params.model_fields[name]
        assert yaml.safe_load(info["default"]) == field.default
        assert info["inferred_type_name"] == params.type_name(name)
        assert info["help"].startswith(field.description)


def test_graph_parameters_are_declared_and_appendix_has_all():
    for step in dag.STEPS:
        assert set(step.params) <= set(params.NAMES), step.name
    assert dag.by_name()["appendix"].params == params.NAMES


def test_appendix_table_has_one_row_per_parameter():
    rows = params.table(params.validate({"start_year": 2010}))
    assert [r["Parameter"] for r in rows] == list(params.NAMES)
    start = next(r for r in rows if r["Parameter"] == "start_year")
    assert (start["Value"], start["Default"], start["Allowed"]) == ("2010", "2002", "1998 to 2024")


def test_oecd_range_ends_at_the_last_oecd_data_year():
    with open(paths.RAW / "oecd_suicide.csv", encoding="utf-8") as fh:
        years = [
            int(r["data_year"]) for r in csv.DictReader(fh) if r["country"] == "Korea" and r["data_year"].isdigit()
        ]
    assert max(years) == params.LAST_OECD_YEAR
    assert params.bounds("oecd_first_year")["le"] == params.LAST_OECD_YEAR - 1  # a chart needs two data years


@pytest.mark.parametrize(
    "values, message",
    [
        ({"no_such_param": 1}, "unknown parameter 'no_such_param' (known parameters: vintage,"),
        ({"start_year": "nineteen"}, "parameter 'start_year': Input should be a valid integer"),
        ({"start_year": True}, "parameter 'start_year': Input should be a valid integer (got True)"),
        ({"start_year": "2010"}, "parameter 'start_year': Input should be a valid integer (got '2010')"),
        ({"start_year": 1950}, "parameter 'start_year': Input should be greater than or equal to 1998 (got 1950)"),
        ({"oecd_first_year": 2025}, "parameter 'oecd_first_year': Input should be less than or equal to 2023"),
        ({"confidence_level": 1.5}, "parameter 'confidence_level': Input should be less than 1 (got 1.5)"),
        ({"vintage": "newest"}, "parameter 'vintage': Input should be 'latest' or 'first' (got 'newest')"),
        (
            {"suicide_period_start": 2022, "suicide_period_end": 2020},
            "inconsistent parameters: suicide_period_end (2020) is before suicide_period_start (2022)",
        ),
    ],
)
def test_bad_values_name_the_parameter(values, message):
    with pytest.raises(ParameterError) as err:
        params.validate(values)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_values_are_typed_like_yaml():
    assert params.parse_cli_value("1998") == 1998
    assert params.parse_cli_value("0.9") == 0.9
    assert params.parse_cli_value("first") == "first"
    assert params.validate({"start_year": params.parse_cli_value("2010")}).start_year == 2010
    assert params.validate({"share_tolerance_pp": params.parse_cli_value("5")}).share_tolerance_pp == 5.0


def test_parameter_file_errors(tmp_path):
    bad = tmp_path / "p.yml"
    bad.write_text("- a list\n")
    with pytest.raises(ParameterError, match="expected a mapping of name: value"):
        params.load_file(str(bad))
    with pytest.raises(ParameterError, match="not found"):
        params.load_file(str(tmp_path / "missing.yml"))
    with pytest.raises(ParameterError, match="is a folder; expected a YAML file"):
        params.load_file(str(tmp_path))
    bad.write_text("vintage: first\nstart_year: 2005\nvintage: latest\n")
    with pytest.raises(ParameterError, match=r"parameter 'vintage' is given twice \(line 3\)"):
        params.load_file(str(bad))


# ---- a notebook's own check ------------------------------------------------------------------------------


def namespace(injected: str | None, **declared):
    """A kernel's globals after the parameters cell (annotated names) and papermill's injected cell."""
    ns = {"__annotations__": {k: type(v) for k, v in declared.items()}, **declared}
    history = ["", params.parameters_cell(tuple(declared))]
    if injected is not None:
        history.append(injected)
        exec(injected, {}, ns)
    ns["_ih"] = history + ["P = params.from_notebook(globals())"]
    return ns


def test_notebook_takes_its_declared_parameters():
    P = params.from_notebook(namespace("# Parameters\nstart_year = 2010\n", start_year=2002))
    assert P.start_year == 2010
    assert params.from_notebook(namespace(None, start_year=2002)).start_year == 2002  # run in JupyterLab


def test_notebook_rejects_a_misspelt_injected_name():
    ns = namespace("# Parameters\nsuicide_perod_start = 2017\n", suicide_period_start=2020, suicide_period_end=2022)
    with pytest.raises(
        ParameterError,
        match=r"unknown parameter 'suicide_perod_start' \(this notebook's "
        r"parameters: suicide_period_start, suicide_period_end\)",
    ):
        params.from_notebook(ns)


def test_notebook_rejects_a_parameter_it_does_not_use():
    with pytest.raises(ParameterError, match="parameter 'start_year' is not used by this notebook"):
        params.from_notebook(namespace("# Parameters\nstart_year = 2010\n", oecd_first_year=2009))


def test_notebook_rejects_an_out_of_range_value():
    with pytest.raises(ParameterError, match="parameter 'start_year': Input should be less than or equal to 2024"):
        params.from_notebook(namespace("# Parameters\nstart_year = 2030\n", start_year=2002))


@pytest.mark.slow
def test_papermill_run_with_a_misspelt_name_fails(tmp_path):
    """The real thing: papermill -p suicide_perod_start 2017 on the suicide notebook stops at validation."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(paths.ROOT / "notebooks/30_suicide.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-p",
            "suicide_perod_start",
            "2017",
            "--cwd",
            str(paths.NOTEBOOKS),
            "--kernel",
            "python3",
        ],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(paths.ROOT / "src")},
    )
    assert result.returncode != 0
    assert "ParameterError: notebook parameters: unknown parameter 'suicide_perod_start'" in result.stderr


# ---- every value in the declared ranges -----------------------------------------------------------------


def strategy_for(name: str) -> st.SearchStrategy:
    """Values of one parameter, drawn from its declaration alone."""
    found = params.choices(name)
    if found:
        return st.sampled_from(found)
    b = params.bounds(name)
    if params.type_name(name) == "int":
        return st.integers(min_value=b.get("ge"), max_value=b.get("le"))
    return st.floats(
        min_value=b.get("ge", b.get("gt")),
        max_value=b.get("le", b.get("lt")),
        exclude_min="gt" in b,
        exclude_max="lt" in b,
        allow_nan=False,
    )


@st.composite
def parameter_sets(draw) -> dict:
    values = {name: draw(strategy_for(name)) for name in params.NAMES}
    start, end = sorted((values["suicide_period_start"], values["suicide_period_end"]))
    return {**values, "suicide_period_start": start, "suicide_period_end": end}


@settings(max_examples=200, deadline=None)
@given(parameter_sets())
def test_every_drawn_parameter_set_validates(values):
    assert params.validate(values).model_dump() == values


@pytest.mark.skipif(__import__("shutil").which("make") is None, reason="make not installed")
def test_make_passes_a_parameter_file_name_with_a_space():
    import shlex

    result = subprocess.run(
        ["make", "-n", "report-html", "PARAMS=my params.yml", "VIRTUAL_ENV=/nonexistent"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(ln for ln in result.stdout.splitlines() if "analysis build" in ln)
    assert shlex.split(line)[-2:] == ["--params", "my params.yml"]
