"""The command line's options: one table (cli/options.py) drives both the argparse-free fast
path and the argparse parser, a warm run never imports argparse, and no cli module imports
cli/main.py (test_layout.py checks the whole package for import cycles)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import esmload.cli
from conftest import run_esmload, write_tree
from esmload.cli.main import build_parser, parse_args
from esmload.cli.options import FLAG, GRANT, OPTIONS, REPEATED, VALUE, for_argparse, quick_parse

CLI_DIR = Path(esmload.cli.__file__).parent
DEFAULTS = {option.dest: option.default() for option in OPTIONS}


def expected(option_values: dict[str, object], target: str, args: list[str]) -> dict[str, object]:
    return {**DEFAULTS, **option_values, "target": target, "args": args}


def table_cases() -> list[tuple[list[str], dict[str, object]]]:
    """For every option in the table: both forms, repeated, and an empty value."""
    cases = []
    for option in OPTIONS:
        name, dest = option.name, option.dest
        if option.kind == FLAG:
            cases.append(([name, "main.mjs"], expected({dest: True}, "main.mjs", [])))
            cases.append(([name, name, "main.mjs", "x"], expected({dest: True}, "main.mjs", ["x"])))
            continue
        if option.kind == GRANT:
            cases += [
                # Bare, it grants everything and never takes the next argument as its value.
                ([name, "main.mjs"], expected({dest: ["*"]}, "main.mjs", [])),
                ([f"{name}=a,b", "main.mjs", "x"], expected({dest: ["a,b"]}, "main.mjs", ["x"])),
                ([name, f"{name}=c", "main.mjs"], expected({dest: ["*", "c"]}, "main.mjs", [])),
            ]
            continue
        assert option.kind in (VALUE, REPEATED), option.kind

        def result(*values: str, kind: str = option.kind) -> object:
            return list(values) if kind == REPEATED else values[-1]

        cases += [
            ([name, "v1", "main.mjs"], expected({dest: result("v1")}, "main.mjs", [])),
            ([f"{name}=v1", "main.mjs", "a"], expected({dest: result("v1")}, "main.mjs", ["a"])),
            (
                [name, "v1", f"{name}=v=2", "main.mjs"],
                expected({dest: result("v1", "v=2")}, "main.mjs", []),
            ),
            ([f"{name}=", "main.mjs"], expected({dest: result("")}, "main.mjs", [])),
            # A value named like a command or like the entry is still the option's value.
            ([name, "graph", "prog.mjs"], expected({dest: result("graph")}, "prog.mjs", [])),
            ([name, "main.mjs", "main.mjs"], expected({dest: result("main.mjs")}, "main.mjs", [])),
        ]
    return cases


def every_option(form: str) -> tuple[list[str], dict[str, object]]:
    args: list[str] = []
    values: dict[str, object] = {}
    for option in OPTIONS:
        if option.kind == FLAG:
            args.append(option.name)
            values[option.dest] = True
        elif option.kind == GRANT:
            args += [f"{option.name}=x"] if form == "=" else [option.name]
            values[option.dest] = ["x"] if form == "=" else ["*"]
        else:
            value = f"./{option.dest}.x"
            args += [f"{option.name}={value}"] if form == "=" else [option.name, value]
            values[option.dest] = [value] if option.kind == REPEATED else value
    return [*args, "main.mjs", "p", "--q"], expected(values, "main.mjs", ["p", "--q"])


FAST_CASES = [
    *table_cases(),
    every_option("="),
    every_option(" "),
    (["main.mjs"], expected({}, "main.mjs", [])),
    # After FILE everything is the program's, options and commands included.
    (
        ["main.mjs", "--no-cache", "-x", "--help", "--import", "y", "graph"],
        expected({}, "main.mjs", ["--no-cache", "-x", "--help", "--import", "y", "graph"]),
    ),
    (
        ["--cache-stats", "main.mjs", "a b", ""],
        expected({"cache_stats": True}, "main.mjs", ["a b", ""]),
    ),
    (["./graph"], expected({}, "./graph", [])),
]


def test_the_cases_cover_every_option_in_both_forms() -> None:
    used = {arg.partition("=")[0] for args, _ in FAST_CASES for arg in args}
    assert {option.name for option in OPTIONS} <= used
    with_equals = {arg.partition("=")[0] for args, _ in FAST_CASES for arg in args if "=" in arg}
    assert {option.name for option in OPTIONS if option.kind != FLAG} <= with_equals


def case_ids(cases: list[tuple[list[str], dict[str, object]]]) -> list[str]:
    return [" ".join(repr(arg) for arg in args) for args, _ in cases]


@pytest.mark.parametrize(("args", "want"), FAST_CASES, ids=case_ids(FAST_CASES))
def test_fast_path_and_argparse_agree(args: list[str], want: dict[str, object]) -> None:
    fast = quick_parse(list(args))
    assert fast is not None, "the fast path must take the common form"
    slow = build_parser().parse_args(for_argparse(list(args)))
    assert vars(fast) == vars(slow)
    assert vars(fast) == want


# What the fast path leaves to argparse, and what argparse makes of it.
FALLBACK_CASES = [
    (["graph", "main.mjs"], expected({}, "graph", ["main.mjs"])),
    (["--no-cache", "cache", "info"], expected({"no_cache": True}, "cache", ["info"])),
    (["compile", ".", "-j", "2"], expected({}, "compile", [".", "-j", "2"])),
    (["--", "main.mjs", "x"], expected({}, "main.mjs", ["x"])),
    # argparse takes unambiguous abbreviations of long options.
    (["--no", "main.mjs"], expected({"no_cache": True}, "main.mjs", [])),
    (
        ["--cache-s", "--cache-d=d", "main.mjs"],
        expected({"cache_stats": True, "cache_dir": "d"}, "main.mjs", []),
    ),
]


@pytest.mark.parametrize(("args", "want"), FALLBACK_CASES, ids=case_ids(FALLBACK_CASES))
def test_the_rest_goes_to_argparse(args: list[str], want: dict[str, object]) -> None:
    assert quick_parse(list(args)) is None
    assert vars(parse_args(list(args))) == want


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--bogus", "main.mjs"],
        ["--no-cache=1", "main.mjs"],
        *[[option.name] for option in OPTIONS if option.kind != FLAG],
        *[[option.name, "v"] for option in OPTIONS if option.kind in (VALUE, REPEATED)],
        *[[option.name] for option in OPTIONS if option.kind == FLAG],
    ],
    ids=repr,
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert quick_parse(list(args)) is None
    with pytest.raises(SystemExit) as exit_:
        parse_args(list(args))
    assert exit_.value.code == 2
    assert "usage: esmload" in capsys.readouterr().err


def test_help_lists_exactly_the_table_with_its_help_strings() -> None:
    text = build_parser().format_help()
    flat = " ".join(text.split())
    for option in OPTIONS:
        shown = (
            option.name
            if option.kind == FLAG
            else f"{option.name} [{option.metavar}]"
            if option.kind == GRANT
            else f"{option.name} {option.metavar}"
        )
        assert f"{shown} {option.help}" in flat, option.name
    found = re.findall(r"(?<![\w-])--[a-z][a-z-]*", text)
    assert set(found) == {"--help", "--version"} | {option.name for option in OPTIONS}
    listed = [name for name in dict.fromkeys(found) if name not in ("--help", "--version")]
    assert listed == [option.name for option in OPTIONS]


def imported_names(result: subprocess.CompletedProcess[str]) -> set[str]:
    """Modules named by `python -X importtime` on stderr."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_warm_run_does_not_import_argparse(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": "import { n } from './lib.mjs';\nconsole.log('n', n);\n",
            "lib.mjs": "export const n = 7;\n",
        },
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    cold = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert cold.stdout == "n 7\n", cold.stderr

    def traced(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "esmload", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    for args in (["--cache-stats", "main.mjs"], ["--cache-dir", str(cache_dir), "main.mjs"]):
        warm = traced(*args)
        assert warm.returncode == 0 and warm.stdout == "n 7\n", warm.stderr[-2000:]
        imported = imported_names(warm)
        assert "esmload.cli.options" in imported
        assert "argparse" not in imported, args
    assert "hits=2 misses=0" in traced("--cache-stats", "main.mjs").stderr
    # The same check sees argparse where it is used, so the assertions above can fail.
    assert "argparse" in imported_names(traced("--help"))


def test_options_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, esmload\n"
        "before = set(sys.modules)\n"
        "import esmload.cli.options\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "['esmload.cli', 'esmload.cli.options']\n", result.stderr


CLI_MODULES = sorted(
    f"esmload.cli.{path.stem}" for path in CLI_DIR.glob("*.py") if path.stem != "__init__"
)


@pytest.mark.parametrize("module", [m for m in CLI_MODULES if m != "esmload.cli.main"])
def test_cli_modules_do_not_import_main(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "print('esmload.cli.main' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "False\n", result.stderr


def test_a_file_named_like_a_command_runs_as_a_program(project: Path, cache_dir: Path) -> None:
    write_tree(project, {"graph": "console.log('ran', process.argv.slice(2).join());\n"})
    result = run_esmload(["graph", "x", "--help"], cwd=project, cache_dir=cache_dir)
    assert (result.returncode, result.stdout) == (0, "ran x,--help\n"), result.stderr
    # Without the file, `graph` is the command.
    (project / "graph").unlink()
    write_tree(project, {"main.mjs": "console.log(1);\n"})
    command = run_esmload(["graph", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert command.returncode == 0 and "main.mjs" in command.stdout, command.stderr
    assert "1 modules" in command.stdout
