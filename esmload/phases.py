"""Where a run's time goes, by pipeline phase (`ESMLOAD_PROFILE=1`, printed to stderr at exit).

Phases nest (QuickJS resolves a module's imports while reading or compiling it), so time is
exclusive: entering a phase pauses the enclosing one. Disabled, `enter`/`leave` are not called:
callers check `PHASES.enabled` first, which keeps the warm path free of timing work.
"""

from __future__ import annotations

import os
from time import perf_counter

#: Set when `esmload` was imported: the start of "imports" (interpreter start-up is measured
#: by the benchmark as `python -c pass`).
IMPORTED_AT = perf_counter()

ORDER = (
    "imports",
    "setup",
    "resolve",
    "read+hash",
    "validate",
    "deserialize",
    "analyze",
    "compile",
    "evaluate",
    "other",
)


class Phases:
    def __init__(self) -> None:
        self.enabled = os.environ.get("ESMLOAD_PROFILE", "") not in ("", "0")
        self.totals: dict[str, float] = dict.fromkeys(ORDER, 0.0)
        self._stack: list[tuple[str, float]] = []

    def enter(self, name: str) -> None:
        now = perf_counter()
        if self._stack:
            parent, since = self._stack[-1]
            self.totals[parent] += now - since
        self._stack.append((name, now))

    def leave(self) -> None:
        now = perf_counter()
        name, since = self._stack.pop()
        self.totals[name] += now - since
        if self._stack:
            parent, _ = self._stack[-1]
            self._stack[-1] = (parent, now)

    def add(self, name: str, seconds: float) -> None:
        self.totals[name] += seconds

    def report(self, total: float) -> str:
        measured = sum(v for k, v in self.totals.items() if k != "other")
        self.totals["other"] = max(total - measured, 0.0)
        cells = " ".join(f"{name}={self.totals[name] * 1000:.1f}" for name in ORDER)
        return f"esmload profile (ms): {cells} total={total * 1000:.1f}"


PHASES = Phases()
