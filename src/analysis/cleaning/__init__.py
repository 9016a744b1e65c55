"""Sources and cleaning: raw-data verification, parsing rules, schemas, provenance."""
