"""The module record: what a module requests, imports and exports (ECMA-262's Source Text
Module Record fields), plus what QuickJS bytecode does not keep (import attributes) and a few
facts the loader uses (top-level await, `import.meta`, string-literal `import()` specifiers).

`to_cbor`/`from_cbor` use compact positional lists. A warm start reads one record per module,
so `from_payload` takes what the loader needs from the record header's hints and decodes the
CBOR only when someone asks for more (import attributes, `graph`, tools); every access checks
types, because the data comes from disk. `from_cbor` checks everything at once.

Plain slotted classes, not dataclasses: importing `dataclasses` costs ~8 ms of start-up. They
behave like frozen dataclasses: field equality, hash, repr, and no assignment after creation.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

_KEYS = frozenset("riesdtm")
_set = object.__setattr__  # how the immutable classes below set their fields


class _Value:
    """Equality, hash and repr from __slots__ (what dataclasses would generate)."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._fields() == self._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        # repr, not the fields: RequestedModule holds a dict, which is unhashable
        return hash((type(self).__name__, *[repr(v) for v in self._fields()]))

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{name}={value!r}" for name, value in zip(self.__slots__, self._fields(), strict=True)
        )
        return f"{type(self).__name__}({inner})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


class RequestedModule(_Value):
    """One static `import`/`export ... from` request; line 1-based, column 0-based (UTF-16
    units, as JavaScript counts), both of the specifier string."""

    __slots__ = ("specifier", "attributes", "line", "column")
    specifier: str
    attributes: dict[str, str]
    line: int
    column: int

    def __init__(self, specifier: str, attributes: dict[str, str], line: int, column: int) -> None:
        _set(self, "specifier", specifier)
        _set(self, "attributes", attributes)
        _set(self, "line", line)
        _set(self, "column", column)


class ImportEntry(_Value):
    __slots__ = ("module", "import_name", "local_name")
    module: str
    import_name: str | None  # None for `import * as ns`
    local_name: str

    def __init__(self, module: str, import_name: str | None, local_name: str) -> None:
        _set(self, "module", module)
        _set(self, "import_name", import_name)
        _set(self, "local_name", local_name)


class ExportEntry(_Value):
    """Local (export_name + local_name), indirect (export_name + module + import_name) or
    `export * as ns from "m"` (export_name + module, import_name None)."""

    __slots__ = ("export_name", "local_name", "module", "import_name")
    export_name: str | None
    local_name: str | None
    module: str | None
    import_name: str | None

    def __init__(
        self,
        export_name: str | None,
        local_name: str | None = None,
        module: str | None = None,
        import_name: str | None = None,
    ) -> None:
        _set(self, "export_name", export_name)
        _set(self, "local_name", local_name)
        _set(self, "module", module)
        _set(self, "import_name", import_name)


class ModuleRecord(_Value):
    """A module's record. From the cache it starts as the CBOR bytes plus the header's hints
    and decodes (with type checks) only when a field beyond the hints is asked for."""

    __slots__ = (
        "_requested",
        "_imports",
        "_exports",
        "_star_exports",
        "_dynamic_imports",
        "_tla",
        "_meta",
        "_blob",
        "_raw",
        "_attributes",
    )
    _requested: tuple[RequestedModule, ...] | None
    _imports: tuple[ImportEntry, ...] | None
    _exports: tuple[ExportEntry, ...] | None
    _star_exports: tuple[str, ...] | None
    _dynamic_imports: tuple[str, ...] | None
    _tla: bool
    _meta: bool
    _blob: bytes | None
    _raw: dict[str, Any] | None
    _attributes: dict[str, dict[str, str]] | None

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
        _set(self, "_requested", requested)
        _set(self, "_imports", imports)
        _set(self, "_exports", exports)
        _set(self, "_star_exports", star_exports)
        _set(self, "_dynamic_imports", dynamic_imports)
        _set(self, "_tla", has_top_level_await)
        _set(self, "_meta", uses_import_meta)
        _set(self, "_blob", None)
        _set(self, "_raw", None)
        _set(self, "_attributes", _first_attributes((r.specifier, r.attributes) for r in requested))

    _FIELDS = (
        "requested",
        "imports",
        "exports",
        "star_exports",
        "dynamic_imports",
        "has_top_level_await",
        "uses_import_meta",
    )

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._FIELDS, self._fields(), strict=True)
        )
        return f"ModuleRecord({inner})"

    # ------------------------------------------------------------------ fields

    @property
    def has_top_level_await(self) -> bool:
        return self._tla

    @property
    def uses_import_meta(self) -> bool:
        return self._meta

    @property
    def requested(self) -> tuple[RequestedModule, ...]:
        if self._requested is None:
            rows = _rows(self._data()["r"], 4)
            _set(self, "_requested", tuple(_request(*row) for row in rows))
        return self._requested  # type: ignore[return-value]

    @property
    def imports(self) -> tuple[ImportEntry, ...]:
        if self._imports is None:
            rows = _rows(self._data()["i"], 3)
            imports = tuple(ImportEntry(_str(m), _opt_str(n), _str(lo)) for m, n, lo in rows)
            _set(self, "_imports", imports)
        return self._imports  # type: ignore[return-value]

    @property
    def exports(self) -> tuple[ExportEntry, ...]:
        if self._exports is None:
            rows = _rows(self._data()["e"], 4)
            exports = tuple(ExportEntry(*[_opt_str(value) for value in row]) for row in rows)
            _set(self, "_exports", exports)
        return self._exports  # type: ignore[return-value]

    @property
    def star_exports(self) -> tuple[str, ...]:
        if self._star_exports is None:
            _set(self, "_star_exports", tuple(_str(s) for s in _list(self._data()["s"])))
        return self._star_exports  # type: ignore[return-value]

    @property
    def dynamic_imports(self) -> tuple[str, ...]:
        if self._dynamic_imports is None:
            _set(self, "_dynamic_imports", tuple(_str(s) for s in _list(self._data()["d"])))
        return self._dynamic_imports  # type: ignore[return-value]

    def attributes_for(self, specifier: str) -> dict[str, str]:
        """Attributes of the first static request of `specifier` ({} if none).
        A copy: callers may keep or change it."""
        if self._attributes is None:
            # Straight from the rows: the loader needs only this, not the request objects.
            rows = _rows(self._data()["r"], 4)
            _set(self, "_attributes", _first_attributes((_str(r[0]), r[1]) for r in rows))
        found = self._attributes.get(specifier) if self._attributes else None  # type: ignore[union-attr]
        return dict(found) if found else {}

    def _data(self) -> dict[str, Any]:
        if self._raw is None:
            import cbor2  # only here: most warm starts never decode a record

            try:
                obj = cbor2.loads(self._blob or b"")
            except Exception as exc:  # noqa: BLE001 - cbor2 raises several types
                raise ValueError(f"module record: not CBOR ({exc})") from None
            _set(self, "_raw", _checked(obj))
        return self._raw  # type: ignore[return-value]

    # ------------------------------------------------------------------ serialization

    def hints(self) -> int:
        """Bits for the record header (see esmload/cache/record.py)."""
        return (
            (1 if self.uses_import_meta else 0)
            | (2 if any(r.attributes for r in self.requested) else 0)
            | (4 if self.has_top_level_await else 0)
        )

    def to_cbor(self) -> dict[str, Any]:
        return {
            "r": [[r.specifier, dict(r.attributes), r.line, r.column] for r in self.requested],
            "i": [[e.module, e.import_name, e.local_name] for e in self.imports],
            "e": [[e.export_name, e.local_name, e.module, e.import_name] for e in self.exports],
            "s": list(self.star_exports),
            "d": list(self.dynamic_imports),
            "t": self.has_top_level_await,
            "m": self.uses_import_meta,
        }

    @classmethod
    def from_cbor(cls, obj: object) -> ModuleRecord:
        """Rebuild from `to_cbor` output, checking all of it; ValueError on anything else."""
        record = cls._empty(_checked(obj))
        for name in cls._FIELDS:  # decoding every field is what checks it
            getattr(record, name)
        record.attributes_for("")
        _set(record, "_raw", None)  # decoded: do not keep the caller's object alive
        return record

    @classmethod
    def from_payload(cls, blob: bytes, hints: int) -> ModuleRecord:
        """From a cache record: CBOR bytes decoded on demand, the header's hints at once.
        Import attributes are decoded right away when there are any (the loader needs them),
        so a malformed record fails here, where the caller treats it as a miss."""
        record = cls._empty(None, tla=bool(hints & 4), meta=bool(hints & 1))
        _set(record, "_blob", blob)
        if hints & 2:
            record.attributes_for("")
        else:
            _set(record, "_attributes", {})
        return record

    @classmethod
    def _empty(
        cls, raw: dict[str, Any] | None, tla: bool = False, meta: bool = False
    ) -> ModuleRecord:
        record = cls.__new__(cls)
        for name in ("_requested", "_imports", "_exports", "_star_exports", "_dynamic_imports"):
            _set(record, name, None)
        _set(record, "_blob", None)
        _set(record, "_attributes", None)
        _set(record, "_raw", raw)
        _set(record, "_tla", raw["t"] if raw is not None else tla)
        _set(record, "_meta", raw["m"] if raw is not None else meta)
        return record


def _first_attributes(requests: Iterable[tuple[str, object]]) -> dict[str, dict[str, str]]:
    """specifier → attributes of its first request that has some (the loader tells several
    requests of one specifier apart by the record's `requested` list)."""
    first: dict[str, dict[str, str]] = {}
    for specifier, attributes in requests:
        if specifier not in first:
            found = dict(_attributes(attributes))  # not the caller's dict
            if found:
                first[specifier] = found
    return first


def _checked(obj: object) -> dict[str, Any]:
    """The top-level shape of a record's metadata; ValueError otherwise."""
    if not isinstance(obj, dict) or set(obj) != _KEYS:
        raise ValueError("module record: not a map of the record's keys")
    if not isinstance(obj["t"], bool) or not isinstance(obj["m"], bool):
        raise ValueError("module record: malformed flags")
    return obj


def _request(
    specifier: object, attributes: object, line: object, column: object
) -> RequestedModule:
    line, column = _int(line), _int(column)
    if line < 1 or column < 0:
        raise ValueError("module record: bad request position")
    return RequestedModule(_str(specifier), dict(_attributes(attributes)), line, column)


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("module record: expected a list")
    return value


def _rows(value: object, width: int) -> list[list[Any]]:
    """A list of lists of `width` items (positional entries)."""
    rows = _list(value)
    for row in rows:
        if not isinstance(row, list) or len(row) != width:
            raise ValueError(f"module record: expected rows of {width} items")
    return rows


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
