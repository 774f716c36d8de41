"""Loader hooks: the ready-made ones from the CLI and from Python, and a custom one."""

from __future__ import annotations

from pathlib import Path

import esmload
from conftest import run_esmload, write_tree


def test_text_hook_from_the_cli_and_cached(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": """
                import css from './style.css' with { type: 'text' };
                import again from './style.css' with { type: 'text' };
                console.log(JSON.stringify(css), css === again);
            """,
            "style.css": "body { color: red; }\n",
        },
    )
    cold = run_esmload(
        ["--cache-stats", "--hook", "text", "main.mjs"], cwd=project, cache_dir=cache_dir
    )
    assert cold.stdout == '"body { color: red; }\\n" true\n', cold.stderr
    warm = run_esmload(
        ["--cache-stats", "--hook", "text", "main.mjs"], cwd=project, cache_dir=cache_dir
    )
    assert warm.stdout == cold.stdout
    assert "hits=2" in warm.stderr  # main.mjs and the generated text module
    (project / "style.css").write_text("p {}\n")
    edited = run_esmload(["--hook", "text", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert edited.stdout == '"p {}\\n" true\n'
    # Without the hook, esmload's own `type: 'text'` gives the same string. The text is read
    # from the file: the one record written is main.mjs's (a hook is part of the cache key).
    without = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert without.stdout == edited.stdout, without.stderr
    assert "hits=0 misses=1 written=1" in without.stderr


def test_a_hook_declaring_a_type_takes_precedence_over_the_built_in_one(
    project: Path, cache_dir: Path
) -> None:
    # The built-in type drops a leading BOM (the WHATWG "UTF-8 decode"); the text hook keeps
    # it (Python's "utf-8" codec), so the output tells which one served the import. Bytes
    # imports stay built in: the hook declares only "text".
    write_tree(
        project,
        {
            "main.mjs": """
                import s from './bom.txt' with { type: 'text' };
                import b from './bom.txt' with { type: 'bytes' };
                console.log(s.charCodeAt(0).toString(16), JSON.stringify(s.slice(-3)), b.length, b.buffer.immutable);
            """,
            "bom.txt": b"\xef\xbb\xbfhi\n",
        },
    )
    for args in (["--hook", "text"], ["--hook", "text"], ["--hook", "text", "--no-cache"]):
        hooked = run_esmload([*args, "main.mjs"], cwd=project, cache_dir=cache_dir)
        assert hooked.stdout == 'feff "hi\\n" 6 true\n', hooked.stderr
    plain = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    assert plain.stdout == '68 "hi\\n" 6 true\n', plain.stderr


def test_python_hook_is_opt_in(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": "import { sqrt, pi } from 'py:math';\nconsole.log(sqrt(16), pi.toFixed(3));\n"
        },
    )
    allowed = run_esmload(["--hook", "python", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert allowed.stdout == "4 3.142\n", allowed.stderr
    refused = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    assert refused.returncode == 1
    assert "py:math" in refused.stderr and "Traceback" not in refused.stderr


def test_custom_hook_file_and_bad_hook(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "virtual_hook.py": """
                from esmload.link.loader_hooks import LoadResult

                class Virtual:
                    name = "virtual"
                    cache_key = "v1"

                    def resolve(self, specifier, context, next_resolve):
                        if specifier.startswith("virtual:"):
                            return specifier
                        return next_resolve(specifier, context)

                    def load(self, name, context, next_load):
                        if name.startswith("virtual:"):
                            return LoadResult("module", f"export default {name[8:]!r};")
                        return next_load(name, context)

                hook = Virtual()
            """,
            "main.mjs": "import v from 'virtual:hello';\nconsole.log(v);\n",
        },
    )
    result = run_esmload(
        ["--hook", "./virtual_hook.py", "main.mjs"], cwd=project, cache_dir=cache_dir
    )
    assert result.stdout == "hello\n", result.stderr
    bad = run_esmload(["--hook", "nope", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert bad.returncode == 2 and "cannot load hook" in bad.stderr


def test_hooks_from_python(tmp_path: Path) -> None:
    from esmload.hooks.python import PythonModulesHook
    from esmload.hooks.text import hook as text_hook

    write_tree(
        tmp_path,
        {
            "m.mjs": """
                import note from './note.txt' with { type: 'text' };
                import { dumps } from 'py:json';
                export const out = dumps({ note: note.trim() });
            """,
            "note.txt": "hi\n",
        },
    )
    with esmload.Runtime(
        cache_dir=tmp_path / "c", hooks=[text_hook, PythonModulesHook(allow={"json"})]
    ) as rt:
        assert rt.import_module(str(tmp_path / "m.mjs")).out == '{"note": "hi"}'
