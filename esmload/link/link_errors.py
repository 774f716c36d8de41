"""Node's report for a module graph that fails to link.

QuickJS checks a graph's imports when it links it and fails with a bare message that knows
only names, cut at 63 bytes: "Could not find export 'x' in module '/long/path/…'". Node
(V8) names the import site instead:

    file:///app/main.mjs:1
    import { x } from './lib.mjs';
             ^
    SyntaxError: The requested module './lib.mjs' does not provide an export named 'x'

This module turns the first into the second. The loader knows every module's imports and
exports (their records, or an analysis of the source here, on the error path only), so:

1. the engine's message gives the kind of failure, the name and (a prefix of) the module;
2. the modules with an import or `export … from` of that name from that module are the
   candidates, in the order V8 links them (depth first from the module being linked, each
   module after what it imports; for an `import()`, whose module this code is not told, the
   order the loader registered them, which is the same but in cycles);
3. each candidate is checked the way V8 checks a module when it links it (its imports by
   local name, then its indirect exports; `ResolveExport` with V8's cycle set and star-export
   rules), and the first failure is reported where V8 reports it: the import's name, the
   `export … from` specifier, or the `*` of an `export *`, in the module that holds it, with
   the specifier as written there;
4. the source is read and parsed only now, to find that site's line and columns.

QuickJS calls `Error.prepareStackTrace` as it creates the error; run/program.py wraps the
prelude's to call `explain_for_js`, so the error JavaScript sees (a failed `import()`) already
has Node's message and stack, and a static graph's error comes back into Python as the
LinkError itself (esmload/errors.py). This module is imported only then: nothing here runs,
or is even loaded, while graphs link without error.

Known differences: QuickJS and V8 disagree on a few graphs (see ARCHITECTURE.md); then the
engine's failure is reported in Node's words at the site the engine names. When the graphs
of two failed `import()`s share a failing import of the same name from the same module, the
site in the one loaded first is named for both.
"""

from __future__ import annotations

from esmload.errors import LinkError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.analyze.record import ModuleRecord
    from esmload.engine.core import Engine
    from esmload.link.loader import Loader

    # (module, entry); entry: ("import", local name, import name), ("export", export name,
    # import name) or ("star", specifier, index)
    Site = tuple[str, tuple[str, ...]]
    Binding = tuple[str, str]  # (module, local name): one V8 cell

# The engine's messages (quickjs.c js_resolve_export_throw_error and js_inner_module_linking):
# (kind, prefix, middle, suffix) around the export name and the module name.
_ENGINE_MESSAGES = (
    ("missing", "Could not find export '", "' in module '", "'"),
    ("cycle", "circular reference when looking for export '", "' in module '", "'"),
    ("ambiguous", "export '", "' in module '", "' is ambiguous"),
    ("binding", "circular import: binding '", "' is not resolvable in module '", "'"),
)

# QuickJS formats names through a 64-byte buffer: a name this long may have been cut.
_CUT = 60


def explain_for_js(engine: Engine, loader: Loader, root: str | None, message: str) -> Any:
    """What run/program.py's wrapper of `Error.prepareStackTrace` sets on the error the
    engine is creating: [Node's message, the lines Node prints above it, the index under
    which the LinkError is kept for Python], or None to leave the error as it is."""
    try:
        error = explain(loader, message, root)
    except Exception:  # noqa: BLE001 - the engine's own message is still there
        return None
    if error is None:
        return None
    return [error.message, error.arrow, engine.remember_error(error)]


def explain(loader: Loader, message: str, root: str | None = None) -> LinkError | None:
    """Node's error for the engine's link failure `message` in `loader`'s graph; None if
    `message` is not one, or no module of the graph fits it. `root`, the module being linked
    (when known), orders several failing imports as V8 links them."""
    parsed = parse_engine_message(message)
    if parsed is None:
        return None
    try:
        return _Explainer(loader, root, *parsed).explain()
    except RecursionError:
        return None


def parse_engine_message(message: str) -> tuple[str, str, str] | None:
    """(kind, export name, module name) of one of the engine's link messages, else None."""
    for kind, prefix, middle, suffix in _ENGINE_MESSAGES:
        if message.startswith(prefix) and message.endswith(suffix):
            inner = message[len(prefix) : len(message) - len(suffix)]
            name, found, module = inner.partition(middle)
            if found:
                return kind, name, module
    return None


# --------------------------------------------------------------------------- messages


def node_message(kind: str, specifier: str, name: str) -> str:
    """V8's messages (kUnresolvableExport, kAmbiguousExport, kCyclicModuleDependency)."""
    if kind == "ambiguous":
        return (
            f"The requested module '{specifier}' contains conflicting star exports for name "
            f"'{name}'"
        )
    if kind == "cycle":
        return f"Detected cycle while resolving name '{name}' in '{specifier}'"
    return f"The requested module '{specifier}' does not provide an export named '{name}'"


def commonjs_message(specifier: str, name: str, source_line: str) -> str:
    """Node's message for a name a CommonJS module does not export (module_job.js
    `_instantiate`): `source_line` is the line of the import, whose `{…}` part (on that line
    only) becomes the suggested destructuring, `as` turned into `:`."""
    import re

    found = re.search(r"{.*}", source_line)
    text = (
        f"Named export '{name}' not found. The requested module '{specifier}' is a CommonJS "
        "module, which may not support all module.exports as named exports.\n"
        "CommonJS modules can always be imported via the default export, for example using:"
        f"\n\nimport pkg from '{specifier}';\n"
    )
    if found is not None:
        destructuring = re.sub(r"[\s\ufeff]+as[\s\ufeff]+", ": ", found.group())
        text += f"const {destructuring} = pkg;\n"
    return text


def node_arrow(where: str, line: int, text: str, start: int, end: int) -> str:
    """Node's lines above a link error (node_errors.cc GetErrorSource): `where:line`, the
    source line, and carets from column `start` to `end` (0-based UTF-16 columns, which
    Node lays over the line's UTF-8 bytes); no caret line for a range that leaves the line."""
    arrow = f"{where}:{line}\n{text}\n"
    data = text.encode("utf-8", "surrogatepass")
    if start > end or start < 0 or end > len(data):
        return arrow
    marks: list[str] = []
    for index in range(end):
        if data[index] == 0 or len(marks) >= 1020:
            break
        if index >= start:
            marks.append("^")
        else:
            marks.append("\t" if data[index] == 9 else " ")
    return arrow + "".join(marks) + "\n"


# --------------------------------------------------------------------------- the graph


class _Failure(Exception):
    """Where and why V8 would stop linking."""

    def __init__(self, kind: str, specifier: str | None, name: str, site: Site) -> None:
        super().__init__(kind)
        self.kind = kind
        self.specifier = specifier
        self.name = name
        self.site = site


class _Module:
    """What linking needs of an ES module, from its record."""

    __slots__ = ("record", "imports", "locals", "indirect", "stars")

    def __init__(self, record: ModuleRecord) -> None:
        self.record = record
        # (import name, local name, specifier); namespace imports are not resolved at link
        self.imports = [
            (entry.import_name, entry.local_name, entry.module)
            for entry in record.imports
            if entry.import_name is not None
        ]
        self.locals: dict[str, str] = {}  # export name -> local binding
        self.indirect: dict[str, tuple[str, str]] = {}  # export name -> (import name, spec)
        for entry in record.exports:
            name = entry.export_name
            if name is None:
                continue
            if entry.module is None:
                self.locals[name] = entry.local_name or name
            elif entry.import_name is None:  # export * as ns from "m": a binding of its own
                self.locals[name] = f"*namespace* {name}"
            else:
                self.indirect[name] = (entry.import_name, entry.module)
        self.stars = list(record.star_exports)


_SKIPPED = object()  # a module the candidates' text filter left out (analyzed if needed)


class _Explainer:
    def __init__(self, loader: Loader, root: str | None, kind: str, name: str, module: str) -> None:
        self.loader = loader
        self.root = root
        self.kind = kind
        self.name = name
        self.module = module
        self._modules: dict[str, Any] = {}
        self._targets: dict[tuple[str, str], str | None] = {}
        self._sources: dict[str, str | None] = {}
        self._resolved: dict[tuple[str, str], Binding] = {}

    # ------------------------------------------------------------------ matching the engine

    def _named(self, name: str) -> bool:
        """`name` is the export the engine's message names (perhaps cut)."""
        return _fits(name, self.name)

    def _is_engine_module(self, path: str | None) -> bool:
        return path is not None and _fits(path, self.module)

    def explain(self) -> LinkError | None:
        candidates = self._candidates()
        if len(candidates) > 1:
            candidates = self._in_link_order(candidates)
        for path in candidates:
            try:
                self._check(path)
            except _Failure as failure:
                return self._report(failure)
        # The engine and V8 disagree (or the graph cannot be read): the engine's failure, at
        # the first site that fits it.
        for path in candidates:
            site = self._engine_site(path)
            if site is not None:
                kind = {"binding": "cycle"}.get(self.kind, self.kind)
                return self._report(_Failure(kind, site[1], site[2], (path, site[0])))
        return self._report_unplaced()

    def _candidates(self) -> list[str]:
        """ES modules with an import or `export … from` of the engine's name, in the order
        the loader registered them."""
        found = []
        for path, loaded in list(self.loader.modules.items()):
            if loaded.format == "module" and self._engine_site(path, filtered=True) is not None:
                found.append(path)
        return found

    def _in_link_order(self, paths: list[str]) -> list[str]:
        """`paths` in the order V8 links them from the root (each module after what it
        imports, depth first); the loader's order (which is that order, except for cycles
        of a prelinked graph) for those the root does not reach."""
        order: dict[str, int] = {}
        if self.root is not None and self.root in self.loader.modules:
            visited = {self.root}
            stack = [(self.root, iter(self._requests(self.root)))]
            while stack:
                path, requests = stack[-1]
                for specifier in requests:
                    target = self._target(path, specifier)
                    if target is not None and target not in visited:
                        visited.add(target)
                        stack.append((target, iter(self._requests(target))))
                        break
                else:
                    stack.pop()
                    order[path] = len(order)
        last = len(order)
        return sorted(paths, key=lambda path: order.get(path, last))

    def _requests(self, path: str) -> list[str]:
        module = self._module(path)
        return [] if module is None else [request.specifier for request in module.record.requested]

    def _engine_site(
        self, path: str, *, filtered: bool = False
    ) -> tuple[tuple[str, ...], str, str] | None:
        """The first entry of `path` that asks the engine's module for the engine's name:
        (entry, specifier, name)."""
        module = self._module(path, filtered=filtered)
        if module is None:
            return None
        any_module = self.kind == "binding"  # the engine names where the binding lives
        for import_name, local_name, specifier in module.imports:
            if self._named(import_name) and (
                any_module or self._is_engine_module(self._target(path, specifier))
            ):
                return ("import", local_name, import_name), specifier, import_name
        for export_name, (import_name, specifier) in module.indirect.items():
            if self._named(import_name) and (
                any_module or self._is_engine_module(self._target(path, specifier))
            ):
                return ("export", export_name, import_name), specifier, import_name
        return None

    # ------------------------------------------------------------------ V8's linking

    def _check(self, path: str) -> None:
        """V8's SourceTextModule::FinishInstantiate for one module, after its dependencies:
        regular imports in the order of their local names, then indirect exports."""
        module = self._module(path)
        if module is None:
            return
        for import_name, local_name, specifier in sorted(module.imports, key=_by_local):
            site = (path, ("import", local_name, import_name))
            self._resolve_import(path, import_name, specifier, site, True, {})
        for export_name, (import_name, _) in module.indirect.items():
            site = (path, ("export", export_name, import_name))
            self._resolve_export(path, None, export_name, site, True, {})

    def _resolve_import(
        self,
        path: str,
        name: str,
        specifier: str,
        site: Site,
        must: bool,
        seen: dict[str, set[str]],
    ) -> Binding | None:
        target = self._target(path, specifier)
        if target is None:
            return (f"*unknown* {specifier}", name)  # not resolvable now: not this failure
        return self._resolve_export(target, specifier, name, site, must, seen)

    def _resolve_export(
        self,
        path: str,
        specifier: str | None,
        name: str,
        site: Site,
        must: bool,
        seen: dict[str, set[str]],
    ) -> Binding | None:
        """V8's SourceTextModule::ResolveExport (and SyntheticModule's)."""
        module = self._module(path)
        if module is None:  # JSON, CommonJS, built-in, Python-made: names only
            if self._provides(path, name):
                return (path, name)
            if must:
                raise _Failure("missing", specifier, name, site)
            return None
        local = module.locals.get(name)
        if local is not None:
            return (path, local)
        resolved = self._resolved.get((path, name))
        if resolved is not None:
            return resolved
        names = seen.setdefault(path, set())
        if name in names:
            if must:
                raise _Failure("cycle", specifier, name, site)
            return None
        names.add(name)
        indirect = module.indirect.get(name)
        if indirect is not None:
            import_name, request = indirect
            entry_site = (path, ("export", name, import_name))
            binding = self._resolve_import(path, import_name, request, entry_site, True, seen)
            assert binding is not None
            self._resolved[(path, name)] = binding
            return binding
        if name != "default":
            unique: Binding | None = None
            for index, request in enumerate(module.stars):
                star_site = (path, ("star", request, str(index)))
                binding = self._resolve_import(path, name, request, star_site, False, seen)
                if binding is None:
                    continue
                if unique is None:
                    unique = binding
                elif binding != unique:
                    raise _Failure("ambiguous", specifier, name, site)
            if unique is not None:
                self._resolved[(path, name)] = unique
                return unique
        if must:
            raise _Failure("missing", specifier, name, site)
        return None

    def _provides(self, path: str, name: str) -> bool:
        """Whether a module that is not an ES module exports `name`."""
        loaded = self.loader.modules.get(path)
        if loaded is not None and loaded.format in ("json", "text", "bytes"):
            return name == "default"
        exports = self.loader.host_modules.get(path)
        if exports is not None:
            return name in exports
        if loaded is not None and loaded.format == "commonjs":
            # The names link/commonjs.py gave the module's facade (read, not recomputed:
            # nothing here may run the scan again while the engine links).
            names = self.loader.commonjs.facade_names(path)
            if names is not None:
                return name == "default" or name in names
        # Export names the loader does not keep (built-ins): the engine's verdict.
        return not (self.kind == "missing" and self._is_engine_module(path) and self._named(name))

    # ------------------------------------------------------------------ the loader's view

    def _module(self, path: str, *, filtered: bool = False) -> _Module | None:
        """The ES module `path` (None for other formats, unknown or unreadable modules).
        With `filtered`, a module without a record is analyzed only if its text could hold
        an import of the engine's name."""
        if path in self._modules:
            module = self._modules[path]
            if module is not _SKIPPED:
                return module  # type: ignore[no-any-return]
            if filtered:
                return None
        loaded = self.loader.modules.get(path)
        if loaded is None or loaded.format != "module":
            self._modules[path] = None
            return None
        record = None
        try:
            record = loaded.record
            made = _Module(record) if record is not None else None
        except ValueError:  # unreadable metadata: analyze the source instead
            made = None
        if made is None:
            if filtered and not self._may_import_name(path):
                self._modules[path] = _SKIPPED
                return None
            made = self._analyzed(path)
        self._modules[path] = made
        return made

    def _may_import_name(self, path: str) -> bool:
        text = self._source(path)
        if text is None:
            return False
        if self.name == "default":  # `import x from`: the name is not written
            import re

            default = r"import[\s\ufeff]+[^\s\ufeff{*('\"]|[{,][\s\ufeff]*default(?![\w$])"
            return re.search(default, text) is not None
        return self.name[:_CUT] in text

    def _analyzed(self, path: str) -> _Module | None:
        text = self._source(path)
        if text is None:
            return None
        try:
            from esmload.analyze import analyze

            return _Module(analyze(text))
        except Exception:  # noqa: BLE001 - esprima cannot read it: not checked
            return None

    def _source(self, path: str) -> str | None:
        if path not in self._sources:
            self._sources[path] = _read(path)
        return self._sources[path]

    def _target(self, path: str, specifier: str) -> str | None:
        """The module `path`'s `specifier` names (None if it does not resolve now)."""
        key = (path, specifier)
        if key not in self._targets:
            target = None
            module = self._modules.get(path)
            record = module.record if isinstance(module, _Module) else None
            attributes = record.attributes_for(specifier) if record is not None else {}
            loader = self.loader
            try:
                if loader.hooks:
                    target = loader.resolve(path, specifier, attributes)
                else:
                    target = loader.resolve_file(specifier, path, attributes)
            except Exception:  # noqa: BLE001 - a failing request is not this failure
                target = None
            self._targets[key] = target
        return self._targets[key]

    # ------------------------------------------------------------------ the report

    def _report(self, failure: _Failure) -> LinkError:
        path, entry = failure.site
        specifier = failure.specifier or ""
        located = self._locate(path, entry, specifier)
        target = self._target(path, specifier) if failure.specifier is not None else None
        loaded = self.loader.modules.get(target) if target is not None else None
        if failure.kind == "missing" and loaded is not None and loaded.format == "commonjs":
            message = commonjs_message(specifier, failure.name, located[1] if located else "")
        else:
            message = node_message(failure.kind, specifier, failure.name)
        position = arrow = None
        if located is not None:
            line, text, start, end = located
            position = (path, line, start + 1)
            arrow = node_arrow(_where(path), line, text, start, end)
        return LinkError(
            message,
            kind=failure.kind,
            specifier=failure.specifier,
            name=failure.name,
            importer=path,
            position=position,
            arrow=arrow or "",
        )

    def _report_unplaced(self) -> LinkError | None:
        """No site found: Node's words about the engine's module, named in full."""
        matches = [path for path in self.loader.modules if self._is_engine_module(path)]
        if len(matches) != 1 or self.kind == "binding":
            return None
        return LinkError(
            node_message(self.kind, matches[0], self.name),
            kind=self.kind,
            specifier=None,
            name=self.name,
            importer=None,
        )

    def _locate(
        self, path: str, entry: tuple[str, ...], specifier: str
    ) -> tuple[int, str, int, int] | None:
        """(line, line text, start, end) of a site: columns 0-based, in UTF-16 units."""
        text = self._source(path)
        if text is None:
            return None
        span = _span_in_tree(text, entry, specifier)
        if span is None:
            span = _span_in_text(text, entry, specifier)
        if span is None:
            return None
        return _line_and_columns(text, *span)


# --------------------------------------------------------------------------- helpers


def _fits(name: str, shown: str) -> bool:
    """`name` is what the engine showed as `shown`, perhaps cut to fit its buffer."""
    if name == shown:
        return True
    data = shown.encode("utf-8", "surrogatepass")
    return len(data) >= _CUT and name.encode("utf-8", "surrogatepass").startswith(data)


def _by_local(entry: tuple[str | None, str, str]) -> str:
    return entry[1]


def _read(path: str) -> str | None:
    from esmload.fetch.fetcher import read_source

    try:
        return read_source(path).decode("utf-8", "surrogateescape")
    except Exception:  # noqa: BLE001 - a module not from a file (a hook's, a built-in)
        return None


def _where(path: str) -> str:
    """The module as Node prints it above an error (a file: URL)."""
    import os

    if not os.path.isabs(path):
        return path
    from esmload.resolve import path_to_url

    return path_to_url(path)


def _span_in_tree(text: str, entry: tuple[str, ...], specifier: str) -> tuple[int, int] | None:
    """Offsets of a site, from esprima's tree: V8's locations (an import's imported name,
    a default import's local name, a whole `export … from` specifier, the `*` of an
    `export *`, and for `import { a }; export { a }` the import)."""
    try:
        import esprima

        body = esprima.parseModule(text).body
    except Exception:  # noqa: BLE001 - esprima cannot read it: scan the text instead
        return None
    kind = entry[0]
    if kind == "star":
        index = int(entry[2])
        stars = [
            node for node in body if node.type == "ExportAllDeclaration" and node.exported is None
        ]
        if index < len(stars):
            star = _star_offset(text, stars[index]._start)
            if star is not None:
                return star, star + 1
        return None
    local = entry[1]
    if kind == "export":
        for node in body:
            if node.type != "ExportNamedDeclaration":
                continue
            for spec in node.specifiers or ():
                if _node_name(spec.exported) != local:
                    continue
                if node.source is not None:
                    return spec._start, spec._end
                local = _node_name(spec.local)  # re-exported import: V8 points at the import
                break
            else:
                continue
            break
        else:
            return None
    for node in body:
        if node.type != "ImportDeclaration":
            continue
        for spec in node.specifiers or ():
            if spec.local.name != local:
                continue
            if spec.type == "ImportSpecifier":
                return spec.imported._start, spec.imported._end
            return spec.local._start, spec.local._end
    return None


def _node_name(node: Any) -> str:
    return str(node.name) if node.type == "Identifier" else str(node.value)


def _star_offset(text: str, offset: int) -> int | None:
    """Offset of the `*` of the `export *` statement at `offset` (comments may come between)."""
    index = offset + len("export")
    while index < len(text):
        char = text[index]
        if char.isspace() or char == "\ufeff":
            index += 1
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            if end < 0:
                return None
            index = end + 2
        elif text.startswith("//", index):
            while index < len(text) and text[index] not in "\r\n\u2028\u2029":
                index += 1
        else:
            return index if char == "*" else None
    return None


def _span_in_text(text: str, entry: tuple[str, ...], specifier: str) -> tuple[int, int] | None:
    """A site found by scanning the text (the parser cannot read the module): the statement
    that requests `specifier`, and in it the imported name (with its `as …` in an `export …
    from`), or the `*`; the specifier itself if the name is not found."""
    import re

    request = -1
    for quote in ("'", '"'):
        found = text.find(f"{quote}{specifier}{quote}")
        if found >= 0 and (request < 0 or found < request):
            request = found
    if request < 0:
        return None
    statement = max(text.rfind("import", 0, request), text.rfind("export", 0, request))
    if statement < 0:
        return None
    if entry[0] == "star":
        star = _star_offset(text, statement)
        return (star, star + 1) if star is not None and star < request else None
    kind, local, imported = entry
    names = [imported, local] if kind == "import" and imported == "default" else [imported]
    for name in names:
        word = re.escape(name)
        pattern = rf"(?<![\w$]){word}(?![\w$])|(['\"]){word}\1"
        found_name = re.compile(pattern).search(text, statement, request)
        if found_name is None:
            continue
        end = found_name.end()
        if kind == "export":  # V8 points at the whole specifier: `a as b`
            alias = re.compile(r"[\s\ufeff]+as[\s\ufeff]+(?:[\w$]+|'[^']*'|\"[^\"]*\")")
            renamed = alias.match(text, end, request)
            if renamed is not None:
                end = renamed.end()
        return found_name.start(), end
    return request, request + len(specifier) + 2


def _line_and_columns(text: str, start: int, end: int) -> tuple[int, str, int, int]:
    """1-based line of offset `start`, that line's text, and `start`/`end` as 0-based UTF-16
    columns of that line (JavaScript's line terminators; `end` may pass the line's end)."""
    import re

    terminators = re.compile("\r\n|[\r\n\u2028\u2029]")
    line = 1
    line_start = 0
    for match in terminators.finditer(text, 0, start):
        line += 1
        line_start = match.end()
    after = terminators.search(text, line_start)
    line_text = text[line_start : after.start() if after else len(text)]
    column = _utf16_length(text[line_start:start])
    return line, line_text, column, column + _utf16_length(text[start:end])


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
