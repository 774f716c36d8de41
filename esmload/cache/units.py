"""What the code cache stores: the kinds of unit a record can hold, and the counters of a
run's cache use.
"""

from __future__ import annotations

from esmload.cache.record import FLAG_BUNDLE, FLAG_COMMONJS, FLAG_SCRIPT


class UnitKind:
    """What a record holds. Its flags and name suffix are part of the record's key, so two
    kinds never read each other's records."""

    __slots__ = ("name", "flags", "suffix", "compiled_with_options", "counted")

    def __init__(
        self, name: str, flags: int, suffix: str, *, compiled_with_options: bool, counted: bool
    ) -> None:
        self.name = name
        self.flags = flags
        self.suffix = suffix
        # whether CompileOptions (debug info, loader hooks) change the unit's bytecode
        self.compiled_with_options = compiled_with_options
        # whether --cache-stats counts its invalid and written records (program modules)
        self.counted = counted

    def __repr__(self) -> str:
        return f"<UnitKind {self.name}>"


#: An ES module: metadata (the analyzer's module record, CBOR) + module bytecode.
MODULE = UnitKind("module", 0, "", compiled_with_options=True, counted=True)
#: A CommonJS module: metadata (exports, re-exports and requires, analyze/cjs_record.py) + the
#: bytecode of a script whose value is the module's wrapper function.
#: The suffix's number changes with the wrapper (tests/test_commonjs.py checks it).
COMMONJS = UnitKind("commonjs", FLAG_COMMONJS, "cjs1", compiled_with_options=True, counted=True)
#: A global script (the host prelude): bytecode only.
SCRIPT = UnitKind("script", FLAG_SCRIPT, "script", compiled_with_options=False, counted=False)
#: A program's graph bundle (bundle.py), named by its entry module.
BUNDLE = UnitKind("bundle", FLAG_BUNDLE, "bundle3", compiled_with_options=True, counted=False)
#: Every kind by name (a record writer in another process names them).
UNIT_KINDS = {kind.name: kind for kind in (MODULE, COMMONJS, SCRIPT, BUNDLE)}


class CacheStats:
    """The counters `--cache-stats` prints."""

    __slots__ = ("hits", "misses", "written", "invalid", "uncacheable", "bundled", "prelinked")

    def __init__(self) -> None:
        self.hits = self.misses = self.written = self.invalid = self.uncacheable = 0
        self.bundled = 0  # hits served from the program's graph bundle
        self.prelinked = 0  # of those, read and linked without per-edge resolution

    def line(self) -> str:
        return (
            f"esmload cache: hits={self.hits} misses={self.misses} written={self.written} "
            f"invalid={self.invalid} uncacheable={self.uncacheable} bundled={self.bundled} "
            f"prelinked={self.prelinked}"
        )
