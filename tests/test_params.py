"""Parameter validation: defaults, and one clear message naming the parameter for each kind of error."""

import pytest

from analysis import params
from analysis.errors import ParameterError


def test_defaults_are_valid_and_complete():
    assert set(params.defaults()) == set(params.Params.model_fields)
    assert params.validate({}).vintage == "latest"


@pytest.mark.parametrize(
    "values, message",
    [
        ({"no_such_param": 1}, "unknown parameter 'no_such_param' (known parameters: vintage,"),
        ({"start_year": "nineteen"}, "parameter 'start_year': Input should be a valid integer"),
        ({"start_year": 1950}, "parameter 'start_year': Input should be greater than or equal to 1998 (got 1950)"),
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


def test_parameter_file_errors(tmp_path):
    bad = tmp_path / "p.yml"
    bad.write_text("- a list\n")
    with pytest.raises(ParameterError, match="expected a mapping of name: value"):
        params.load_file(str(bad))
    with pytest.raises(ParameterError, match="not found"):
        params.load_file(str(tmp_path / "missing.yml"))
