"""The module record: what a module requests, imports and exports (ECMA-262's Source Text
Module Record fields), plus what QuickJS bytecode does not keep (import attributes) and a few
facts the loader uses (top-level await, `import.meta`, static `import()` specifiers).

`to_cbor`/`from_cbor` use compact positional lists. A warm start reads one record per module,
so `from_cbor` checks the shape of what the loader needs right away (import attributes, flags)
and builds the entry tuples only when someone asks for them (`graph`, tools); every access
checks types, because the data comes from disk. Plain slotted classes, not dataclasses: they
cost nothing to import or define at start-up.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

_EMPTY: dict[str, str] = {}


class _Value:
    """Equality and repr from __slots__ (what dataclasses would generate)."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._fields() == self._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, *[repr(v) for v in self._fields()]))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"


class RequestedModule(_Value):
    __slots__ = ("specifier", "attributes", "line", "column")

    def __init__(self, specifier: str, attributes: dict[str, str], line: int, column: int) -> None:
        self.specifier = specifier
        self.attributes = attributes
        self.line = line  # 1-based
        self.column = column  # 0-based


class ImportEntry(_Value):
    __slots__ = ("module", "import_name", "local_name")

    def __init__(self, module: str, import_name: str | None, local_name: str) -> None:
        self.module = module
        self.import_name = import_name  # None for `import * as ns`
        self.local_name = local_name


class ExportEntry(_Value):
    __slots__ = ("export_name", "local_name", "module", "import_name")

    def __init__(
        self,
        export_name: str | None,
        local_name: str | None = None,
        module: str | None = None,
        import_name: str | None = None,
    ) -> None:
        self.export_name = export_name
        self.local_name = local_name
        self.module = module
        self.import_name = import_name


class ModuleRecord(_Value):
    __slots__ = (
        "_requested",
        "_imports",
        "_exports",
        "star_exports",
        "dynamic_imports",
        "has_top_level_await",
        "uses_import_meta",
        "_raw",
        "_attributes",
    )

    def __init__(
        self,
        requested: tuple[RequestedModule, ...],
        imports: tuple[ImportEntry, ...],
        exports: tuple[ExportEntry, ...],
        star_exports: tuple[str, ...],
        dynamic_imports: tuple[str, ...],
        has_top_level_await: bool,
        uses_import_meta: bool,
    ) -> None:
        self._requested: tuple[RequestedModule, ...] | None = requested
        self._imports: tuple[ImportEntry, ...] | None = imports
        self._exports: tuple[ExportEntry, ...] | None = exports
        self.star_exports = star_exports
        self.dynamic_imports = dynamic_imports
        self.has_top_level_await = has_top_level_await
        self.uses_import_meta = uses_import_meta
        self._raw: dict[str, Any] | None = None
        self._attributes = {r.specifier: r.attributes for r in reversed(requested) if r.attributes}

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.requested,
            self.imports,
            self.exports,
            self.star_exports,
            self.dynamic_imports,
            self.has_top_level_await,
            self.uses_import_meta,
        )

    def __repr__(self) -> str:
        return (
            f"ModuleRecord(requested={self.requested!r}, imports={self.imports!r}, "
            f"exports={self.exports!r}, star_exports={self.star_exports!r}, "
            f"dynamic_imports={self.dynamic_imports!r}, "
            f"has_top_level_await={self.has_top_level_await!r}, "
            f"uses_import_meta={self.uses_import_meta!r})"
        )

    @property
    def requested(self) -> tuple[RequestedModule, ...]:
        if self._requested is None:
            assert self._raw is not None
            self._requested = tuple(
                RequestedModule(_str(s), _attributes(a), _int(line), _int(col))
                for s, a, line, col in _list(self._raw["r"])
            )
        return self._requested

    @property
    def imports(self) -> tuple[ImportEntry, ...]:
        if self._imports is None:
            assert self._raw is not None
            self._imports = tuple(
                ImportEntry(_str(m), _opt_str(n), _str(local))
                for m, n, local in _list(self._raw["i"])
            )
        return self._imports

    @property
    def exports(self) -> tuple[ExportEntry, ...]:
        if self._exports is None:
            assert self._raw is not None
            self._exports = tuple(
                ExportEntry(_opt_str(n), _opt_str(local), _opt_str(m), _opt_str(i))
                for n, local, m, i in _list(self._raw["e"])
            )
        return self._exports

    def attributes_for(self, specifier: str) -> dict[str, str]:
        """Attributes of the first static request of `specifier` ({} if none)."""
        return self._attributes.get(specifier, _EMPTY) if self._attributes else _EMPTY

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
            raw_requests = _list(obj["r"])
            for key in ("i", "e"):
                _list(obj[key])
            star = tuple(_str(s) for s in _list(obj["s"]))
            dynamic = tuple(_str(s) for s in _list(obj["d"]))
            tla, meta = obj["t"], obj["m"]
            attributes: dict[str, dict[str, str]] = {}
            for request in reversed(raw_requests):
                if not isinstance(request, list) or len(request) != 4:
                    raise ValueError("module record: malformed request")
                if request[1]:
                    attributes[_str(request[0])] = _attributes(request[1])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"module record: malformed ({exc})") from None
        if not isinstance(tla, bool) or not isinstance(meta, bool):
            raise ValueError("module record: malformed flags")
        record = cls.__new__(cls)
        record._requested = record._imports = record._exports = None
        record.star_exports = star
        record.dynamic_imports = dynamic
        record.has_top_level_await = tla
        record.uses_import_meta = meta
        record._raw = obj
        record._attributes = attributes
        return record


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("module record: expected a list")
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
