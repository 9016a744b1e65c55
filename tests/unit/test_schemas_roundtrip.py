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


def test_ordered_table_takes_exactly_its_columns_in_order_and_checks_across_rows():
    import pandas as pd
    import pandera.pandas as pa

    from analysis.cleaning.schemas import PROVENANCE, across_rows, ordered_table

    schema = ordered_table(
        {"lo": pa.Column(int), "hi": pa.Column(int), **PROVENANCE},
        across_rows(lambda d: d["lo"] <= d["hi"], "lo must not exceed hi"),
    )
    good = pd.DataFrame({"lo": [1], "hi": [2], "source_id": ["a-1"], "note": [None]})
    schema.validate(good)
    for bad in (good[["hi", "lo", "source_id", "note"]], good.assign(extra=1), good.assign(lo=3)):
        with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
            schema.validate(bad)
