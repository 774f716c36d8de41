"""Module analysis: the metadata the cache stores beside the bytecode. ES modules are analyzed
with esprima (analyzer.py → record.py's module record); CommonJS modules are scanned for their
exports and requires the way Node's cjs-module-lexer does (cjs_lexer.py → cjs_record.py).

Only a cache miss runs an analyzer, so they (and `esprima`, and `re`) load on first use, and
so do the record classes: a cold run's records are built without them (fast.py).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.analyze.analyzer import AnalyzeError, analyze
    from esmload.analyze.record import ExportEntry, ImportEntry, ModuleRecord, RequestedModule

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
    if name in ("ExportEntry", "ImportEntry", "ModuleRecord", "RequestedModule"):
        from esmload.analyze import record

        return getattr(record, name)
    raise AttributeError(f"module 'esmload.analyze' has no attribute {name!r}")
