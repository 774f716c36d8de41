"""Build a ModuleRecord from source with esprima (esprima-fork).

Speed: parsing dominates (≈1.4 s for a 1.5 MB file). Asking esprima for `loc` adds ~80% to
that, `range` ~30% and a `delegate` callback ~40%, so the parse runs with none of them: every
node still carries `_start`/`_end` offsets and `_line`/`_column` (esprima-fork internals; the
tests pin them down). Module declarations are all at the top level,
so reading them is a loop over the body; `import()`, `import.meta` and `await` are found
from their keywords in the text (see finder.py) rather than by walking the whole tree.

Nothing here imports esprima (or `re`, `typing`) at import time: only cache misses analyze.
"""

from __future__ import annotations

from esmload.analyze.record import ExportEntry, ImportEntry, ModuleRecord, RequestedModule
from esmload.errors import AnalyzeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def analyze(source: str) -> ModuleRecord:
    """The module record of `source` (module goal); AnalyzeError if it does not parse."""
    from esmload.analyze.finder import dynamic_imports, has_top_level_await

    body = _parse(source).body
    builder = _Builder()
    for statement in body:
        builder.statement(statement)
    dynamic, meta = dynamic_imports(body, source)
    return ModuleRecord(
        requested=tuple(builder.requested.values()),
        imports=tuple(builder.imports),
        exports=builder.export_entries(),
        star_exports=tuple(builder.star_exports),
        dynamic_imports=tuple(dict.fromkeys(dynamic)),
        has_top_level_await=has_top_level_await(body, source),
        uses_import_meta=meta,
    )


def _parse(source: str) -> Any:
    import esprima  # lazily: only cache misses parse

    try:
        return esprima.parseModule(source)
    except esprima.Error as exc:
        message = str(getattr(exc, "message", None) or exc)
        raise AnalyzeError(
            message, _position(exc, "lineNumber"), _position(exc, "column")
        ) from None
    except RecursionError:  # esprima limits nesting itself; this is a last resort
        raise AnalyzeError("JavaScript nesting too deep to analyze") from None


def _position(exc: Exception, name: str) -> int | None:
    value = getattr(exc, name, None)
    return value if isinstance(value, int) and value > 0 else None


def _name(node: Any) -> str:
    """A module export name: an identifier, or a string literal (`export { x as "a b" }`)."""
    return str(node.name) if node.type == "Identifier" else str(node.value)


class _Builder:
    """Collects requests, imports and exports from the module's top-level statements."""

    def __init__(self) -> None:
        # keyed by (specifier, attributes): ECMA-262 dedupes requests on both
        self.requested: dict[tuple[str, tuple[tuple[str, str], ...]], RequestedModule] = {}
        self.imports: list[ImportEntry] = []
        self.exports: list[ExportEntry] = []
        self.star_exports: list[str] = []

    def statement(self, node: Any) -> None:
        kind = node.type
        if kind == "ImportDeclaration":
            self.import_declaration(node)
        elif kind == "ExportNamedDeclaration":
            self.named_export(node)
        elif kind == "ExportDefaultDeclaration":
            self.exports.append(ExportEntry("default", _default_local_name(node.declaration)))
        elif kind == "ExportAllDeclaration":
            module = self.request(node)
            if node.exported is None:
                self.star_exports.append(module)
            else:  # export * as ns from "m"
                self.exports.append(ExportEntry(_name(node.exported), None, module, None))

    def request(self, node: Any) -> str:
        """Record the module a declaration requests; returns its specifier."""
        source = node.source
        specifier = str(source.value)
        attributes = {_name(a.key): str(a.value.value) for a in node.attributes or ()}
        key = (specifier, tuple(sorted(attributes.items())))
        if key not in self.requested:
            self.requested[key] = RequestedModule(
                specifier, attributes, source._line, source._column
            )
        return specifier

    def import_declaration(self, node: Any) -> None:
        module = self.request(node)
        for spec in node.specifiers:
            if spec.type == "ImportDefaultSpecifier":
                imported: str | None = "default"
            elif spec.type == "ImportNamespaceSpecifier":
                imported = None
            else:
                imported = _name(spec.imported)
            self.imports.append(ImportEntry(module, imported, spec.local.name))

    def named_export(self, node: Any) -> None:
        if node.source is not None:  # export { a as b } from "m"
            module = self.request(node)
            for spec in node.specifiers:
                entry = ExportEntry(_name(spec.exported), None, module, _name(spec.local))
                self.exports.append(entry)
            return
        for spec in node.specifiers:
            self.exports.append(ExportEntry(_name(spec.exported), _name(spec.local)))
        declaration = node.declaration
        if declaration is None:
            return
        if declaration.type == "VariableDeclaration":
            for declarator in declaration.declarations:
                for name in _pattern_names(declarator.id):
                    self.exports.append(ExportEntry(name, name))
        elif declaration.id is not None:  # function, async function, generator, class
            self.exports.append(ExportEntry(declaration.id.name, declaration.id.name))

    def export_entries(self) -> tuple[ExportEntry, ...]:
        """Exports, with re-exported import bindings made indirect as ECMA-262's ParseModule
        does (`import { a } from "m"; export { a }` exports "m"'s `a`), except namespace
        imports, which stay local."""
        imported = {entry.local_name: entry for entry in self.imports}
        entries = []
        for entry in self.exports:
            source = imported.get(entry.local_name or "") if entry.module is None else None
            if source is not None and source.import_name is not None:
                entry = ExportEntry(entry.export_name, None, source.module, source.import_name)
            entries.append(entry)
        return tuple(entries)


def _default_local_name(declaration: Any) -> str:
    """`export default function f() {}` and `class C {}` bind their name; anonymous ones and
    expressions bind the spec's "*default*"."""
    if (
        declaration.type in ("FunctionDeclaration", "ClassDeclaration")
        and declaration.id is not None
    ):
        return str(declaration.id.name)
    return "*default*"


def _pattern_names(node: Any) -> list[str]:
    """Names bound by a binding pattern (`{a, b: [c, ...d] = e}`), in source order."""
    names: list[str] = []
    stack = [node]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "Identifier":
            names.append(node.name)
        elif kind == "ObjectPattern":
            children = [p.argument if p.type == "RestElement" else p.value for p in node.properties]
            stack.extend(reversed(children))
        elif kind == "ArrayPattern":
            stack.extend(reversed([e for e in node.elements if e is not None]))
        elif kind == "AssignmentPattern":
            stack.append(node.left)
        elif kind == "RestElement":
            stack.append(node.argument)
    return names
