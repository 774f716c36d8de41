"""Link the host prelude's internal modules (`js/`) into `prelude.js`, the script start-up reads.

The sources are laid out like Node's `lib/`: `js/events.js` is the built-in module `events`,
`js/internal/util/inspect.js` the internal module `internal/util/inspect`. Each file is a plain
script body that sees `exports`, `require`, `module` and `host`; it runs on its first
`require` (never before), and `require(id)` returns that module's `module.exports`, cached,
or, while a cycle is being loaded, the exports so far (CommonJS semantics).

The generated `prelude.js` is one function expression, `(function esmloadPrelude(host) {…})`:
a table of module functions in id order and a small `require`. Calling it runs
`internal/bootstrap` and returns its exports, the entry points `globals.py` calls back. Only
the modules `internal/bootstrap` requires (directly or not) are linked in, so that start-up
reads no more than it runs; `require` (or `require.lazy`, which says so to this linker) gets
any other module from `host.loadModule(id)`, which compiles (or reads the cached bytecode of)
that one file (host/builtin_modules.py). The module bodies are copied verbatim (not
re-indented, so that template literals stay intact).

Run `python -m esmload.host.build_prelude` after editing `js/`; with `--check` it only
reports (exit status 1) when `prelude.js` is stale, which a test does. Standard library only:
no node needed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "js"
TARGET = HERE / "prelude.js"
ENTRY = "internal/bootstrap"
COMMAND = "python -m esmload.host.build_prelude"

_STRICT = "'use strict';"
_MODULE_ID = re.compile(r"[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)*")
_REQUIRE = re.compile(r"\brequire\('([^']*)'\)")
# `require.lazy('id')`: a module loaded on first use that start-up must not link in.
_LAZY_REQUIRE = re.compile(r"\brequire\.lazy\('([^']*)'\)")

_HEADER = f"""\
// GENERATED FILE, do not edit: edit the modules under esmload/host/js/ and rerun
// `{COMMAND}` (a test fails while this file is stale).
//
// esmload's host prelude: console, timers, process, encoders, URL, … for programs written for
// Node. Evaluated once per context as a global script; its completion value is the function
// below, which the Python host (esmload/host/globals.py) calls with `host`, the native
// functions and facts described in js/internal/bootstrap.js. The call runs that module and
// returns its exports: the entry points Python calls back, and internalRequire.
"""

_PROLOGUE = """\
(function esmloadPrelude(host) {
  'use strict';

  // The internal modules, each a function of (exports, require, module, host) that the first
  // require(id) runs. (Declarations, not function values in the table below: QuickJS compiles
  // those noticeably faster, which a first run pays for.)
"""

_EPILOGUE = f"""\

  const cache = {{ __proto__: null }}; // id → module, from the start of its evaluation

  // Module `id`'s exports, evaluating it on first use; during a cycle, its exports so far.
  function require(id) {{
    const cached = cache[id];
    if (cached !== undefined) return cached.exports;
    // Not linked in: compiled from its own file (or read from the cache) on first use.
    const definition = definitions[id] ?? host.loadModule(id);
    const module = {{ id, exports: {{}} }};
    cache[id] = module;
    try {{
      definition.call(module.exports, module.exports, require, module, host);
    }} catch (error) {{
      delete cache[id]; // a later require tries again, like CommonJS
      throw error;
    }}
    return module.exports;
  }}
  require.lazy = require;

  return require('{ENTRY}');
}})
"""


class BuildError(Exception):
    """The sources cannot be linked (bad file name, missing module, …)."""


def read_modules(source_dir: Path = SOURCE_DIR) -> dict[str, str]:
    """The modules under source_dir: id → source text (newline-terminated), sorted by id."""
    modules: dict[str, str] = {}
    for path in source_dir.rglob("*.js"):
        module_id = path.relative_to(source_dir).with_suffix("").as_posix()
        if not _MODULE_ID.fullmatch(module_id):
            raise BuildError(f"{path}: module ids are lower-case words and underscores")
        text = path.read_text(encoding="utf-8")
        if not text.startswith(_STRICT + "\n"):
            raise BuildError(f"{path}: the first line must be {_STRICT}")
        modules[module_id] = text if text.endswith("\n") else text + "\n"
    return dict(sorted(modules.items()))


def check_requires(modules: dict[str, str], entry: str = ENTRY) -> None:
    """Every `require('…')` with a literal id, and the entry, names a module."""
    missing = [f"{entry} (the entry)"] if entry not in modules else []
    for module_id, text in modules.items():
        for pattern in (_REQUIRE, _LAZY_REQUIRE):
            for match in pattern.finditer(text):
                if match.group(1) not in modules and match.group(1) not in missing:
                    missing.append(f"{match.group(1)} (required by {module_id})")
    if missing:
        raise BuildError("no such internal module: " + ", ".join(missing))


def startup_closure(modules: dict[str, str], entry: str = ENTRY) -> list[str]:
    """The ids of the modules `entry` requires, directly or not, with the entry (sorted);
    `require.lazy('id')` does not count."""
    seen = {entry}
    todo = [entry]
    while todo:
        for match in _REQUIRE.finditer(modules[todo.pop()]):
            module_id = match.group(1)
            if module_id not in seen:
                seen.add(module_id)
                todo.append(module_id)
    return sorted(seen)


def _function_name(module_id: str) -> str:
    return "module_" + module_id.replace("/", "__")


def link(modules: dict[str, str]) -> str:
    """The text of prelude.js for these modules (in the order given)."""
    parts = [_HEADER, _PROLOGUE]
    for module_id, text in modules.items():
        rule = "=" * max(3, 93 - len(module_id))  # 100 columns
        parts.append(f"// {rule} {module_id}.js\n")
        parts.append(f"function {_function_name(module_id)}(exports, require, module, host) {{\n")
        parts.append(text)
        parts.append("}\n")
    parts.append("\n  // id → module function\n  const definitions = {\n    __proto__: null,\n")
    parts.extend(f"    '{module_id}': {_function_name(module_id)},\n" for module_id in modules)
    parts.append("  };\n")
    parts.append(_EPILOGUE)
    return "".join(parts)


def generate(source_dir: Path = SOURCE_DIR) -> str:
    """The text prelude.js should have for the sources in source_dir."""
    modules = read_modules(source_dir)
    check_requires(modules)
    return link({module_id: modules[module_id] for module_id in startup_closure(modules)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=COMMAND, description="Link esmload/host/js/ into esmload/host/prelude.js."
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that prelude.js is current"
    )
    args = parser.parse_args(argv)
    try:
        text = generate()
    except BuildError as exc:
        print(f"build_prelude: {exc}", file=sys.stderr)
        return 2
    try:
        current = TARGET.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    if args.check:
        if current != text:
            print(f"{TARGET} is stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        with open(TARGET, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
