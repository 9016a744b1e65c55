"""The ``myst`` engine as papermill's entry point sees it (``papermill --engine myst ...``).

A top-level module, outside the ``analysis`` package, so the entry point resolves in every checkout that
imports this environment's packages, whatever ``analysis`` they put first on the path (``analysis diff``
builds older revisions that have no such module).

papermill loads its engine entry points while ``papermill.engines`` is being imported. The engine itself,
:class:`analysis.build.kernel.MystEngine`, subclasses papermill's engine and so imports ``papermill.engines``:
pointing the entry point at it would make the two imports wait on each other whenever the build imports the
kernel module first. This stand-in imports nothing at load and hands every call to the real engine, which
registers itself in its place as soon as it is imported.
"""

from __future__ import annotations

from typing import Any


class MystEngine:
    """Hands papermill's engine calls to :class:`analysis.build.kernel.MystEngine`."""

    @staticmethod
    def _engine() -> Any:
        from analysis.build.kernel import MystEngine as engine

        return engine

    @classmethod
    def execute_notebook(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._engine().execute_notebook(*args, **kwargs)

    @classmethod
    def nb_kernel_name(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._engine().nb_kernel_name(*args, **kwargs)

    @classmethod
    def nb_language(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._engine().nb_language(*args, **kwargs)
