"""data/raw/datapackage.json with the Frictionless command line itself: valid as committed, invalid after
a one-byte change (the sha256 check), and every source id resolving to an address."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.cleaning import rawdata
from analysis.errors import RawDataError

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))


def test_frictionless_validate_passes():
    result = subprocess.run([FRICTIONLESS, "validate", str(rawdata.DESCRIPTOR)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout


def test_one_byte_edit_fails_frictionless_and_the_hash_check(tmp_path, monkeypatch):
    raw = shutil.copytree(paths.RAW, tmp_path / "raw")
    target = raw / "kostat_deaths.csv"
    data = bytearray(target.read_bytes())
    data[-2] = ord("9") if data[-2] != ord("9") else ord("8")
    target.write_bytes(bytes(data))
    result = subprocess.run([FRICTIONLESS, "validate", str(raw / "datapackage.json")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "hash-count" in result.stdout
    monkeypatch.setattr(paths, "RAW", raw)
    monkeypatch.setattr(rawdata, "DESCRIPTOR", raw / "datapackage.json")
    rawdata.package.cache_clear()
    try:
        with pytest.raises(RawDataError, match=r"kostat_deaths.csv: sha256 .* does not match"):
            rawdata.verify_hashes()
    finally:
        rawdata.package.cache_clear()


def test_every_resource_is_described_and_every_source_has_an_address():
    pkg = rawdata.package()
    assert pkg["licenses"] and pkg["title"]
    for res in pkg["resources"]:
        assert res["hash"].startswith("sha256:") and res["bytes"] > 0
        assert res["title"] and res.get("description") and res["schema"]
    with open(paths.RAW / "sources.csv", encoding="utf-8", newline="") as fh:
        sources = list(csv.DictReader(fh))
    assert all(s["url"].startswith(("http://", "https://")) for s in sources)
    assert len({s["source_id"] for s in sources}) == len(sources)
