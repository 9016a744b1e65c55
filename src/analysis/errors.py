"""Errors the project raises on purpose. Each carries one clear, complete message for the reader.

The command line prints ``error: <message>`` and exits non-zero for any of these; anything else is a bug
and keeps its traceback.
"""


class AnalysisError(Exception):
    """Base class: an expected failure with a message that names what was wrong and what was expected."""


class ParameterError(AnalysisError):
    """A parameter is unknown, of the wrong type, out of range, or inconsistent with another."""


class RawDataError(AnalysisError):
    """A raw file is missing, changed since it was recorded, or breaks its schema."""


class DataError(AnalysisError):
    """A table breaks a cleaning rule or a processed-table schema (names file, row, column, rule)."""


class BuildError(AnalysisError):
    """A build step failed: a notebook raised, or a tool (TeX, pandoc) is missing or failed."""
