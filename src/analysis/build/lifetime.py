"""The build's helper processes end with the build, however it ends.

The build's pool workers (notebooks, editions) and its kernel server are its children. Killed at once (SIGKILL,
as an interrupted CI job is), the build runs no clean-up, so each child asks the kernel to signal it when its
parent ends (Linux's ``PR_SET_PDEATHSIG``). Two things that request alone does not cover:

- A parent that ended before the child asked: the child is already an orphan and would never be told. So the
  child compares its parent with the process that started it, after asking.
- A worker running a notebook does not die of SIGTERM: nbclient catches it, to shut the kernel down, and the
  worker then waits for work from a build that is gone, holding the build's output pipes open. So workers are
  told with SIGKILL; the kernel server, whose own SIGTERM handler ends its kernels and removes its folder, with
  SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1


def end_with(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have this process receive ``sig`` when ``parent`` (the process that started it) ends, or at once if it
    has ended already. Elsewhere than Linux, nothing."""
    try:
        import ctypes

        asked = ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig) == 0
    except (OSError, AttributeError):
        return
    if asked and os.getppid() != parent:
        os.kill(os.getpid(), sig)


def worker_init(parent: int) -> None:
    """A pool worker's start: it ends with the build (``end_with``); Ctrl-C is the build's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(parent)


@contextlib.contextmanager
def deferred(*signals: int) -> Iterator[None]:
    """Signals that arrive during the block take effect when it ends: a second Ctrl-C while a failed build cleans up
    waits for the clean-up (its kernels ended, its stage removed) instead of cutting it short. Only in the main
    thread, where Python's handlers run; elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {s: signal.signal(s, lambda n, _: arrived.append(n)) for s in signals}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        if arrived:
            signal.raise_signal(arrived[0])
