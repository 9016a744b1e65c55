"""Maintainer tool: append source rows to data/raw/sources.csv, reusing an existing id for a known URL.

Usage: python tools/add_sources.py CANDIDATES.csv
CANDIDATES.csv has the columns of data/raw/sources.csv. Prints "proposed_id,final_id" lines: the final id
is the existing one when the URL is already registered. Safe to run from several processes at once
(it takes an exclusive lock). Not part of the build: the build never writes data/raw/.
"""

import csv
import fcntl
import sys
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1] / "data" / "raw" / "sources.csv"


def main(path: str) -> None:
    with open(SOURCES, "r+", encoding="utf-8", newline="") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        rows = list(csv.DictReader(fh))
        fields = ["source_id", "publisher", "title", "url", "date_published", "language", "accessed", "note"]
        by_url = {r["url"]: r["source_id"] for r in rows}
        ids = {r["source_id"] for r in rows}
        new = []
        with open(path, encoding="utf-8", newline="") as cf:
            for cand in csv.DictReader(cf):
                url = cand["url"].strip()
                if url in by_url:
                    print(f"{cand['source_id']},{by_url[url]}")
                    continue
                sid = cand["source_id"]
                if sid in ids:
                    raise SystemExit(f"source_id {sid!r} already used for another URL; choose another id")
                ids.add(sid)
                by_url[url] = sid
                new.append({k: cand.get(k, "") for k in fields})
                print(f"{sid},{sid}")
        fh.seek(0, 2)
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writerows(new)


if __name__ == "__main__":
    main(sys.argv[1])
