"""The build's helper processes end with the build, even a build killed at once (analysis.build.lifetime)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="parent-death signals are Linux's")

# a parent that starts a child, prints the child's pid and then kills itself at once (SIGKILL: no clean-up); the
# child first waits ``delay`` s (the parent is gone by then when delay > 0), then calls ``call``, then would
# sleep 60 s. With no delay, the parent kills itself only once the child says it has called ``call``.
PARENT = """
import os, subprocess, sys
child = '''
import os, signal, sys, time
parent = int(sys.argv[1])
time.sleep(float(sys.argv[2]))
{setup}
from analysis.build import lifetime
{call}
if sys.argv[2] == "0":
    print("asked", flush=True)
time.sleep(60)
'''
delay, setup, call = sys.argv[1:]
code = child.format(setup=setup, call=call)
told = subprocess.PIPE if delay == "0" else subprocess.DEVNULL
quiet = dict(stdin=subprocess.DEVNULL, stdout=told, stderr=subprocess.DEVNULL)  # run() returns
proc = subprocess.Popen([sys.executable, "-c", code, str(os.getpid()), delay], start_new_session=True, **quiet)
print(proc.pid, flush=True)
if delay == "0":
    assert proc.stdout.readline() == b"asked\\n"  # the child has asked for the signal
os.kill(os.getpid(), 9)
"""

# what nbclient does while a notebook runs: SIGTERM handled (to shut the kernel down), the process going on
NBCLIENT = (
    "import asyncio; loop = asyncio.new_event_loop(); loop.add_signal_handler(signal.SIGTERM, lambda: None); "
    "loop.run_until_complete(asyncio.sleep(0))"
)


def _child_of_killed_parent(delay: float, setup: str, call: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PARENT, str(delay), setup, call],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    return int(out.stdout.split()[0])


def _ends_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
                if "\nState:\tZ" in fh.read():
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    os.kill(pid, 9)
    return False


def test_a_worker_ends_with_its_build_even_while_sigterm_is_handled():
    """A pool worker running a notebook (nbclient handles SIGTERM then) still ends when its build is killed."""
    pid = _child_of_killed_parent(0, NBCLIENT, "lifetime.worker_init(parent)")
    assert _ends_within(pid, 10), "the worker outlived its killed build"


def test_a_helper_whose_build_ended_before_it_asked_ends_at_once():
    """The build killed before its helper asks to be told: the helper finds it is an orphan and ends."""
    pid = _child_of_killed_parent(1.5, "", "lifetime.end_with(parent)")
    assert _ends_within(pid, 10), "the helper outlived a build that ended before it asked"


def test_a_signal_during_the_clean_up_waits_for_it():
    """A second Ctrl-C while a failed build cleans up (``lifetime.deferred``) takes effect once the clean-up is
    done: its kernels ended and its stage removed, not cut short."""
    code = (
        "import os, signal, time\n"
        "from analysis.build import lifetime\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"  # as in a terminal (xdist's workers ignore it)
        "try:\n"
        "    with lifetime.deferred(signal.SIGINT, signal.SIGTERM):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        time.sleep(0.3)\n"
        "        print('cleaned up', flush=True)\n"
        "    print('not interrupted', flush=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted after', flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert out.stdout.split("\n")[:2] == ["cleaned up", "interrupted after"], (out.stdout, out.stderr)
