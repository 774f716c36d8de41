"""The translator table: how a module of each format becomes a module the engine can link.

Like Node's `translators` (lib/internal/modules/esm/translators.js), keyed by the format a load
step returns (link/loader_hooks.py's `LoadResult.format`). A new module format is one method
here and one entry in the table.
"""

from __future__ import annotations

from functools import partial

from esmload.fetch.fetcher import CacheState, FetchedModule

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable

    from esmload.analyze.record import ModuleRecord
    from esmload.cache.record import Record
    from esmload.engine.core import Engine, JSRef
    from esmload.fetch.fetcher import ModuleFetcher
    from esmload.link.commonjs import CommonJS
    from esmload.link.loader import CompiledRequests
    from esmload.link.loader_hooks import LoadResult

    Translator = Callable[[str, LoadResult], FetchedModule]


class Translators:
    def __init__(
        self,
        engine: Engine,
        fetcher: ModuleFetcher,
        pending: dict[str, ModuleRecord | CompiledRequests],
        builtins: Callable[[str], JSRef] | None = None,
        commonjs: Callable[[], CommonJS] | None = None,
    ) -> None:
        """`pending` is where a cached module's metadata is published while the engine reads
        its bytecode (QuickJS resolves the module's imports meanwhile, and bytecode keeps no
        import attributes); `builtins(name)` gives built-in module `name`'s exports."""
        self.engine = engine
        self.fetcher = fetcher
        self._pending = pending
        self._builtins = builtins
        self._commonjs = commonjs
        self.table: dict[str, Translator] = {
            "module": self.module,
            "commonjs": self.commonjs,
            "json": self.json,
            "text": self.text,
            "bytes": self.bytes,
            "host": self.host,
            "builtin": self.builtin,
        }

    def translate(self, path: str, result: LoadResult) -> FetchedModule:
        translator = self.table.get(result.format)
        if translator is None:
            raise ValueError(
                f"a loader hook returned an unknown format {result.format!r} for {path}"
            )
        return translator(path, result)

    def module(self, path: str, result: LoadResult) -> FetchedModule:
        """An ES module: through the code cache."""
        return self._module(path, _source_bytes(result))

    def _module(
        self,
        path: str,
        source: bytes | None,
        found: tuple[Record, ModuleRecord] | None = None,
    ) -> FetchedModule:
        try:
            return self.fetcher.fetch(
                path, source, partial(self._pending.__setitem__, path), found
            )
        finally:
            self._pending.pop(path, None)

    def commonjs(self, path: str, result: LoadResult) -> FetchedModule:
        """A CommonJS module: a facade over its `module.exports` (link/commonjs.py), or, for
        a `.js` file without a package `type` that turns out to be one, an ES module."""
        if self._commonjs is None:
            raise ValueError(f"{path}: this loader cannot run CommonJS modules")
        from esmload.fetch.commonjs import ModuleInstead

        commonjs = self._commonjs()
        source = _source_bytes(result)
        assert source is not None
        detect = commonjs.loader.resolver.module_format(path) == "detect"
        fetched = commonjs.translate(path, source, detect)
        if isinstance(fetched, ModuleInstead):
            module = self._module(path, source, fetched.found)
            module.format = "module"
            return module
        return fetched

    def json(self, path: str, result: LoadResult) -> FetchedModule:
        """A JSON module: its value as the default export of a synthetic module."""
        data = _source_bytes(result)
        assert data is not None
        return FetchedModule(self.engine.json_module(path, data, path), None, CacheState.NOT_CACHED)

    def text(self, path: str, result: LoadResult) -> FetchedModule:
        """A text module (`with { type: 'text' }`): the file's text as the default export.
        Bytes are decoded the way HTML decodes every module and Fetch's `.text()` does (the
        WHATWG "UTF-8 decode": a leading BOM dropped, invalid sequences become U+FFFD); a
        string from a loader hook is taken as it is."""
        source = result.source
        assert source is not None
        text = source if isinstance(source, str) else source.decode("utf-8-sig", "replace")
        return FetchedModule(
            self.engine.host_module(path, {"default": text}), None, CacheState.NOT_CACHED
        )

    def bytes(self, path: str, result: LoadResult) -> FetchedModule:
        """A bytes module (`with { type: 'bytes' }`): a Uint8Array over an immutable
        ArrayBuffer holding the file's bytes, as the default export."""
        data = _source_bytes(result)
        assert data is not None
        return FetchedModule(self.engine.bytes_module(path, data), None, CacheState.NOT_CACHED)

    def host(self, path: str, result: LoadResult) -> FetchedModule:
        """A module made from Python values (`Runtime.register_module`, loader hooks)."""
        handle = self.engine.host_module(path, result.exports or {})
        return FetchedModule(handle, None, CacheState.NOT_CACHED)


    def builtin(self, path: str, result: LoadResult) -> FetchedModule:
        """A built-in module (`node:events`): like Node's facade, `module.exports` as the
        default export and its own enumerable properties, read once, as named exports. Its
        code comes from the code cache (host/builtin_modules.py)."""
        if self._builtins is None:
            raise ValueError(f"{path}: this loader has no built-in modules")
        exports = self._builtins(path.removeprefix("node:"))
        try:
            handle = self.engine.facade_module(path, exports)
        except BaseException:
            exports.release()
            raise
        return FetchedModule(handle, None, CacheState.NOT_CACHED)


def _source_bytes(result: LoadResult) -> bytes | None:
    source = result.source
    return source.encode("utf-8") if isinstance(source, str) else source
