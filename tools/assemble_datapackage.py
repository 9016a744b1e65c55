"""Maintainer tool: (re)write data/raw/datapackage.json from the resource descriptors in data/raw/schemas/.

Each ``schemas/<name>.resource.json`` describes one raw file (title, description, sources, licence) and
points at its Table Schema ``schemas/<name>.schema.json``. This tool lists them in a fixed order, then
records each file's sha256 and size. Run it after adding a raw table; after correcting a value,
``python -m analysis rehash`` is enough. The build never runs this: it only reads data/raw/.
"""

import json
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
ORDER = [
    "sources",
    "arrivals",
    "arrivals_cumulative",
    "arrivals_age",
    "escapee_suicide",
    "kostat_deaths",
    "oecd_suicide",
    "survey_hana",
    "survey_nkdb",
    "facts",
    "article_claims",
]

PACKAGE = {
    "name": "nk-escapees-published-figures",
    "title": "Published figures on North Korean escapees in South Korea: arrivals, suicide, surveys",
    "description": (
        "The project's transcriptions of figures published by the Ministry of Unification, Statistics Korea, "
        "the OECD, the Korea Hana Foundation, NKDB, lawmakers and the press, one published figure per row, "
        "each with its source. Every revision and every disagreement between sources is its own row. The "
        "original pages were read in archived copies; nothing is derived, smoothed or filled."
    ),
    "licenses": [
        {
            "name": "MIT",
            "path": "https://opensource.org/licenses/MIT",
            "title": "MIT License for the project's compilation and transcription; the figures are facts published by the cited sources, who hold the rights to their texts",
        }
    ],
    "contributors": [{"title": "NK Escapees Reproducible Report contributors", "role": "author"}],
}


def main() -> None:
    from hashlib import sha256

    resources = []
    names = [n for n in ORDER if (RAW / "schemas" / f"{n}.resource.json").exists()]
    extra = sorted(p.name.removesuffix(".resource.json") for p in (RAW / "schemas").glob("*.resource.json"))
    for name in names + [n for n in extra if n not in ORDER]:
        res = json.loads((RAW / "schemas" / f"{name}.resource.json").read_text(encoding="utf-8"))
        data = (RAW / res["path"]).read_bytes()
        res["hash"] = f"sha256:{sha256(data).hexdigest()}"
        res["bytes"] = len(data)
        resources.append(res)
    pkg = {**PACKAGE, "resources": resources}
    (RAW / "datapackage.json").write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote data/raw/datapackage.json with {len(resources)} resources")


if __name__ == "__main__":
    main()
