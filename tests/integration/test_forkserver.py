"""Kernels forked from the build's server (analysis.build.forkserver): made as a launched kernel would be, refused
where a fork would differ, counted in the asker's clock, and ended with the process that asked for them. (That a
whole build's outputs are the same bytes with forked and launched kernels is tests/e2e/test_build.py's
byte-identical rebuild.)"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.build import forkserver

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="forking kernels needs Linux pidfds"),
]


@pytest.fixture(scope="module")
def server():
    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    started = forkserver.start(env)
    assert started is not None
    proc, path = started
    deadline = time.monotonic() + 60
    while not os.path.exists(path):  # ready once it has imported what the notebooks import
        assert proc.poll() is None, "the server ended while starting"
        assert time.monotonic() < deadline, "the server did not get ready in 60 s"
        time.sleep(0.1)
    yield env, path
    forkserver.stop(started)
    assert proc.poll() is not None and not os.path.exists(os.path.dirname(path))


def _run_kernel(code: str, cwd: Path, env: dict[str, str]) -> tuple[str, object]:
    """Start a kernel with the project's kernel manager, run ``code``, return its printed output and the
    provisioner's process object."""
    from analysis.build.kernel import ForkingKernelManager

    async def run() -> tuple[str, object]:
        km = ForkingKernelManager(kernel_name="python3")
        await km.start_kernel(cwd=str(cwd), env=env)
        process = km.provisioner.process
        kc = km.client()
        kc.start_channels()
        out: list[str] = []
        try:
            await kc.wait_for_ready(timeout=60)
            await kc.execute_interactive(
                code, timeout=60, output_hook=lambda m: out.append(m["content"].get("text", ""))
            )
        finally:
            kc.stop_channels()
            await km.shutdown_kernel()
        return "".join(out), process

    return asyncio.run(run())


def test_a_forked_kernel_runs_in_the_folder_and_environment_it_was_given(server, tmp_path, monkeypatch):
    env, path = server
    monkeypatch.setenv(forkserver.ENV, path)
    before = forkserver.ENDED_CPU[0]
    code = (
        "import os, sys; print(os.getcwd(), os.environ['ASKED'], 'pandas' in sys.modules, os.getppid() != os.getpid())"
    )
    out, process = _run_kernel(code, tmp_path, {**env, "ASKED": "yes"})
    from analysis.build.kernel import ForkedProcess

    assert isinstance(process, ForkedProcess)  # forked, not launched
    assert out.split() == [str(tmp_path), "yes", "True", "True"]  # pandas came with the fork
    assert process.poll() == 0  # ended with the shutdown
    assert forkserver.ENDED_CPU[0] - before > 0.05  # its CPU seconds reached this process's clock


def test_a_kernel_that_a_fork_would_make_differently_is_launched(server, tmp_path, monkeypatch, capfd):
    env, path = server
    monkeypatch.setenv(forkserver.ENV, path)
    seed = "1" if env.get("PYTHONHASHSEED") != "1" else "2"
    out, process = _run_kernel(
        "import sys; print(sys.flags.hash_randomization)", tmp_path, {**env, "PYTHONHASHSEED": seed}
    )
    assert type(process).__name__ == "Popen"  # launched as usual
    assert "kernel launched, not forked: read at start-up: PYTHONHASHSEED" in capfd.readouterr().err
    assert out.strip() == "1"  # the seed the kernel was asked for took effect


def test_without_a_server_the_kernel_is_launched(tmp_path, monkeypatch):
    monkeypatch.setenv(forkserver.ENV, str(tmp_path / "no-such-socket"))
    assert (
        forkserver.fork_kernel([sys.executable, "-m", "ipykernel_launcher", "-f", "x.json"], {}, str(tmp_path)) is None
    )


def test_a_forked_kernel_ends_with_the_process_that_asked_for_it(server, tmp_path):
    env, path = server
    asker = (
        "import os, sys\n"
        "from jupyter_client.connect import write_connection_file\n"
        f"conn, _ = write_connection_file({str(tmp_path / 'k.json')!r})\n"
        "from analysis.build import forkserver\n"
        "forked = forkserver.fork_kernel([sys.executable, '-m', 'ipykernel_launcher', '-f', conn], dict(os.environ), os.getcwd())\n"
        "print(forked[0], flush=True)\n"
        "sys.stdin.read()\n"  # lives until told to end
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", asker],
        env={**env, forkserver.ENV: path},
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    pid = int(proc.stdout.readline())
    time.sleep(1.0)
    os.kill(pid, 0)  # the kernel is running while its asker runs
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return  # ended with its asker
        time.sleep(0.1)
    pytest.fail(f"kernel {pid} still runs 10 s after the process that asked for it was killed")


def test_a_server_whose_build_is_killed_leaves_no_folder(tmp_path):
    """A build killed at once (SIGKILL, as an interrupted CI job is) never calls ``stop``: the server, told by
    its parent-death signal, removes its socket's folder itself, even while it is still importing."""
    code = (
        "import os, sys, time\n"
        "from analysis.build import forkserver\n"
        "proc, path = forkserver.start(dict(os.environ))\n"
        "print(path, flush=True)\n"
        "deadline = time.monotonic() + 60\n"
        "while sys.argv[1] == 'ready' and not os.path.exists(path) and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)\n"
        "time.sleep(0.3)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    for wait in ("starting", "ready"):  # killed while the server imports, and once it is ready
        out = subprocess.run([sys.executable, "-c", code, wait], capture_output=True, text=True, check=False)
        folder = Path(out.stdout.strip()).parent
        assert folder.name.startswith("analysis-fork-"), out.stderr
        deadline = time.monotonic() + 10
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not folder.exists(), f"{folder} left behind by a server whose build was killed while {wait}"


def test_a_stopped_server_ends_its_kernels_before_it_removes_its_folder(tmp_path, monkeypatch):
    """A failing or killed build stops its server while a kernel may still be starting. A kernel that outlived the
    server would find its connection file gone and, as ipykernel does, make the folder again to write one (such
    folders were left in /tmp). Here the kernels' asker, this process, goes on running: only the server can end
    them, the one it forked and the one launched instead."""
    import select

    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    started = forkserver.start(env)
    assert started is not None
    proc, path = started
    folder = Path(path).parent
    try:
        deadline = time.monotonic() + 60
        while not os.path.exists(path):
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not get ready"
            time.sleep(0.1)
        monkeypatch.setenv(forkserver.ENV, path)
        cmd = [sys.executable, *forkserver.LAUNCHER, "-f", str(folder / "kernel-test.json")]
        forked = forkserver.fork_kernel(cmd, env, str(tmp_path))
        assert forked is not None
        pid, report = forked
        kernel = os.pidfd_open(pid)
        # and one launched instead (a stand-in naming its connection file in the folder), as its worker records it
        stand_in = [sys.executable, "-c", "import time; time.sleep(60)", "-f", str(folder / "k.json")]
        launched = subprocess.Popen(stand_in)
        forkserver.launched(launched.pid)
        try:
            proc.terminate()  # what stop() and the build's death signal send; the server itself does the rest
            proc.wait(timeout=10)
            assert select.select([kernel], [], [], 10)[0], f"kernel {pid} still runs 10 s after its server stopped"
            assert launched.wait(timeout=10) == -9
        finally:
            os.close(kernel)
            os.close(report)
            launched.kill()
            launched.wait()
        assert not folder.exists()
    finally:
        forkserver.stop(started)  # nothing if it has ended as it should


def test_stopping_the_server_ends_the_kernels_launched_instead_and_only_those(tmp_path, monkeypatch):
    """A kernel launched, not forked (the server not ready yet), is recorded by its worker; ``stop`` ends it with
    the forked ones (here the server has gone already), and leaves alone a recorded pid that has since been given
    to another process (its start time is not the one recorded)."""
    folder = tmp_path / "analysis-fork-test"
    folder.mkdir()
    monkeypatch.setenv(forkserver.ENV, str(folder / "socket"))  # no socket yet: not ready
    assert forkserver.fork_kernel([sys.executable, *forkserver.LAUNCHER], dict(os.environ), str(tmp_path)) is None
    sleep = "import time; time.sleep(60)"
    kernel = subprocess.Popen([sys.executable, "-c", sleep, "-f", str(folder / "kernel-1.json")])
    other = subprocess.Popen([sys.executable, "-c", sleep, "-f", str(tmp_path / "kernel-2.json")])
    try:
        forkserver.launched(kernel.pid)
        (folder / f"{forkserver.LAUNCHED}{other.pid}-1").touch()  # its pid, another process's start time
        forkserver.stop((subprocess.Popen(["sleep", "30"]), str(folder / "socket")))
        assert kernel.wait(timeout=10) == -9 and other.poll() is None
        assert not folder.exists()
    finally:
        for proc in (kernel, other):
            proc.kill()
            proc.wait()


def test_a_process_is_known_by_its_start_time_whatever_its_name():
    """``_started`` reads field 22 of /proc/<pid>/stat, the start time, past a name with spaces and parentheses
    cut mid-character (the kernel keeps 15 bytes of it): here a process started between two readings of the
    clock since boot."""
    tick = os.sysconf("SC_CLK_TCK")

    def uptime() -> float:
        return float(Path("/proc/uptime").read_text().split()[0])

    rename = "open('/proc/self/comm', 'wb').write('a) b (c) d日本'.encode()); print('renamed', flush=True); input()"
    before = uptime()
    child = subprocess.Popen([sys.executable, "-c", rename], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"renamed\n"
        after = uptime()
        assert Path(f"/proc/{child.pid}/comm").read_bytes().startswith(b"a) b (c) d\xe6\x97\xa5\xe6")
        started = int(forkserver._started(child.pid)) / tick
        assert before - 1 / tick <= started <= after + 1 / tick, (before, started, after)
    finally:
        child.kill()
        child.wait()


def test_a_new_kernel_is_ready_only_when_its_output_reaches_the_client(server, tmp_path, monkeypatch):
    """PromptKernelClient ends its wait for a new kernel at the kernel's ``idle`` on IOPub after a request it
    answered (not after 0.2 s of IOPub silence): a first cell's output, printed at once, is never lost to an IOPub
    connection not yet made. Forked and launched kernels, several times each; the manager also waits for a kernel's
    end on its pidfd, and the ended kernel's process is done with."""
    from analysis.build.kernel import PromptKernelClient

    env, path = server
    for forking in (path, "off"):
        monkeypatch.setenv(forkserver.ENV, forking)
        for i in range(4):
            out, process = _run_kernel(f"print('first output {i}')", tmp_path, env)
            assert out == f"first output {i}\n"
            assert process.poll() is not None
    from analysis.build.kernel import ForkingKernelManager

    assert ForkingKernelManager(kernel_name="python3").client_factory is PromptKernelClient


def test_an_asker_that_ends_mid_request_leaves_the_server_serving(server, tmp_path, monkeypatch):
    """A worker stopped while it asks for a kernel (a build stopping at a bad raw row stops its workers) leaves a
    request cut short: the server drops it, with no traceback on the build's error output, and serves the next."""
    import socket

    env, path = server
    for cut in (b"", forkserver.HEADER.pack(1000) + b'{"cmd": ', b"\x00\x01"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(path)
            conn.sendall(cut)
    monkeypatch.setenv(forkserver.ENV, path)
    out, process = _run_kernel("print('still served')", tmp_path, env)
    from analysis.build.kernel import ForkedProcess

    assert isinstance(process, ForkedProcess) and out == "still served\n"
