"""Modules the build's processes do not import: ones a library imports eagerly for a feature this project never
uses, at a cost every process would pay.

- ``rfc3987_syntax``: jsonschema imports it, when it is installed (JupyterLab's dependencies install it), to check
  the "iri" and "iri-reference" string formats, and on import it compiles about 35 Earley grammars: 0.9 s of CPU
  in each process that imports papermill, nbconvert or Frictionless (the build, its two notebook workers, its three
  rendering workers; python-jsonschema/jsonschema#1428). No schema the build validates against uses those formats
  (nbformat's notebook schema, Frictionless's data package profiles: ``tests/unit/test_build_speed.py`` checks).
  Marked absent (``sys.modules[name] = None``), it is what jsonschema does without it: no check for those two
  formats.
"""

from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)


def skip() -> None:
    """Mark ``SKIPPED`` as absent in this process (an import of one raises ImportError), unless already imported."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
