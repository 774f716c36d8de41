"""Build a ModuleRecord from source with esprima (esprima-fork).

Speed: parsing dominates (≈1.4 s for a 1.5 MB file), and asking esprima for `loc` more than
doubles it, so the parse runs without it: every node still carries `_line`/`_column`. Module
declarations are all at the top level; only `import()`, `import.meta` and top-level `await`
need a deeper walk, and the walk runs only when the source text mentions them at all.
"""

from __future__ import annotations

import re
from typing import Any

from esmload.analyze.record import ExportEntry, ImportEntry, ModuleRecord, RequestedModule

# Cheap pre-checks on the text: no match means no walk is needed for that fact.
_MAY_IMPORT_CALL = re.compile(r"\bimport\s*\(")
_MAY_IMPORT_META = re.compile(r"\bimport\s*\.\s*meta\b")
_MAY_AWAIT = re.compile(r"\bawait\b")

_FUNCTIONS = frozenset(
    {"FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ClassBody"}
)


class AnalyzeError(Exception):
    """The parser rejected the source. `line`/`column` are 1-based where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)


def analyze(source: str) -> ModuleRecord:
    import esprima  # lazily: only cache misses parse

    try:
        program = esprima.parseModule(source)
    except esprima.Error as exc:
        raise AnalyzeError(
            str(getattr(exc, "message", exc)),
            getattr(exc, "lineNumber", None),
            getattr(exc, "column", None),
        ) from None
    builder = _Builder()
    for statement in program.body:
        builder.statement(statement)
    dynamic: list[str] = []
    flags = {"meta": False, "await": False}
    deep = _MAY_IMPORT_CALL.search(source) is not None or _MAY_IMPORT_META.search(source)
    if deep or _MAY_AWAIT.search(source):
        _walk(program.body, dynamic, flags, into_functions=bool(deep))
    return ModuleRecord(
        requested=tuple(builder.requested.values()),
        imports=tuple(builder.imports),
        exports=tuple(builder.exports),
        star_exports=tuple(builder.star_exports),
        dynamic_imports=tuple(dict.fromkeys(dynamic)),
        has_top_level_await=flags["await"],
        uses_import_meta=flags["meta"],
    )


def _name(node: Any) -> str:
    """Identifier or string-literal module export name."""
    return node.name if node.type == "Identifier" else str(node.value)


class _Builder:
    def __init__(self) -> None:
        self.requested: dict[tuple[str, tuple[tuple[str, str], ...]], RequestedModule] = {}
        self.imports: list[ImportEntry] = []
        self.exports: list[ExportEntry] = []
        self.star_exports: list[str] = []

    def request(self, node: Any) -> str:
        source = node.source
        specifier = str(source.value)
        attributes = {}
        for attribute in getattr(node, "attributes", None) or ():
            attributes[_name(attribute.key)] = str(attribute.value.value)
        key = (specifier, tuple(sorted(attributes.items())))
        if key not in self.requested:
            self.requested[key] = RequestedModule(
                specifier, attributes, source._line, source._column
            )
        return specifier

    def statement(self, node: Any) -> None:
        kind = node.type
        if kind == "ImportDeclaration":
            module = self.request(node)
            for spec in node.specifiers:
                local = spec.local.name
                if spec.type == "ImportDefaultSpecifier":
                    self.imports.append(ImportEntry(module, "default", local))
                elif spec.type == "ImportNamespaceSpecifier":
                    self.imports.append(ImportEntry(module, None, local))
                else:
                    self.imports.append(ImportEntry(module, _name(spec.imported), local))
        elif kind == "ExportAllDeclaration":
            module = self.request(node)
            exported = getattr(node, "exported", None)
            if exported is None:
                self.star_exports.append(module)
            else:
                self.exports.append(ExportEntry(_name(exported), None, module, None))
        elif kind == "ExportNamedDeclaration":
            self.named_export(node)
        elif kind == "ExportDefaultDeclaration":
            declaration = node.declaration
            ident = getattr(declaration, "id", None)
            is_named_decl = declaration.type in ("FunctionDeclaration", "ClassDeclaration")
            local = ident.name if is_named_decl and ident is not None else "*default*"
            self.exports.append(ExportEntry("default", local))

    def named_export(self, node: Any) -> None:
        if node.source is not None:
            module = self.request(node)
            for spec in node.specifiers:
                self.exports.append(
                    ExportEntry(_name(spec.exported), None, module, _name(spec.local))
                )
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
        elif declaration.id is not None:
            name = declaration.id.name
            self.exports.append(ExportEntry(name, name))


def _pattern_names(node: Any) -> list[str]:
    """Names bound by a destructuring pattern."""
    kind = node.type
    if kind == "Identifier":
        return [node.name]
    if kind == "ObjectPattern":
        names = []
        for prop in node.properties:
            names += _pattern_names(prop.argument if prop.type == "RestElement" else prop.value)
        return names
    if kind == "ArrayPattern":
        return [name for item in node.elements if item is not None for name in _pattern_names(item)]
    if kind == "AssignmentPattern":
        return _pattern_names(node.left)
    if kind == "RestElement":
        return _pattern_names(node.argument)
    return []


def _walk(root: Any, dynamic: list[str], flags: dict[str, bool], into_functions: bool) -> None:
    """Find import() specifiers, import.meta and top-level await (iteratively: deep ASTs).
    Without `into_functions` only top-level code is visited (enough for await)."""
    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, list):
            # Reversed, so that the stack visits nodes in source order.
            stack.extend((item, top) for item in reversed(node) if item is not None)
            continue
        kind = getattr(node, "type", None)
        if kind is None:
            continue
        if kind == "ImportExpression":
            source = node.source
            if source.type == "Literal" and isinstance(source.value, str):
                dynamic.append(source.value)
            elif source.type == "TemplateLiteral" and not source.expressions:
                dynamic.append(source.quasis[0].value.cooked)
        elif kind == "MetaProperty" and node.meta.name == "import":
            flags["meta"] = True
        elif top and (kind == "AwaitExpression" or (kind == "ForOfStatement" and _is_await(node))):
            flags["await"] = True
        inner = top and kind not in _FUNCTIONS
        if not inner and not into_functions:
            continue
        children = [
            (value, inner)
            for key, value in vars(node).items()
            if key[0] != "_" and value is not None and not isinstance(value, (str, int, float))
        ]
        stack.extend(reversed(children))


def _is_await(node: Any) -> bool:
    # esprima-fork calls the `await` flag of `for await (...)` "allowAwait"
    return bool(getattr(node, "allowAwait", False) or getattr(node, "await", False))
