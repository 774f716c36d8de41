"""The transparent cache, end to end: real programs, real records on disk."""

from __future__ import annotations

import os
import re
import struct
from pathlib import Path

import pytest

from conftest import Result, module_records, run_esmload, write_tree

STATS = re.compile(r"esmload cache: hits=(\d+) misses=(\d+) written=(\d+) invalid=(\d+)")

PROGRAM = {
    "main.mjs": """
        import { a } from './a.mjs';
        import data from './data.json' with { type: 'json' };
        const { lazy } = await import('./lazy.mjs');
        console.log(a(), data.n, lazy, import.meta.main);
    """,
    "a.mjs": """
        import { b } from './b.mjs';
        export const a = () => 'a+' + b();
    """,
    "b.mjs": """
        import { a } from './a.mjs';
        export const b = () => typeof a;
    """,
    "lazy.mjs": "export const lazy = await Promise.resolve('lazy');\n",
    "data.json": '{"n": 7}',
}
EXPECTED = "a+function 7 lazy true\n"
# Four module records, plus one for the host prelude's bytecode.
RECORDS = 5


def stats(result: Result) -> dict[str, int]:
    match = STATS.search(result.stderr)
    assert match, result.stderr
    keys = ("hits", "misses", "written", "invalid")
    return dict(zip(keys, map(int, match.groups()), strict=True))


def run(project: Path, cache_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Result:
    return run_esmload(
        ["--cache-stats", *extra, "main.mjs"], cwd=project, cache_dir=cache_dir, env=env
    )


def records(cache_dir: Path) -> list[Path]:
    return sorted(
        p for p in (cache_dir / "records").rglob("*") if p.is_file() and not p.name.endswith(".tmp")
    )


@pytest.fixture
def program(project: Path) -> Path:
    write_tree(project, PROGRAM)
    return project


def test_cold_then_warm(program: Path, cache_dir: Path) -> None:
    cold = run(program, cache_dir)
    assert cold.stdout == EXPECTED, cold.stderr
    assert stats(cold) == {"hits": 0, "misses": 4, "written": 4, "invalid": 0}
    assert len(records(cache_dir)) == RECORDS
    warm = run(program, cache_dir)
    assert warm.stdout == EXPECTED, warm.stderr
    assert stats(warm) == {"hits": 4, "misses": 0, "written": 0, "invalid": 0}
    assert warm.returncode == cold.returncode == 0


def test_cache_directory_is_private_and_tagged(program: Path, cache_dir: Path) -> None:
    run(program, cache_dir)
    assert (cache_dir.stat().st_mode & 0o777) == 0o700
    assert (
        (cache_dir / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_edit_invalidates_touch_does_not(program: Path, cache_dir: Path) -> None:
    run(program, cache_dir)
    b = program / "b.mjs"
    future = b.stat().st_mtime + 100
    os.utime(b, (future, future))
    touched = run(program, cache_dir)
    assert stats(touched)["hits"] == 4
    b.write_text("import { a } from './a.mjs';\nexport const b = () => 'edited ' + typeof a;\n")
    edited = run(program, cache_dir)
    assert edited.stdout == "a+edited function 7 lazy true\n"
    assert stats(edited) == {"hits": 3, "misses": 1, "written": 1, "invalid": 1}
    assert stats(run(program, cache_dir))["hits"] == 4


def test_warm_run_never_imports_the_parser(program: Path, cache_dir: Path, tmp_path: Path) -> None:
    run(program, cache_dir)
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "esprima.py").write_text(
        "raise ImportError('esprima must not be imported on a warm run')\n"
    )
    env = {"PYTHONPATH": str(blocker)}
    warm = run(program, cache_dir, env=env)
    assert warm.stdout == EXPECTED, warm.stderr
    assert stats(warm)["hits"] == 4
    # The same blocker breaks the cold run of a module that needs the parser (the scan cannot
    # vouch for an `import(` in a string), so the test above can fail.
    edit = "\nconst unused = \"import('x')\";\n"
    (program / "a.mjs").write_text((program / "a.mjs").read_text() + edit)
    cold = run(program, cache_dir, env=env)
    assert cold.stdout == EXPECTED
    assert stats(cold)["misses"] == 1
    assert "uncacheable=1" in cold.stderr


def damage_cases(data: bytes) -> dict[str, bytes]:
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    return {
        "flipped byte": bytes(flipped),
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "garbage": os.urandom(len(data)),
        "bad magic": b"XXXXXXXX" + data[8:],
        "other format version": data[:8] + struct.pack("<H", 999) + data[10:],
        "other engine version": data[:12] + b"0.1.0".ljust(16, b"\0") + data[28:],
    }


@pytest.mark.parametrize("case", list(damage_cases(b"x" * 64)))
def test_damaged_records_are_misses_and_get_rewritten(
    program: Path, cache_dir: Path, case: str
) -> None:
    run(program, cache_dir)
    for record in records(cache_dir):
        record.write_bytes(damage_cases(record.read_bytes())[case])
    damaged = run(program, cache_dir)
    assert damaged.stdout == EXPECTED, damaged.stderr
    assert damaged.returncode == 0
    assert "Traceback" not in damaged.stderr
    assert stats(damaged) == {"hits": 0, "misses": 4, "written": 4, "invalid": 4}
    assert stats(run(program, cache_dir))["hits"] == 4


def test_record_from_other_source_under_the_same_name(program: Path, cache_dir: Path) -> None:
    run(program, cache_dir)
    paths = module_records(cache_dir)
    # Swap two records: each is valid, but for another module's source.
    first, second = paths[0], paths[1]
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)
    swapped = run(program, cache_dir)
    assert swapped.stdout == EXPECTED, swapped.stderr
    assert stats(swapped)["invalid"] == 2


def test_no_cache_and_environment_variables(program: Path, cache_dir: Path, tmp_path: Path) -> None:
    flag = run(program, cache_dir, "--no-cache")
    assert flag.stdout == EXPECTED
    assert stats(flag) == {"hits": 0, "misses": 0, "written": 0, "invalid": 0}
    assert not cache_dir.exists()
    env = run(program, cache_dir, env={"ESMLOAD_NO_CACHE": "1"})
    assert env.stdout == EXPECTED and not cache_dir.exists()
    other = tmp_path / "other-cache"
    moved = run_esmload(["--cache-stats", "--cache-dir", str(other), "main.mjs"], cwd=program)
    assert moved.stdout == EXPECTED
    assert len(records(other)) == RECORDS


def test_unusable_cache_directory_warns_once_and_runs(program: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run(program, blocker / "cache")
    assert result.stdout == EXPECTED
    assert result.returncode == 0
    assert result.stderr.count("esmload: warning:") == 1
    assert stats(result)["hits"] == 0


def test_syntax_error_writes_no_record_and_throwing_module_keeps_its_record(
    project: Path, cache_dir: Path
) -> None:
    write_tree(
        project,
        {
            "main.mjs": "import './ok.mjs';\nimport './bad.mjs';\n",
            "ok.mjs": "export {};\n",
            "bad.mjs": "let = ;\n",
        },
    )
    bad = run(project, cache_dir)
    assert bad.returncode == 1
    names = {p.name for p in records(cache_dir)}
    # The prelude, ok.mjs and main.mjs, whose source compiled (its record goes to the writer
    # when QuickJS starts resolving its imports, before bad.mjs fails): not bad.mjs.
    assert len(names) == 3
    again = run(project, cache_dir)  # main.mjs from its record: the same error
    error = bad.stderr.split("esmload cache:")[0]
    assert again.returncode == 1 and again.stderr.split("esmload cache:")[0] == error
    assert "bad.mjs:1" in error and stats(again)["hits"] >= 1
    write_tree(project, {"main.mjs": "import './ok.mjs';\nthrow new Error('at runtime');\n"})
    first = run(project, cache_dir)
    second = run(project, cache_dir)
    assert first.returncode == second.returncode == 1
    assert stats(second)["hits"] == 2


def test_graph_shows_cache_state(program: Path, cache_dir: Path) -> None:
    before = run_esmload(["graph", "main.mjs"], cwd=program, cache_dir=cache_dir)
    assert before.returncode == 0, before.stderr
    assert "(not cached)" in before.stdout
    run(program, cache_dir)
    after = run_esmload(["graph", "main.mjs"], cwd=program, cache_dir=cache_dir)
    assert after.returncode == 0, after.stderr
    root = program.resolve()
    assert after.stdout.splitlines()[0] == f"{root}/main.mjs (cached)"
    assert f"./a.mjs → {root}/a.mjs (cached)" in after.stdout
    assert f"./data.json → {root}/data.json (json)" in after.stdout
    assert "./b.mjs" in after.stdout and "*" in after.stdout  # the cycle back to a.mjs


def test_compile_then_every_module_hits(program: Path, cache_dir: Path) -> None:
    compiled = run_esmload(["compile", ".", "-j", "2"], cwd=program, cache_dir=cache_dir)
    assert compiled.returncode == 0, compiled.stderr
    assert "compiled 4 of 4 modules" in compiled.stderr
    warm = run(program, cache_dir)
    assert stats(warm) == {"hits": 4, "misses": 0, "written": 0, "invalid": 0}


def test_compile_reports_bad_files_and_continues(project: Path, cache_dir: Path) -> None:
    write_tree(project, {"good.mjs": "export const x = 1;\n", "bad.mjs": "export const = 1;\n"})
    result = run_esmload(["compile", "."], cwd=project, cache_dir=cache_dir)
    assert result.returncode == 1
    assert "bad.mjs" in result.stderr and "SyntaxError" in result.stderr
    assert "compiled 1 of 2 modules" in result.stderr


def test_cache_info_verify_prune_clear(program: Path, cache_dir: Path) -> None:
    run(program, cache_dir)
    info = run_esmload(["cache", "info"], cwd=program, cache_dir=cache_dir)
    assert f"records: {RECORDS}" in info.stdout, info.stderr
    victim = records(cache_dir)[0]
    victim.write_bytes(victim.read_bytes()[:-3])
    stale_tmp = victim.parent / (victim.name + ".123.abc.tmp")
    stale_tmp.write_bytes(b"partial")
    os.utime(stale_tmp, (1, 1))
    verify = run_esmload(["cache", "verify"], cwd=program, cache_dir=cache_dir)
    assert verify.returncode == 0, verify.stderr
    assert f"{RECORDS - 1} valid, 1 removed, 1 temp files removed" in verify.stdout
    assert not stale_tmp.exists() and not victim.exists()
    clean = run_esmload(["cache", "verify"], cwd=program, cache_dir=cache_dir)
    assert f"{RECORDS - 1} valid, 0 removed" in clean.stdout
    pruned = run_esmload(["cache", "prune", "--max-bytes", "0"], cwd=program, cache_dir=cache_dir)
    assert pruned.returncode == 0
    assert len(records(cache_dir)) == 0
    run(program, cache_dir)
    cleared = run_esmload(["cache", "clear"], cwd=program, cache_dir=cache_dir)
    assert cleared.returncode == 0 and records(cache_dir) == []
    assert (cache_dir / "CACHEDIR.TAG").exists()


def test_graph_bundle_serves_unchanged_programs(program: Path, cache_dir: Path) -> None:
    cold = run(program, cache_dir)
    assert "bundled=0" in cold.stderr
    second = run(program, cache_dir)  # all hits: writes the bundle
    assert stats(second)["hits"] == 4 and "bundled=0" in second.stderr
    third = run(program, cache_dir)
    assert third.stdout == EXPECTED
    assert stats(third) == {"hits": 4, "misses": 0, "written": 0, "invalid": 0}
    assert "bundled=4" in third.stderr
    # Touched: the bundle's stat stamps no longer match; the per-module path checks content.
    b = program / "b.mjs"
    os.utime(b, (b.stat().st_atime, b.stat().st_mtime + 5))
    touched = run(program, cache_dir)
    assert touched.stdout == EXPECTED and "bundled=0" in touched.stderr
    assert stats(touched)["hits"] == 4
    assert "bundled=4" in run(program, cache_dir).stderr  # rewritten
    # Edited with the same size: the bundle is not used, the new code runs.
    b.write_text(b.read_text().replace("typeof a", "typeof b"))
    edited = run(program, cache_dir)
    assert edited.stdout == "a+function 7 lazy true\n" and "bundled=0" in edited.stderr
    assert stats(edited)["misses"] == 1


def test_damaged_bundle_is_ignored(program: Path, cache_dir: Path) -> None:
    for _ in range(2):
        run(program, cache_dir)
    bundles = [
        p
        for p in (cache_dir / "records").rglob("*.rec")
        if int.from_bytes(p.read_bytes()[10:12], "little") & 4
    ]
    assert len(bundles) == 1
    data = bytearray(bundles[0].read_bytes())
    data[-10] ^= 0xFF
    bundles[0].write_bytes(bytes(data))
    result = run(program, cache_dir)
    assert result.stdout == EXPECTED and "bundled=0" in result.stderr
    assert stats(result)["hits"] == 4
    assert "bundled=4" in run(program, cache_dir).stderr


def _wide_graph(count: int) -> dict[str, str]:
    imports = "".join(f"import {{ v{i} }} from './m{i}.mjs';\n" for i in range(count))
    total = " + ".join(f"v{i}" for i in range(count))
    files = {"main.mjs": imports + f"console.log('sum', {total});\n"}
    for i in range(count):
        files[f"m{i}.mjs"] = f"export const v{i} = {i};\n"
    return files


def test_cold_run_writes_every_record_without_parsing(
    project: Path, cache_dir: Path, tmp_path: Path
) -> None:
    # The cold path reads each record out of the engine's bytecode plus a source scan
    # (analyze/fast.py): every record is written, and esprima is never imported for them.
    count = 60
    write_tree(project, _wide_graph(count))
    expected = f"sum {sum(range(count))}\n"
    cold = run(project, cache_dir)
    assert cold.stdout == expected, cold.stderr
    assert stats(cold) == {"hits": 0, "misses": count + 1, "written": count + 1, "invalid": 0}
    warm = run(project, cache_dir)
    assert warm.stdout == expected
    assert stats(warm)["hits"] == count + 1
    blocked, analyzers = run_without_esprima(project, tmp_path)
    assert blocked.stdout == expected, blocked.stderr
    assert stats(blocked)["written"] == count + 1
    assert analyzers == set()


def run_without_esprima(project: Path, tmp_path: Path) -> tuple[Result, set[str]]:
    """A cold run whose esprima cannot be imported, and the ids of the processes that tried
    to analyze a module with it."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    attempts = tmp_path / "attempts"
    attempts.write_text("")
    (blocker / "esprima.py").write_text(
        "import os, sys\n"
        "frame = sys._getframe(1)\n"
        "while frame is not None and frame.f_code.co_name != '_parse':\n"
        "    frame = frame.f_back\n"
        "if frame is not None:  # imported to analyze a module (not a worker's warm-up)\n"
        f"    with open({str(attempts)!r}, 'a') as log:\n"
        "        log.write(f'{os.getpid()}\\n')\n"
        "raise ImportError('no esprima here')\n"
    )
    result = run(project, tmp_path / "blocked-cache", env={"PYTHONPATH": str(blocker)})
    return result, set(attempts.read_text().split())


def test_a_module_the_scan_cannot_vouch_for_is_parsed(
    project: Path, cache_dir: Path, tmp_path: Path
) -> None:
    # `import(` inside a string: the scan cannot tell it from code for sure, so esprima
    # analyzes that module (and only it); without esprima it is just not cached.
    write_tree(
        project,
        {
            "main.mjs": "import { f } from './odd.mjs';\nconsole.log(f());\n",
            "odd.mjs": "export const f = () => \"import('x') and import.meta\";\n",
        },
    )
    expected = "import('x') and import.meta\n"
    cold = run(project, cache_dir)
    assert cold.stdout == expected, cold.stderr
    assert stats(cold) == {"hits": 0, "misses": 2, "written": 2, "invalid": 0}
    assert stats(run(project, cache_dir))["hits"] == 2
    blocked, analyzers = run_without_esprima(project, tmp_path)
    assert blocked.stdout == expected and "uncacheable=1" in blocked.stderr
    assert len(analyzers) == 1
