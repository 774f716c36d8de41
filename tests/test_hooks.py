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
    without = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    assert without.returncode == 1
    assert 'Import attribute "type" with value "text" is not supported' in without.stderr


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
