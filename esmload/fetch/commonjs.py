"""A CommonJS module's source → its wrapper function's bytecode and its metadata, cached.

The same path as an ES module's (fetcher.py): read source → the code cache's COMMONJS record
→ hit: bytecode + metadata; miss: compile the wrapper with QuickJS and scan the source for
its exports and requires (analyze/cjs_lexer.py), then write the record. A warm run neither
compiles nor scans.

The metadata is analyze/cjs_record.py's.
"""

from __future__ import annotations

from esmload.analyze.cjs_record import CommonJSMetadata, decode_metadata
from esmload.cache.record import source_hash
from esmload.cache.units import COMMONJS
from esmload.errors import JSError
from esmload.fetch.fetcher import CacheState
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.analyze.cjs_lexer import CjsAnalysis
    from esmload.analyze.record import ModuleRecord
    from esmload.cache.record import Record
    from esmload.engine.core import Engine
    from esmload.fetch.fetcher import ModuleFetcher

# On lines of their own, numbered -1 and 0 (FIRST_LINE; QuickJS reads 0 as "the default, 1"),
# so that the file's lines and columns in stack traces and syntax errors are the file's own.
WRAPPER = (
    b"(function __esmload_commonjs_module__(exports, require, module, __filename, __dirname)\n{\n"
)
WRAPPER_END = b"\n})"
FIRST_LINE = -1


class CommonJSUnit:
    """A CommonJS module ready to run: its wrapper function's bytecode (evaluate it with
    `Engine.eval_script_bytecode`), and its metadata (None when the scanner could not read
    the source: then nothing is exported by name, as in Node)."""

    __slots__ = ("path", "bytecode", "metadata", "state")

    def __init__(
        self,
        path: str,
        bytecode: bytes | memoryview,
        metadata: CommonJSMetadata | None,
        state: CacheState,
    ) -> None:
        self.path = path
        self.bytecode = bytecode
        self.metadata = metadata
        self.state = state


def wrap(source: bytes) -> bytes:
    """The module's source inside Node's wrapper function (a hashbang line becomes a
    comment: it is not valid inside a function)."""
    if source.startswith(b"#!"):
        source = b"//" + source[2:]
    elif source.startswith(b"\xef\xbb\xbf#!"):
        source = b"\xef\xbb\xbf//" + source[5:]
    return WRAPPER + source + WRAPPER_END


def compile_wrapper(engine: Engine, path: str, source: bytes, keep_source: bool) -> bytes:
    """The wrapper function's bytecode; raises the engine's SyntaxError for bad source."""
    if not PHASES.enabled:
        return engine.compile_script(
            wrap(source), path, keep_source=keep_source, first_line=FIRST_LINE
        )
    PHASES.enter("compile")
    try:
        return engine.compile_script(
            wrap(source), path, keep_source=keep_source, first_line=FIRST_LINE
        )
    finally:
        PHASES.leave()


def scan(source: bytes) -> CommonJSMetadata | None:
    """The source's exports and requires, as cjs-module-lexer finds them (None where it
    would give up: Node then exports nothing by name)."""
    timed = PHASES.enabled
    if timed:
        PHASES.enter("analyze")
    try:
        from esmload.analyze.cjs_lexer import scan as lex

        try:
            found: CjsAnalysis = lex(source.decode("utf-8", "replace"))
        except ValueError:
            return None
        return CommonJSMetadata(found.exports, found.reexports, found.requires)
    finally:
        if timed:
            PHASES.leave()


class ModuleInstead:
    """Syntax detection's answer for a `.js` file without a package `type`: an ES module.
    `found` is its MODULE record when the cache has one (for `ModuleFetcher.fetch`)."""

    __slots__ = ("found",)

    def __init__(self, found: tuple[Record, ModuleRecord] | None) -> None:
        self.found = found


def fetch_commonjs(
    fetcher: ModuleFetcher, path: str, source: bytes, *, detect: bool = False
) -> CommonJSUnit | ModuleInstead:
    """The module from its record, or compiled and scanned (and its record written).

    With `detect` (a `.js` file without a package `type`), an ES module's record, or a source
    that only compiles as one, gives ModuleInstead. Raises the engine's SyntaxError (a
    JSError) for source that does not compile."""
    cache = fetcher.cache
    usable = cache is not None and cache.usable
    digest = None
    if usable:
        assert cache is not None
        digest = source_hash(source)
        unit = cache.get(COMMONJS, path, digest)
        if unit is not None:
            try:
                cached = decode_metadata(unit.metadata)
            except ValueError:
                cache.stats.invalid += 1
            else:
                fetcher.stats.hits += 1
                return CommonJSUnit(path, unit.bytecode, cached, CacheState.HIT)
        if detect:
            found = cache.get_module(path, digest)
            if found is not None:
                return ModuleInstead(found)
    keep_source = cache is None or not cache.options.strip_debug
    try:
        bytecode = compile_wrapper(fetcher.engine, path, source, keep_source)
    except JSError as error:
        if detect and error.name == "SyntaxError" and looks_like_module(source):
            return ModuleInstead(None)
        raise
    metadata = scan(source)
    if not usable:
        return CommonJSUnit(path, bytecode, metadata, CacheState.UNCACHED)
    assert cache is not None and digest is not None
    fetcher.stats.misses += 1
    if metadata is None:
        fetcher.stats.uncacheable += 1
        return CommonJSUnit(path, bytecode, None, CacheState.MISS)
    fetcher.store_commonjs(path, source, digest, bytecode, metadata.to_cbor())
    return CommonJSUnit(path, bytecode, metadata, CacheState.MISS)


def looks_like_module(source: bytes) -> bool:
    """Whether a source that failed to compile as CommonJS uses ES module syntax (`import`/
    `export` declarations, `import.meta`, top-level `await`): Node then runs it as an ES
    module, and reports that module's errors. Only on this error path, so a regex will do."""
    import re

    text = source.decode("utf-8", "replace")
    pattern = (
        r"^[ \t]*(?:import(?:\s*[{*'\"]|\s+[\w$])|export(?:\s*[{*]|\s+[\w$]))"
        r"|\bimport\.meta\b|\bawait\s"
    )
    return re.search(pattern, text, re.MULTILINE) is not None
