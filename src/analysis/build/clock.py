"""A step's own time, for the build's progress lines and the benchmark: its wall seconds, and the CPU seconds of
the process that ran it and of the children it waited for (a notebook's kernel, xelatex; a forked kernel too).
CPU seconds say where a build's work goes even when other work shares the cores and stretches the wall time
(issue 18)."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any

from analysis.build import forkserver


def cpu() -> float:
    """CPU seconds (user and system) so far of this process, of its children that have ended, and of the kernels
    forked for it that have ended (:mod:`analysis.build.forkserver`)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + forkserver.ENDED_CPU[0]


def timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """``fn(*args)`` with the wall and CPU seconds it took: (its result, seconds, CPU seconds)."""
    wall, used = time.monotonic(), cpu()
    result = fn(*args)
    return result, time.monotonic() - wall, cpu() - used


def took(seconds: float, cpu_seconds: float) -> str:
    """'12.3 s (8.1 s CPU)', as the progress lines print a step's time."""
    return f"{seconds:.1f} s ({cpu_seconds:.1f} s CPU)"
