"""The module record: what a module requests, imports and exports (ECMA-262's Source Text
Module Record fields), plus what QuickJS bytecode does not keep (import attributes) and a few
facts the loader uses (top-level await, `import.meta`, static `import()` specifiers).

`to_cbor`/`from_cbor` use compact positional lists. A warm start reads one record per module,
so `from_payload` takes what the loader needs from the record header's hints and decodes the
CBOR only when someone asks for more (import attributes, `graph`, tools); every access checks
types, because the data comes from disk. Plain slotted classes, not dataclasses: they
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
    """A module's record. From the cache it starts as the CBOR bytes plus the header's hints
    and decodes (with type checks) only when a field beyond the hints is asked for."""

    __slots__ = (
        "_requested",
        "_imports",
        "_exports",
        "_star_exports",
        "_dynamic_imports",
        "has_top_level_await",
        "uses_import_meta",
        "_blob",
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
        self._star_exports: tuple[str, ...] | None = star_exports
        self._dynamic_imports: tuple[str, ...] | None = dynamic_imports
        self.has_top_level_await = has_top_level_await
        self.uses_import_meta = uses_import_meta
        self._blob: bytes | None = None
        self._raw: dict[str, Any] | None = None
        self._attributes: dict[str, dict[str, str]] | None = {
            r.specifier: r.attributes for r in reversed(requested) if r.attributes
        }

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

    # ------------------------------------------------------------------ lazy decoding

    def _data(self) -> dict[str, Any]:
        if self._raw is None:
            import cbor2

            try:
                obj = cbor2.loads(self._blob or b"")
            except Exception as exc:  # noqa: BLE001 - cbor2 raises several types
                raise ValueError(f"module record: not CBOR ({exc})") from None
            self._raw = _checked(obj)
        return self._raw

    @property
    def requested(self) -> tuple[RequestedModule, ...]:
        if self._requested is None:
            self._requested = tuple(
                RequestedModule(_str(s), _attributes(a), _int(line), _int(col))
                for s, a, line, col in _list(self._data()["r"])
            )
        return self._requested

    @property
    def imports(self) -> tuple[ImportEntry, ...]:
        if self._imports is None:
            self._imports = tuple(
                ImportEntry(_str(m), _opt_str(n), _str(local))
                for m, n, local in _list(self._data()["i"])
            )
        return self._imports

    @property
    def exports(self) -> tuple[ExportEntry, ...]:
        if self._exports is None:
            self._exports = tuple(
                ExportEntry(_opt_str(n), _opt_str(local), _opt_str(m), _opt_str(i))
                for n, local, m, i in _list(self._data()["e"])
            )
        return self._exports

    @property
    def star_exports(self) -> tuple[str, ...]:
        if self._star_exports is None:
            self._star_exports = tuple(_str(s) for s in _list(self._data()["s"]))
        return self._star_exports

    @property
    def dynamic_imports(self) -> tuple[str, ...]:
        if self._dynamic_imports is None:
            self._dynamic_imports = tuple(_str(s) for s in _list(self._data()["d"]))
        return self._dynamic_imports

    def attributes_for(self, specifier: str) -> dict[str, str]:
        """Attributes of the first static request of `specifier` ({} if none)."""
        if self._attributes is None:
            attributes: dict[str, dict[str, str]] = {}
            for request in reversed(_list(self._data()["r"])):
                if not isinstance(request, list) or len(request) != 4:
                    raise ValueError("module record: malformed request")
                if request[1]:
                    attributes[_str(request[0])] = _attributes(request[1])
            self._attributes = attributes
        return self._attributes.get(specifier, _EMPTY) if self._attributes else _EMPTY

    # ------------------------------------------------------------------ serialization

    def hints(self) -> int:
        """Bits for the record header (see esmload/fetch/record.py)."""
        return (
            (1 if self.uses_import_meta else 0)
            | (2 if any(r.attributes for r in self.requested) else 0)
            | (4 if self.has_top_level_await else 0)
        )

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
        record = cls._empty()
        record._raw = _checked(obj)
        record.has_top_level_await = record._raw["t"]
        record.uses_import_meta = record._raw["m"]
        record.attributes_for("")  # checks the requests now
        return record

    @classmethod
    def from_payload(cls, blob: bytes, hints: int) -> ModuleRecord:
        """From a cache record: CBOR bytes decoded on demand, the header's hints at once.
        Import attributes are decoded right away when there are any (the loader needs them),
        so a malformed record fails here, where the caller treats it as a miss."""
        record = cls._empty()
        record._blob = blob
        record.uses_import_meta = bool(hints & 1)
        record.has_top_level_await = bool(hints & 4)
        if hints & 2:
            record.attributes_for("")
        else:
            record._attributes = {}
        return record

    @classmethod
    def _empty(cls) -> ModuleRecord:
        record = cls.__new__(cls)
        record._requested = record._imports = record._exports = None
        record._star_exports = record._dynamic_imports = None
        record._blob = record._raw = record._attributes = None
        record.has_top_level_await = record.uses_import_meta = False
        return record


def _checked(obj: object) -> dict[str, Any]:
    """The top-level shape of a record's metadata; ValueError otherwise."""
    if not isinstance(obj, dict):
        raise ValueError("module record: not a map")
    for key in ("r", "i", "e", "s", "d"):
        if not isinstance(obj.get(key), list):
            raise ValueError(f"module record: {key!r} is not a list")
    for item in obj["s"] + obj["d"]:
        _str(item)
    if not isinstance(obj.get("t"), bool) or not isinstance(obj.get("m"), bool):
        raise ValueError("module record: malformed flags")
    return obj


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
