"""Column types are declared once, in the processed tables' pandera schemas, and reading derives them."""

import pytest

from analysis import io
from analysis.cleaning.processed import PROCESSED


@pytest.mark.parametrize("name", sorted(PROCESSED))
def test_a_processed_table_read_back_passes_its_own_schema(processed_dir, name):
    table = io.read_table(name)
    PROCESSED[name].validate(table)  # raises if any column came back with another type


def test_every_processed_csv_has_a_schema(processed_dir):
    assert sorted(p.stem for p in processed_dir.glob("*.csv")) == sorted(PROCESSED)
