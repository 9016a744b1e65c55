"""Kernels forked from a process that has already imported what every notebook imports.

A new Python kernel spends about a second of CPU before the notebook's first line runs: the interpreter,
ipykernel, then pandas, matplotlib and scipy, the same in each of the build's twelve notebooks. The build
starts one server (:func:`start`) that imports them once and waits; each kernel the build then asks for
is a fork of it (:class:`analysis.build.kernel.ForkingKernelManager`, given to papermill), made as
``python -m ipykernel_launcher -f <connection file>`` would be: in its own session, in the notebook's
folder, with the environment the kernel manager gave it, the worker's output files, and ``sys.path`` as
the launcher leaves it. It ends when the worker that asked for it ends, as a launched kernel does, or when
the server is stopped.

What a fork cannot change, the server refuses, and the kernel is launched as usual: another interpreter or
its options, or a different value of a variable read when the interpreter or a preloaded module starts
(``AT_START``: ``PYTHONHASHSEED``, ``PYTHONPATH``, ``MPLBACKEND``, the locale...). A server that is not
there, or not ready yet, is not waited for. The tests build the report both ways and compare the bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

from analysis.build import lifetime

ENV = "ANALYSIS_FORKSERVER"  # the server's socket, for the build's workers; "off": never fork
LAUNCHED = "launched-"  # + pid-start: a file in the server's folder for each kernel launched, not forked
PRELOAD = (  # what the notebooks import; nothing of the analysis package, which reads its folders on import
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "numpy",
    "pandas",
    "scipy.special",
    "scipy.stats",
    "matplotlib.pyplot",
    "pydantic",
    "pandera.pandas",  # the processed tables' schemas (analysis.cleaning.processed): 0.1 s in each kernel
    "yaml",
)
# read when the interpreter or a preloaded module starts: a fork would keep the server's value
AT_START = re.compile(r"^(PYTHON|MPL|OMP_|OPENBLAS|MKL_|LC_|LANG$|LANGUAGE$)")
LAUNCHER = ["-m", "ipykernel_launcher"]
HEADER = struct.Struct("!I")


# ------------------------------------------------------------------------------------------- the server


def start(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str] | None:
    """Start a server for kernels with ``env`` (the workers' environment); its process and socket path.
    None where forking is not available (not Linux) or turned off."""
    if os.environ.get(ENV) == "off" or not hasattr(os, "pidfd_open") or not hasattr(socket, "send_fds"):
        return None
    where = tempfile.mkdtemp(prefix="analysis-fork-")  # mode 0700: only this user can ask for a kernel
    path = os.path.join(where, "socket")
    code = f"from analysis.build.forkserver import serve; serve({path!r}, {os.getpid()})"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdin=subprocess.DEVNULL, start_new_session=True, cwd=where
    )
    return proc, path


def stop(server: tuple[subprocess.Popen[bytes], str] | None) -> None:
    """End the server and every kernel of the build still running (those it forked, and those launched instead,
    :func:`launched`), then remove its folder: no kernel is left to write there, or into the build's stage."""
    if server is None:
        return
    proc, path = server
    proc.terminate()  # it ends the kernels, then removes its folder
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    proc.kill()  # nothing if it has ended
    proc.wait()
    _end_all(_launched_kernels(os.path.dirname(path)))  # if it could not (killed)
    shutil.rmtree(os.path.dirname(path), ignore_errors=True)


def serve(path: str, parent: int) -> None:
    """The server: import ``PRELOAD``, then fork a kernel for each request on the socket at ``path``."""
    kernels: list[int] = []  # a pidfd for each kernel forked and not yet known to have ended

    def end(*_: Any) -> None:
        """Ended with the build however it ends (stop(), or the parent's death signal when the build is killed):
        its kernels first, forked or launched, then the socket's folder. (A kernel still starting would otherwise
        find its connection file gone and, as ipykernel does, make the folder again to write one.) Once: stop()
        and the death signal can both come. The list of kernels is never half changed here: it changes only with
        SIGTERM held (the loop below)."""
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            _end_all(kernels + _launched_kernels(os.path.dirname(path)))
        finally:
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)
            os._exit(0)

    signal.signal(signal.SIGTERM, end)
    lifetime.end_with(parent, signal.SIGTERM)
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # as ipykernel_launcher removes the folder it was started in
    _preload()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(8)
    os.rename(path + ".new", path)  # the socket appears when the server is ready
    at_start = _at_start(dict(os.environ))
    while True:
        if listener not in select.select([listener, *kernels], [], [])[0]:  # a kernel has ended: reaped now
            with _sigterm_held():
                kernels[:] = _running(kernels)
            continue
        conn, _ = listener.accept()
        with conn:
            try:
                request, fds = _receive(conn)
            except (
                OSError,
                ValueError,
                struct.error,
            ):  # an asker ended mid-request (a worker stopped by a failing build)
                continue
            refused = _refusal(request, at_start)
            with _sigterm_held() as mask:  # until the new kernel is listed
                pid = 0 if refused else os.fork()
                if pid == 0 and not refused:
                    listener.close()
                    conn.close()  # the asker reads the reply to its end: the kernel must not hold it open
                    for fd in kernels:
                        os.close(fd)
                    _kernel(request, fds, mask)  # never returns
                for fd in fds:
                    os.close(fd)
                if pid:
                    kernels.append(os.pidfd_open(pid))  # not reaped yet (a zombie at worst): this very process
            with contextlib.suppress(OSError):  # the asker has ended: its kernel ends with it (``_end_with``)
                conn.sendall(json.dumps({"pid": pid, "refused": refused}).encode())


class _KernelShell:
    """What a module importing inside a kernel finds: ``get_ipython()`` answers, with a ``kernel``. pandas, for
    one, decides at import how wide its text tables are by asking that (columns cut to fit a terminal, or not)."""

    kernel = True


def _preload() -> None:
    import builtins
    import importlib

    builtins.get_ipython = _KernelShell  # type: ignore[attr-defined]
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]


@contextlib.contextmanager
def _sigterm_held() -> Iterator[set[signal.Signals]]:
    """SIGTERM waits while the block runs (the server's list of kernels is changed only so: its handler never
    finds it half changed); the block is given the signals blocked before."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield mask
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _running(kernels: list[int]) -> list[int]:
    """The kernels' pidfds that have not ended (those that have are reaped, then closed: until then a kernel's
    pid cannot name another process)."""
    ended = set(select.select(kernels, [], [], 0)[0]) if kernels else set()
    for fd in ended:
        with contextlib.suppress(ChildProcessError):
            os.waitid(os.P_PIDFD, fd, os.WEXITED | os.WNOHANG)
        os.close(fd)
    return [fd for fd in kernels if fd not in ended]


def _end_all(kernels: list[int], seconds: float = 5.0) -> None:
    """Kill every kernel still running and wait, up to ``seconds``, until each has ended; close the pidfds."""
    for fd in kernels:
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(fd, signal.SIGKILL)
    waiting = list(kernels)
    while waiting:
        ended, _, _ = select.select(waiting, [], [], seconds)
        if not ended:
            break
        waiting = [fd for fd in waiting if fd not in ended]
    for fd in kernels:
        os.close(fd)


def _at_start(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if AT_START.match(k)}


def _refusal(request: dict[str, Any], at_start: dict[str, str]) -> str | None:
    """Why the server cannot make this kernel by forking (None: it can)."""
    cmd = request["cmd"]
    if cmd[:3] != [sys.executable, *LAUNCHER]:
        return f"not this interpreter ({sys.executable}) with ipykernel_launcher: {' '.join(cmd[:4])}"
    differs = sorted(
        k for k in set(at_start) | set(_at_start(request["env"])) if at_start.get(k) != request["env"].get(k)
    )
    return f"read at start-up: {', '.join(differs)}" if differs else None


def _kernel(request: dict[str, Any], fds: list[int], mask: set[signal.Signals]) -> None:
    """In the forked child: become the kernel ``python -m ipykernel_launcher -f <file>`` would start (``mask``:
    the signals blocked before the server held SIGTERM for the fork)."""
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a kernel is terminated as a launched one is
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(fds[0], 1)
        os.dup2(fds[1], 2)
        for fd in (devnull, fds[0], fds[1]):
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        import time

        time.tzset()
        import ipykernel_launcher
        from ipykernel import kernelapp

        sys.argv = [ipykernel_launcher.__file__, *request["cmd"][3:]]
        _end_with(request["watch"])
        # the parent a launched kernel would have (set from the environment when ipykernel is imported)
        parent = f"--IPKernelApp.parent_handle={int(os.environ.get('JPY_PARENT_PID') or 0)}"
        kernelapp.launch_new_instance(argv=[*sys.argv[1:], parent])
        code = 0
    except BaseException:  # noqa: BLE001 (the child must never return into the server's loop)
        import traceback

        traceback.print_exc()
    finally:
        # Its loop has ended: the kernel has answered the shutdown request and sent every output. It leaves at
        # once, without the exit handlers: they close sockets and join threads that the exit closes and ends
        # anyway, and now and then one of them blocks until jupyter_client, after waiting 2.5 s, sends SIGTERM.
        # (What a kernel writes to files it closes itself; the kernel manager removes the connection file.)
        with contextlib.suppress(Exception):  # never back into the server's loop, whatever happens here
            sys.stdout.flush()
            sys.stderr.flush()
            os.write(fds[2], repr(sum(os.times()[:4])).encode())  # its CPU seconds, for the asker's clock
        os._exit(code)


def _end_with(pid: int) -> None:
    """End this kernel when process ``pid`` (the worker that asked for it) ends, as a launched kernel ends with
    its parent."""
    import threading

    fd = os.pidfd_open(pid)

    def watch() -> None:
        select.select([fd], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def launched(pid: int) -> None:
    """Record, in the server's folder, a kernel of this build that was launched instead of forked (the server
    not ready, or refusing): the server's end ends it too. Nothing if there is no server, or it has gone."""
    path = os.environ.get(ENV)
    if path and path != "off":
        with contextlib.suppress(OSError):
            record = os.path.join(os.path.dirname(path), f"{LAUNCHED}{pid}-{_started(pid)}")
            os.close(os.open(record, os.O_CREAT | os.O_WRONLY, 0o600))


def _started(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot): with its pid, it names one process only."""
    with open(f"/proc/{pid}/stat", "rb") as fh:  # bytes: a name cut to 15 bytes may end mid-character
        return fh.read().rsplit(b")", 1)[1].split()[19].decode()


def _launched_kernels(folder: str) -> list[int]:
    """A pidfd for each launched kernel recorded in ``folder`` that still runs (the same process: the pid's
    start time is the one recorded)."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(LAUNCHED)]
    except OSError:
        return []
    kernels = []
    for name in names:
        pid, _, started = name[len(LAUNCHED) :].partition("-")
        try:
            fd = os.pidfd_open(int(pid))
        except (OSError, ValueError):
            continue  # ended already
        try:
            ours = _started(int(pid)) == started  # read after the pidfd was opened: no other process's
        except OSError:
            ours = False
        if ours:
            kernels.append(fd)
        else:
            os.close(fd)
    return kernels


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    head, fds, _, _ = socket.recv_fds(conn, HEADER.size, 3)
    try:
        (size,) = HEADER.unpack(head)
        body = b""
        while len(body) < size:
            chunk = conn.recv(size - len(body))
            if not chunk:
                raise ConnectionError("request cut short")
            body += chunk
        return json.loads(body), list(fds)
    except (OSError, ValueError, struct.error):
        for fd in fds:
            os.close(fd)
        raise


# ------------------------------------------------------------------------------------------- the client


def fork_kernel(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[int, int] | None:
    """A kernel forked by the build's server: its pid, and a pipe on which it writes its CPU seconds when it
    ends (:data:`ENDED_CPU`). None: no server, not ready, or it refused."""
    path = os.environ.get(ENV)
    if not path or path == "off" or not os.path.exists(path):
        return None
    request = json.dumps({"cmd": cmd, "env": env, "cwd": cwd, "watch": os.getpid()}).encode()
    report, write_end = os.pipe()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(path)
            socket.send_fds(conn, [HEADER.pack(len(request))], [sys.stdout.fileno(), sys.stderr.fileno(), write_end])
            conn.sendall(request)
            reply = json.loads(conn.makefile("rb").read())
    except (OSError, ValueError):
        os.close(report)
        return None
    finally:
        os.close(write_end)
    if reply.get("refused"):
        print(f"kernel launched, not forked: {reply['refused']}", file=sys.stderr, flush=True)  # the step's log
        os.close(report)
        return None
    print(f"kernel forked from the build's server: pid {reply['pid']}", file=sys.stderr, flush=True)
    return int(reply["pid"]), report


#: CPU seconds of the forked kernels this process asked for that have ended (they are not its children, so
#: the operating system does not count them for it; :mod:`analysis.build.clock` adds them)
ENDED_CPU = [0.0]


def kernel_ended(report: int) -> None:
    """Read what an ended kernel wrote on its pipe (nothing if it was killed) into :data:`ENDED_CPU`."""
    with contextlib.suppress(OSError, ValueError):
        ENDED_CPU[0] += float(os.read(report, 64) or 0.0)
    os.close(report)
