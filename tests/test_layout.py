"""The package's shape: no import cycles at run time, and the README's layout table names
every folder of the package (and nothing else)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import esmload

PACKAGE = Path(esmload.__file__).parent
README = PACKAGE.parent / "README.md"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path for path in PACKAGE.rglob("*.py") if path.name != "_ffi.py"
}


def runtime_imports(module: str) -> set[str]:
    """The esmload modules `module` imports when it runs: at its top level or inside
    functions, but not in `if TYPE_CHECKING:` blocks (which only type checkers read)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module, f"{module}: relative import"
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    # Every module imports the package itself (its __init__ starts the profile clock).
    return {name for name in found if name in MODULES} - {module, "esmload"}


def test_no_module_imports_itself_back() -> None:
    graph = {module: runtime_imports(module) for module in MODULES}
    # The check sees imports at the top level and inside functions, and skips type-only ones.
    assert "esmload.link.translators" in graph["esmload.link.loader"]
    assert "esmload.analyze.analyzer" in graph["esmload.analyze"]
    assert "esmload.link.fast_start" not in graph["esmload.link.loader"]

    def cycle_from(start: str) -> list[str] | None:
        path = [start]
        seen: set[str] = set()

        def walk(module: str) -> bool:
            for target in sorted(graph[module]):
                if target == start:
                    path.append(target)
                    return True
                if target not in seen:
                    seen.add(target)
                    path.append(target)
                    if walk(target):
                        return True
                    path.pop()
            return False

        return path if walk(start) else None

    cycles = [cycle for module in MODULES if (cycle := cycle_from(module))]
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_readme_layout_names_every_folder() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Layout of the package") :]
    listed = set(re.findall(r"^\| `esmload/([a-z_/]+)/` \|", section, re.MULTILINE))
    folders = {
        str(path.parent.relative_to(PACKAGE))
        for path in PACKAGE.rglob("__init__.py")
        if path.parent != PACKAGE
    } | {"host/js"}
    assert listed == folders
