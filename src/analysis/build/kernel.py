"""Execute a notebook with papermill and evaluate the MyST inline expressions of its Markdown cells.

A Markdown cell says ``The ratio was {eval}`F.ratio`.``; JupyterLab with jupyterlab-myst evaluates such
expressions live. The build does the same, in the notebook's own kernel, at the cell's place in the
notebook (after the code cells above it): one execute request with empty code and the cell's expressions
in its ``user_expressions`` field (the Jupyter messaging protocol), the kernel's answers stored in the
cell's ``metadata.user_expressions`` exactly as jupyterlab-myst stores them::

    [{"expression": "F.ratio", "result": {"status": "ok", "data": {...}, "metadata": {...}}}, ...]

An expression that fails stops the run with :class:`ExpressionError`, one line naming the cell and the
expression. The engine is registered with papermill as ``myst`` (``papermill --engine myst ...``).

Alternative paragraphs: a Markdown cell whose metadata has ``"show_if": "<expression>"`` (for example
``"not F.primary_available"``) is shown only when that expression is ``True`` in the kernel at the cell's
place. The build evaluates it first and stores the answer as ``metadata.shown``; a cell not shown has its
own expressions left unevaluated, and the renderer (:mod:`analysis.build.myst`) leaves it out. So a
section says "no estimate can be made for 2016" in one whole sentence of its own instead of printing
"not available" inside arithmetic. In JupyterLab both alternatives stay visible, each with its condition.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import select
import signal
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from nbclient.util import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args
from traitlets import DottedObjectName, Type, default

from analysis.build import forkserver

# {eval}`expr` (MyST role syntax); the expression itself holds no backtick
EVAL = re.compile(r"\{eval\}`([^`]+)`")
# a placeholder without an expression: {eval}`` or {eval}`  `, or {eval} with no backticks after it
MALFORMED = re.compile(r"\{eval\}(?!`[^`]*\S[^`]*`)")


def expressions(source: str) -> list[str]:
    """The inline expressions of a Markdown cell, in order (repeats kept: each is one placeholder)."""
    return EVAL.findall(source)


def malformed(source: str) -> str | None:
    """The first ``{eval}`` placeholder of a cell that holds no expression (quoted with what follows), or None."""
    found = MALFORMED.search(source)
    return None if found is None else source[found.start() : found.start() + 24].split("\n")[0]


class ExpressionError(Exception):
    """An inline expression failed in the kernel."""

    def __init__(self, cell: Any, expression: str, ename: str, evalue: str, message: str | None = None):
        self.cell_id, self.expression = cell.get("id", "?"), expression
        super().__init__(
            f"Markdown cell {self.cell_id}: " + (message or f"{{eval}}`{expression}` failed: {ename}: {evalue}")
        )


class MystNotebookClient(PapermillNotebookClient):
    """Papermill's client, which also evaluates the inline expressions of Markdown cells."""

    async def async_execute_cell(
        self, cell: Any, cell_index: int, execution_count: int | None = None, store_history: bool = True
    ) -> Any:
        if cell.cell_type == "markdown":
            await self._evaluate_expressions(cell, cell_index)
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    # nbclient binds the synchronous wrapper at class level; rebind it to the override
    execute_cell = run_sync(async_execute_cell)

    async def _ask(self, cell: Any, found: list[str]) -> dict[str, Any]:
        """The kernel's answers to ``found``, keyed '0', '1', ... (the messaging protocol's user_expressions)."""
        assert self.kc is not None
        msg_id = self.kc.execute(
            "",
            silent=True,
            store_history=False,
            allow_stdin=False,
            user_expressions={str(i): expr for i, expr in enumerate(found)},
        )
        reply = await self.async_wait_for_reply(msg_id, cell)
        return (reply or {}).get("content", {}).get("user_expressions", {})

    async def _shown(self, cell: Any, cell_index: int) -> bool:
        """Whether the cell's ``show_if`` condition holds (True without one); stored as ``metadata.shown``."""
        cell.metadata.pop("shown", None)
        condition = cell.metadata.get("show_if")
        if condition is None:
            return True
        result = (await self._ask(cell, [f"bool({condition})"])).get("0", {})
        if result.get("status") != "ok":
            raise ExpressionError(cell, f"show_if: {condition}", result.get("ename", "Error"), result.get("evalue", ""))
        shown = result.get("data", {}).get("text/plain") == "True"
        cell.metadata["shown"] = shown
        return shown

    async def _evaluate_expressions(self, cell: Any, cell_index: int) -> None:
        bad = malformed(cell.source)
        if bad is not None:
            raise ExpressionError(
                cell, "", "", "", f"an {{eval}} placeholder without an expression ('{bad}'); write {{eval}}`expr`"
            )
        found = expressions(cell.source)
        cell.metadata.pop("user_expressions", None)
        if not await self._shown(cell, cell_index) or not found:
            return
        results = await self._ask(cell, found)
        stored = []
        for i, expr in enumerate(found):
            result = results.get(str(i), {"status": "error", "ename": "NoReply", "evalue": "the kernel did not answer"})
            stored.append({"expression": expr, "result": result})
            if result.get("status") != "ok":
                cell.metadata["user_expressions"] = stored  # the executed copy, kept, shows where it stopped
                raise ExpressionError(cell, expr, result.get("ename", "Error"), result.get("evalue", ""))
        cell.metadata["user_expressions"] = stored


class ForkedProcess:
    """What jupyter_client asks of a kernel's ``Popen``, for a kernel that is the server's child, not ours:
    whether it has ended (a pidfd), its signals. Its exit status goes to the server; an ended kernel reads 0."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, report: int):
        self.pid, self._report = pid, report
        self.returncode: int | None = None
        self._fd = os.pidfd_open(pid)

    def pidfd(self) -> int | None:
        """The kernel's pidfd, readable once it has ended (None once :meth:`poll` has seen it end)."""
        return self._fd if self.returncode is None else None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            self.returncode = 0
            os.close(self._fd)
            forkserver.kernel_ended(self._report)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self.returncode is None:
            select.select([self._fd], [], [], timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._fd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, which asks the build's server to fork the kernel first."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        cwd = str(kwargs.get("cwd") or Path.cwd())
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        forked = forkserver.fork_kernel(cmd, env, cwd)
        if forked is None:
            info = await super().launch_kernel(cmd, **kwargs)
            forkserver.launched(self.process.pid)  # the server's stop ends it too
            return info
        pid = forked[0]
        self.process = ForkedProcess(*forked)  # type: ignore[assignment]
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the new kernel has answered: its wait for a kernel ends when
    IOPub brings the kernel's ``idle`` after a ``kernel_info`` request it has answered, instead of when IOPub has
    been silent for 0.2 s (a fixed 0.2 s of every kernel's start, twelve in a build). Either way IOPub is known
    to be connected and nothing of the start is left unread that the first cell could take for its own (nbclient
    reads only messages whose parent is the request it sent, in any case)."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            answered = reply is not None and reply["msg_type"] == "kernel_info_reply"
            if answered and await self._idle_after(reply["parent_header"].get("msg_id"), within=0.05):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_after(self, request: str | None, within: float) -> bool:
        """Whether IOPub brings the kernel's ``idle`` status after ``request`` within ``within`` seconds (not, if
        IOPub was not yet connected when it was sent: the caller asks again)."""
        end = time.monotonic() + within
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            state = msg["content"].get("execution_state") if msg["msg_type"] == "status" else None
            if state == "idle" and msg["parent_header"].get("msg_id") == request:
                return True
        return False

    wait_for_ready = _async_wait_for_ready  # jupyter_client binds the name to its own method at class level


class ForkingKernelManager(AsyncKernelManager):
    """The kernel manager papermill is given: its kernels come from :class:`ForkProvisioner`; its clients are
    :class:`PromptKernelClient`."""

    client_class = DottedObjectName("analysis.build.kernel.PromptKernelClient")
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Until the kernel has ended, woken by the kernel's pidfd when it ends rather than by polling it every
        ``pollinterval`` (up to 0.1 s of each kernel's shutdown). A launched kernel not yet reaped keeps its pid,
        a forked one is watched through the pidfd opened when it was forked: never another process's."""
        process = getattr(self.provisioner, "process", None)
        fd = None
        if isinstance(process, ForkedProcess):
            fd = process.pidfd()
        elif process is not None and getattr(process, "returncode", 0) is None and hasattr(os, "pidfd_open"):
            with contextlib.suppress(OSError):
                fd = os.pidfd_open(process.pid)
        if fd is not None:
            loop = asyncio.get_running_loop()
            ended = loop.create_future()
            loop.add_reader(fd, lambda: ended.done() or ended.set_result(None))
            try:
                await ended
            finally:
                loop.remove_reader(fd)
                if not isinstance(process, ForkedProcess):
                    os.close(fd)
        await super()._async_wait(pollinterval)  # the kernel has ended: at once, with the provisioner's bookkeeping

    @default("connection_file")
    def _connection_file_in_the_builds_folder(self) -> str:
        """In a build, beside the server's socket: that folder goes when the build ends, however it ends. (By
        default jupyter_client writes the file to /tmp and removes it at shutdown, which a worker killed when
        another step fails never reaches.) Elsewhere jupyter_client's default."""
        server = os.environ.get(forkserver.ENV, "off")
        return "" if server == "off" else os.path.join(os.path.dirname(server), f"kernel-{uuid.uuid4()}.json")

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


class MystEngine(NBClientEngine):
    """papermill's nbclient engine with :class:`MystNotebookClient`."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        # as papermill's own nbclient engine: ``input_path`` is not the client's, the timeouts are named otherwise
        safe_kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=nb_man.log if hasattr(nb_man, "log") else None,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            kernel_manager_class=ForkingKernelManager,  # forked from the build's server when there is one
        )
        if final_kwargs.get("log") is None:
            from papermill.log import logger

            final_kwargs["log"] = logger
        # papermill writes the whole output notebook before and after every cell (nbformat validates and
        # serialises it each time: for the suicide section, with its figures and tables, about 140 writes of up to
        # 2.7 MB). The build reads the executed notebook only once it has ended, so it is written once, when papermill
        # ends the run (``notebook_complete``), failed or not: the same bytes as its last per-cell write.
        save, nb_man.save = nb_man.save, lambda **_: None
        try:
            return MystNotebookClient(nb_man, **final_kwargs).execute()
        finally:
            nb_man.save = save


papermill_engines.register("myst", MystEngine)
