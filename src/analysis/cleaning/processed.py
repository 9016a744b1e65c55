"""Every processed table's pandera schema, by table name: its column types are declared there and nowhere else."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.cleaning import schemas, schemas_mortality, schemas_surveys

PROCESSED: dict[str, pa.DataFrameSchema] = {
    name: obj
    for module in (schemas, schemas_mortality, schemas_surveys)
    for name, obj in vars(module).items()
    if isinstance(obj, pa.DataFrameSchema)
}
