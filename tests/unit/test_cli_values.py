"""What -p accepts (issue 21): plain numbers only, each name once; ranges that give meaningful results."""

from __future__ import annotations

import pytest

from analysis import params
from analysis.build import cli
from analysis.errors import ParameterError


@pytest.mark.parametrize(("raw", "typed"), [("2010", 2010), ("0.9", 0.9), ("first", "first"), ("-3", -3)])
def test_plain_values_are_typed(raw, typed):
    assert params.parse_cli_value(raw) == typed


@pytest.mark.parametrize("raw", ["0x7DA", "2_010", "0o3732", "0b11111011010"])
def test_a_year_in_another_notation_stays_text_and_is_refused(raw):
    value = params.parse_cli_value(raw)
    assert value == raw
    with pytest.raises(ParameterError):
        params.validate({"start_year": value})


def test_a_name_given_twice_is_refused_in_one_line(capsys):
    assert cli.main(["build", "-p", "start_year", "2010", "-p", "start_year", "2011"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: parameter start_year given twice with -p; give it once"]


@pytest.mark.parametrize(
    ("name", "value"), [("start_year", params.LAST_DATA_YEAR), ("oecd_first_year", params.LAST_OECD_YEAR)]
)
def test_a_first_year_that_would_draw_one_point_is_refused(name, value):
    with pytest.raises(ParameterError):
        params.validate({name: value})


def test_a_level_near_one_is_never_printed_as_100_percent():
    from analysis.core.wording import percent

    assert (percent(0.95), percent(0.999), percent(0.9999999)) == ("95%", "99.9%", "99.99999%")


@pytest.mark.parametrize(
    ("phase", "said"),
    [
        ("building", "interrupted: data/processed/ and reports/ were left as they were"),
        (
            "installing",
            "interrupted: the new data/processed/ and reports/ were being installed; the next build completes the move",
        ),
        ("installed", "interrupted: the new data/processed/ and reports/ were installed"),
    ],
)
def test_an_interruption_says_which_outputs_are_in_place(monkeypatch, capsys, phase, said):
    from analysis.build import transaction

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(transaction, "PHASE", phase)
    monkeypatch.setattr(cli, "cmd_params", interrupted)
    assert cli.main(["params"]) == 130
    assert capsys.readouterr().err.strip() == said
