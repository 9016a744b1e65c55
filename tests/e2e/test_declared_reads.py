"""The graph's declared inputs are the reads (issue 16): every data file a step declares, it reads.

The build logs each read a step makes through the project's readers (``paths.declared_read``; an undeclared
one is refused, tests/unit/test_paths.py). After a cold build, each step's log holds every raw and processed
table and findings file its entry in ``src/analysis/build/dag.py`` declares (the metadata sidecars, the data
package descriptor and CITATION.cff are read by other means and not logged).
"""

from __future__ import annotations

import pytest

from analysis.build import dag


def _data_inputs(step: dag.Step) -> set[str]:
    return {i for i in step.inputs if i.startswith("data/") and not i.endswith((".meta.json", "datapackage.json"))}


@pytest.mark.slow
def test_every_declared_input_is_read(built):
    unread = {}
    for step in dag.STEPS:
        log = built / ".build" / "reads" / f"{step.name}.txt"
        assert log.is_file(), f"no reads logged for {step.name}"
        missing = _data_inputs(step) - set(log.read_text(encoding="utf-8").split())
        if missing:
            unread[step.name] = sorted(missing)
    assert not unread, unread
