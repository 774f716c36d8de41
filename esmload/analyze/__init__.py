"""Module analysis with esprima: the module record the cache stores beside the bytecode.

Only a cache miss runs the analyzer, so it (and `esprima`, and `re`) load on first use: a warm
run imports just the record classes.
"""

from __future__ import annotations

from esmload.analyze.record import ExportEntry, ImportEntry, ModuleRecord, RequestedModule

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.analyze.analyzer import AnalyzeError, analyze

__all__ = [
    "AnalyzeError",
    "ExportEntry",
    "ImportEntry",
    "ModuleRecord",
    "RequestedModule",
    "analyze",
]


def __getattr__(name: str) -> object:
    if name in ("analyze", "AnalyzeError"):
        from esmload.analyze import analyzer

        return getattr(analyzer, name)
    raise AttributeError(f"module 'esmload.analyze' has no attribute {name!r}")
