"""Module analysis with esprima: the module record the cache stores beside the bytecode.

Only a cache miss runs this, so `esprima` is imported inside `analyze()` and never at import
time: a warm run must not pay for the parser.
"""

from __future__ import annotations

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
