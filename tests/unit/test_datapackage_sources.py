"""Every raw resource names its sources at resource level, as Frictionless describes (issue 21: three did not);
the rows carry their own source ids, which resolve through data/raw/sources.csv."""

from __future__ import annotations

import csv

from analysis import paths
from analysis.cleaning import rawdata


def test_every_resource_names_its_sources():
    urls = {r["source_id"]: r["url"] for r in csv.DictReader((paths.RAW / "sources.csv").open(encoding="utf-8"))}
    for res in rawdata.package()["resources"]:
        if res["name"] in ("sources", "search_log"):  # the registry of sources, and the project's own search log
            continue
        named = {s["path"] for s in res.get("sources", [])}
        assert named and all(p.startswith("http") for p in named), res["name"]
    for name in ("context_suicide", "residents", "gather_checklist"):  # few sources: each one cited is named
        res = next(r for r in rawdata.package()["resources"] if r["name"] == name)
        with (paths.RAW / res["path"]).open(encoding="utf-8") as fh:
            cited = {urls[row["source_id"]] for row in csv.DictReader(fh) if row.get("source_id")}
        assert cited <= {s["path"] for s in res["sources"]}, name
