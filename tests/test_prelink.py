"""Prelinked warm starts (esmload/link/fast_start.py): an unchanged program is read and linked
with QuickJS's own naming; anything that could change how an import resolves must send the
run back to the usual path, with the same output Node's rules give."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest

from conftest import Result, run_esmload, write_tree

PRELINKED = re.compile(r"bundled=(\d+) prelinked=(\d+)")

PROGRAM = {
    "main.mjs": """
        import { greet } from 'greeter';
        import { helper } from './lib/helper.mjs';
        import { up } from './lib/../lib/up.mjs';
        import probed from './lib/probed';
        import data from './data.json' with { type: 'json' };
        import { a } from './cycle/a.mjs';
        const lazy = await import('./lazy.mjs');
        const again = await import('greeter');
        console.log(greet('x'), helper(), up('y'), probed, data.n, a(), lazy.value,
          again.greet === greet, import.meta.url.endsWith('/main.mjs'));
    """,
    "lib/helper.mjs": """
        import { shared } from '../shared.mjs';
        export const helper = () => shared + ':' + import.meta.url.split('/').slice(-2).join('/');
    """,
    "lib/up.mjs": "export const up = (s) => s.toUpperCase();\n",
    "lib/probed.js": "export default 'probed';\n",
    "shared.mjs": "export const shared = 'shared';\n",
    "cycle/a.mjs": "import { b } from './b.mjs';\nexport const a = () => 'a' + b();\n",
    "cycle/b.mjs": (
        "import { a } from './a.mjs';\n"
        "export const b = () => typeof a + '@' + import.meta.url.split('/').at(-2);\n"
    ),
    "lazy.mjs": "import { shared } from './shared.mjs';\nexport const value = 'lazy-' + shared;\n",
    "data.json": '{"n": 7}',
    "node_modules/greeter/package.json": json.dumps(
        {
            "name": "greeter",
            "type": "module",
            "exports": {".": "./src/index.js"},
            "imports": {"#punct": "./src/punct.js"},
        }
    ),
    "node_modules/greeter/src/index.js": (
        "import { punct } from '#punct';\nexport const greet = (n) => 'hello ' + n + punct;\n"
    ),
    "node_modules/greeter/src/punct.js": "export const punct = '!';\n",
}
EXPECTED = "hello x! shared:lib/helper.mjs Y probed 7 afunction@cycle lazy-shared true true\n"
JS_MODULES = 10
# Prelinked: the static graph. lazy.mjs (imported dynamically) is read from the bundle when
# the program imports it.
STATIC_JS_MODULES = 9


def run(project: Path, cache_dir: Path) -> Result:
    return run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)


def prelinked(result: Result) -> int:
    match = PRELINKED.search(result.stderr)
    assert match, result.stderr
    return int(match.group(2))


def warm_up(project: Path, cache_dir: Path) -> None:
    """Cold run (records), all-hit run (bundle with its link table), then a prelinked run."""
    for _ in range(2):
        result = run(project, cache_dir)
        assert result.stdout == EXPECTED, result.stderr
        assert prelinked(result) == 0
    result = run(project, cache_dir)
    assert result.stdout == EXPECTED, result.stderr
    assert prelinked(result) == STATIC_JS_MODULES
    assert f"bundled={JS_MODULES}" in result.stderr


@pytest.fixture
def program(project: Path) -> Path:
    write_tree(project, PROGRAM)
    return project


def test_unchanged_program_is_prelinked_with_the_same_output(
    program: Path, cache_dir: Path
) -> None:
    warm_up(program, cache_dir)
    for _ in range(2):
        result = run(program, cache_dir)
        assert (result.stdout, result.returncode) == (EXPECTED, 0)
        assert prelinked(result) == STATIC_JS_MODULES
        assert "written=0" in result.stderr


def test_failed_dynamic_import_leaves_bundled_modules_usable(
    project: Path, cache_dir: Path
) -> None:
    write_tree(
        project,
        {
            "main.mjs": """
                import { base } from './base.mjs';
                for (const name of ['./broken.mjs', './nope.mjs', './broken.mjs']) {
                  await import(name).catch((e) => console.log('failed', e.code ?? e.name));
                }
                const { lazy } = await import('./lazy.mjs');
                console.log(base, lazy, (await import('./base.mjs')).base === base);
            """,
            "base.mjs": "export const base = 'base';\n",
            "broken.mjs": "import './missing.mjs';\nexport const x = 1;\n",
            "lazy.mjs": "import { base } from './base.mjs';\nexport const lazy = 'lazy-' + base;\n",
        },
    )
    expected = "failed ERR_MODULE_NOT_FOUND\n" * 3 + "base lazy-base true\n"
    results = [run(project, cache_dir) for _ in range(4)]
    for result in results:
        assert (result.stdout, result.returncode) == (expected, 0), result.stderr
    assert prelinked(results[-1]) == 2


@pytest.mark.parametrize(
    ("field", "key", "file", "code", "before", "after"),
    [
        (
            "exports",
            ".",
            "other.js",
            "export const greet = (n) => 'other ' + n;",
            "hello x!",
            "other x",
        ),
        ("imports", "#punct", "question.js", "export const punct = '?';", "x!", "x?"),
    ],
    ids=["exports", "imports"],
)
def test_package_json_change_is_seen(
    program: Path,
    cache_dir: Path,
    field: str,
    key: str,
    file: str,
    code: str,
    before: str,
    after: str,
) -> None:
    # No module changed, so the bundle's stamps hold: the bare and `#` imports are what the
    # prelinked start resolves again.
    warm_up(program, cache_dir)
    package = program / "node_modules/greeter/package.json"
    manifest = json.loads(package.read_text())
    manifest[field][key] = f"./src/{file}"
    package.write_text(json.dumps(manifest))
    (program / "node_modules/greeter/src" / file).write_text(code + "\n")
    result = run(program, cache_dir)
    assert result.stdout == EXPECTED.replace(before, after), result.stderr
    assert prelinked(result) == 0


def test_nearer_package_shadows_the_old_one(program: Path, cache_dir: Path) -> None:
    write_tree(
        program,
        {
            "main.mjs": "import { greet } from './sub/use.mjs';\nconsole.log(greet('z'));\n",
            "sub/use.mjs": "export { greet } from 'greeter';\n",
        },
    )
    for _ in range(3):
        result = run(program, cache_dir)
        assert result.stdout == "hello z!\n", result.stderr
    assert prelinked(result) > 0
    write_tree(
        program,
        {
            "sub/node_modules/greeter/package.json": '{"name": "greeter", "exports": "./near.js"}',
            "sub/node_modules/greeter/near.js": "export const greet = (n) => 'near ' + n;\n",
        },
    )
    result = run(program, cache_dir)
    assert result.stdout == "near z\n", result.stderr


def test_new_file_changes_a_probed_import(program: Path, cache_dir: Path) -> None:
    warm_up(program, cache_dir)
    # './lib/probed' found lib/probed.js by probing; a file named exactly so now comes first.
    (program / "lib/probed").write_text("export default 'exact';\n")
    result = run(program, cache_dir)
    assert result.stdout == EXPECTED.replace(" probed ", " exact "), result.stderr


def test_directory_replaced_by_a_symlink(program: Path, cache_dir: Path) -> None:
    warm_up(program, cache_dir)
    # The files keep their inodes and stamps; their real paths (module URLs) change.
    (program / "cycle").rename(program / "cycle2")
    (program / "cycle").symlink_to("cycle2")
    result = run(program, cache_dir)
    assert result.stdout == EXPECTED.replace("@cycle", "@cycle2"), result.stderr
    assert prelinked(result) == 0


def test_json_module_is_read_afresh(program: Path, cache_dir: Path) -> None:
    warm_up(program, cache_dir)
    (program / "data.json").write_text('{"n": 8}')
    result = run(program, cache_dir)
    assert result.stdout == EXPECTED.replace(" 7 ", " 8 "), result.stderr
    assert prelinked(result) == STATIC_JS_MODULES


def test_removed_module_is_reported_like_a_cold_run(program: Path, cache_dir: Path) -> None:
    warm_up(program, cache_dir)
    (program / "node_modules/greeter/src/punct.js").unlink()
    warm = run(program, cache_dir)
    cold = run_esmload(["--no-cache", "main.mjs"], cwd=program)
    assert warm.returncode == cold.returncode == 1
    assert warm.stdout == cold.stdout == ""
    assert warm.stderr.splitlines()[0] == cold.stderr.splitlines()[0]
    assert "punct.js" in cold.stderr


def test_one_name_for_two_modules_is_not_prelinked(project: Path, cache_dir: Path) -> None:
    # 'dep' from two packages is two different modules: QuickJS's name for both would be
    # "dep", so this graph always takes the usual path.
    def package(name: str, body: str) -> dict[str, str]:
        return {
            f"{name}/package.json": json.dumps(
                {"name": name.rsplit("/", 1)[-1], "exports": "./i.js"}
            ),
            f"{name}/i.js": body,
        }

    write_tree(
        project,
        {
            "main.mjs": "import { a } from 'a';\nimport { b } from 'b';\nconsole.log(a, b);\n",
            **package("node_modules/a", "import { v } from 'dep';\nexport const a = 'a' + v;\n"),
            **package("node_modules/b", "import { v } from 'dep';\nexport const b = 'b' + v;\n"),
            **package("node_modules/a/node_modules/dep", "export const v = 1;\n"),
            **package("node_modules/b/node_modules/dep", "export const v = 2;\n"),
        },
    )
    for _ in range(4):
        result = run(project, cache_dir)
        assert result.stdout == "a1 b2\n", result.stderr
    assert prelinked(result) == 0
    assert "bundled=5" in result.stderr


def test_builtin_module_name_matches_quickjs() -> None:
    """The naming rule the link table relies on, checked against the engine's own."""
    from esmload.engine.core import Engine
    from esmload.link.fast_start import builtin_module_name

    asked: list[str] = []

    def load(name: str, attributes: dict[str, str]) -> object:
        asked.append(name)
        raise LookupError("only the name is wanted")

    engine = Engine(load_callback=load)
    engine.use_builtin_normalizer(True)
    rng = random.Random(7)
    segments = [".", "..", "a", "b.js", "", "é", "x y", "...", ".a", "node_modules", "%20"]
    bases = [
        "/p/a/b.js",
        "/a.js",
        "a.js",
        "a/b.js",
        "/",
        "/p/./q.js",
        "/p/../q.js",
        "x",
        "/é/ü.mjs",
    ]
    compared = 0
    try:
        for i in range(3000):
            if rng.random() < 0.6:
                base = rng.choice(bases)
            else:
                base = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 5)))
            base = f"{base}#{i}"  # a new module each time: no import can name an earlier one
            specifier = rng.choice(["./", "../", ".", "", "/", "../../"]) + "/".join(
                rng.choice(segments) for _ in range(rng.randint(0, 5))
            )
            if not base or not specifier:
                continue
            asked.clear()
            with pytest.raises(Exception):  # noqa: B017, PT011 - the loader refuses every name
                engine.compile_module(base, f"import {json.dumps(specifier)};".encode())
            assert asked, (base, specifier)
            assert asked[0] == builtin_module_name(base, specifier), (base, specifier)
            compared += 1
    finally:
        engine.close()
    assert compared > 2000


def test_warm_start_imports_nothing_it_does_not_use(project: Path, cache_dir: Path) -> None:
    import subprocess
    import sys

    # A bare import (package.json exports and imports), relative ones and a JSON module.
    files = {k: v for k, v in PROGRAM.items() if k.startswith("node_modules/")}
    files["data.json"] = '{"n": 7}'
    files["main.mjs"] = (
        "import { greet } from 'greeter';\n"
        "import data from './data.json' with { type: 'json' };\n"
        "console.log(greet('w'), data.n);\n"
    )
    write_tree(project, files)
    code = (
        "import sys\n"
        "before = set(sys.modules)  # an editable install's finder imports some at start-up\n"
        "from esmload.cli.main import main\n"
        "code = main(['--cache-stats', 'main.mjs'])\n"
        "unwanted = ('re', 'json', 'typing', 'esprima', 'cbor2', 'platformdirs', 'pathlib')\n"
        "print(sorted(m for m in unwanted if m in sys.modules and m not in before))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True
        )
    assert result.stdout == "hello w! 7\n[]\n", result.stderr
    assert prelinked(result) == 3


def test_big_bundle_read_ahead_and_checked(project: Path, cache_dir: Path) -> None:
    # A bundle over 256 KiB is read and hashed on a second thread during start-up
    # (cache/prefetch.py); a damaged one must still be refused.
    write_tree(
        project,
        {
            "main.mjs": "import { big } from './big.mjs';\nconsole.log(big.length, big.at(-1));\n",
            "big.mjs": "export const big = '" + "ab" * 700_000 + "z';\n",
        },
    )
    for _ in range(3):
        result = run(project, cache_dir)
        assert result.stdout == "1400001 z\n", result.stderr
    assert prelinked(result) == 2
    bundles = [
        p
        for p in (cache_dir / "records").rglob("*.rec")
        if int.from_bytes(p.read_bytes()[10:12], "little") & 4
    ]
    assert len(bundles) == 1 and bundles[0].stat().st_size > 1 << 20
    data = bytearray(bundles[0].read_bytes())
    data[len(data) // 2] ^= 0x20
    bundles[0].write_bytes(bytes(data))
    damaged = run(project, cache_dir)
    assert damaged.stdout == "1400001 z\n", damaged.stderr
    assert "bundled=0" in damaged.stderr
    assert prelinked(run(project, cache_dir)) == 2  # rewritten
