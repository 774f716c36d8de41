"""The module record: what a module requests, imports and exports (ECMA-262's Source Text
Module Record fields), plus what QuickJS bytecode does not keep (import attributes) and a few
facts the loader uses (top-level await, `import.meta`, static `import()` specifiers).

`to_cbor`/`from_cbor` use compact positional lists; `from_cbor` checks every type, because its
input comes from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_EMPTY: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class RequestedModule:
    specifier: str
    attributes: dict[str, str]
    line: int  # 1-based
    column: int  # 0-based


@dataclass(frozen=True, slots=True)
class ImportEntry:
    module: str
    import_name: str | None  # None for `import * as ns`
    local_name: str


@dataclass(frozen=True, slots=True)
class ExportEntry:
    export_name: str | None
    local_name: str | None = None
    module: str | None = None
    import_name: str | None = None


@dataclass(frozen=True, slots=True)
class ModuleRecord:
    requested: tuple[RequestedModule, ...]
    imports: tuple[ImportEntry, ...]
    exports: tuple[ExportEntry, ...]
    star_exports: tuple[str, ...]
    dynamic_imports: tuple[str, ...]
    has_top_level_await: bool
    uses_import_meta: bool

    def attributes_for(self, specifier: str) -> dict[str, str]:
        for request in self.requested:
            if request.specifier == specifier:
                return request.attributes
        return _EMPTY

    def to_cbor(self) -> dict[str, Any]:
        return {
            "r": [[r.specifier, r.attributes, r.line, r.column] for r in self.requested],
            "i": [[e.module, e.import_name, e.local_name] for e in self.imports],
            "e": [[e.export_name, e.local_name, e.module, e.import_name] for e in self.exports],
            "s": list(self.star_exports),
            "d": list(self.dynamic_imports),
            "t": self.has_top_level_await,
            "m": self.uses_import_meta,
        }

    @classmethod
    def from_cbor(cls, obj: object) -> ModuleRecord:
        """Rebuild from `to_cbor` output; ValueError on anything else."""
        if not isinstance(obj, dict):
            raise ValueError("module record: not a map")
        try:
            requested = tuple(
                RequestedModule(_str(s), _attributes(a), _int(line), _int(col))
                for s, a, line, col in _list(obj["r"])
            )
            imports = tuple(
                ImportEntry(_str(m), _opt_str(n), _str(local)) for m, n, local in _list(obj["i"])
            )
            exports = tuple(
                ExportEntry(_opt_str(n), _opt_str(local), _opt_str(m), _opt_str(i))
                for n, local, m, i in _list(obj["e"])
            )
            star = tuple(_str(s) for s in _list(obj["s"]))
            dynamic = tuple(_str(s) for s in _list(obj["d"]))
            tla, meta = obj["t"], obj["m"]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"module record: malformed ({exc})") from None
        if not isinstance(tla, bool) or not isinstance(meta, bool):
            raise ValueError("module record: malformed flags")
        return cls(requested, imports, exports, star, dynamic, tla, meta)


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("module record: expected a list")
    for item in value:
        if isinstance(item, list):
            continue
        if not isinstance(item, str):
            raise ValueError("module record: unexpected item")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("module record: expected a string")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("module record: expected an integer")
    return value


def _attributes(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("module record: bad import attributes")
    return value
