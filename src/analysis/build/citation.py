"""The report's metadata as CITATION.cff declares it (title, authors, version, address) with the date and commit of
the code: what the editions print on their first page and carry in their heads. Apart from the rendering, so
that a build with nothing to render reads it without importing nbconvert's side of the package."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import yaml

from analysis import paths


def metadata(epoch: str | None = None) -> dict[str, Any]:
    """Title, authors, version and repository address from CITATION.cff (one source of truth; an address not
    declared there is left out, never guessed), date and commit from the last commit."""
    from analysis.cleaning.provenance import code_version, source_date_epoch

    with open(paths.ROOT / "CITATION.cff", encoding="utf-8") as fh:
        cff = yaml.safe_load(fh)
    authors = [
        {"name": a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()}
        for a in cff["authors"]
    ]
    when = datetime.fromtimestamp(int(epoch or source_date_epoch()), tz=UTC)
    return {
        "title": cff["title"],
        "authors": authors,
        "date": f"{when.day} {when:%B %Y}",
        "citation_date": f"{when:%Y/%m/%d}",  # the citation_publication_date of the HTML head (Highwire style)
        # a reader sees the version and the date; the commit is in Declarations and Appendix A, and a build
        # from a modified work tree says so in words
        "version": f"Version {cff['version']}"
        + (", built from uncommitted changes" if code_version().endswith("+modified") else ""),
        # where the code and data are published: CITATION.cff's repository-code, shown only when declared
        "repository": cff.get("repository-code"),
        "binder": binder_url(cff.get("repository-code"), code_version()),
        "subject": cff.get("abstract", ""),
        "keywords": list(cff.get("keywords", [])),
    }


_GITHUB = re.compile(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def binder_url(repository: str | None, version: str) -> str | None:
    """Where the notebooks open live on mybinder.org (which builds them from environment.yml) at the commit the
    report was built from: only for a repository on GitHub declared in CITATION.cff, never guessed."""
    m = _GITHUB.match(repository or "")
    commit = version.split("+")[0]
    if not m or not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        return None
    return f"https://mybinder.org/v2/gh/{m[1]}/{m[2]}/{commit}?urlpath=lab/tree/notebooks"
