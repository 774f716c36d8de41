"""Benchmark: esmload cold / warm / --no-cache against node and qjs on the npm workloads.

    python bench/run.py [--repeat N] [--only three,lodash,require] [--engine auto|build|wheel]
                        [--out bench-results.json]

Workloads are tests/workloads/*.mjs (ES module entry points) and *.cjs (CommonJS entry
points), named by their stem. When a `qjs` binary is found ($QJS, else on PATH), the workloads
it can run as they are (no bare imports or Node built-ins: `compute`, `hello`) are timed with it
too: QuickJS-ng's own CLI, the engine without esmload. `--engine` picks the engine esmload
runs on (ESMLOAD_ENGINE: the build made at install, or the quickjs-ng wheel's).

Installs tests/workloads with npm into a scratch folder (kept between runs with --scratch),
then runs every mode of every workload in interleaved rounds and reports medians and ratios
measured in the same run. Wall-clock times include interpreter start-up, like a user sees.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import esmload_env, print_versions, reference_tools

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ROOT / "tests" / "workloads"


def install(scratch: Path) -> None:
    scratch.mkdir(parents=True, exist_ok=True)
    for item in WORKLOADS.iterdir():
        if item.is_file():
            shutil.copy(item, scratch / item.name)
    # (Re)install when the pinned packages changed since the scratch copy was installed.
    installed = scratch / "node_modules" / ".package-lock.json"
    manifest = scratch / "package.json"
    if not installed.is_file() or installed.stat().st_mtime < manifest.stat().st_mtime:
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=scratch,
            check=True,
        )


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    elapsed, out, _ = measured(cmd, cwd, env)
    return elapsed, out


def measured(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str, str]:
    """Wall time, stdout and stderr of one run (which must succeed)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return elapsed, proc.stdout, proc.stderr


def rss_of(cmd: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Peak RSS (KiB) of one run, measured in a fresh helper process so that earlier,
    bigger children do not mask it."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    return int(python_output(code, cmd, cwd, env))


def profile(cmd: list[str], cwd: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """Median time per phase from esmload's own timers (ESMLOAD_PROFILE=1)."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        _, _, err = measured(cmd, cwd, {**env, "ESMLOAD_PROFILE": "1"})
        line = next(line for line in err.splitlines() if line.startswith("esmload profile"))
        for cell in line.split(": ", 1)[1].split():
            name, value = cell.split("=")
            samples.setdefault(name, []).append(float(value))
    return {name: statistics.median(values) for name, values in samples.items()}


def runs_on_qjs(qjs: str, entry: str, cwd: Path, env: dict[str, str], expected: str) -> bool:
    """Whether qjs runs the workload as it is and prints what esmload printed (it resolves
    no bare specifiers and has no Node built-ins, so most workloads fail on it)."""
    try:
        proc = subprocess.run(
            [qjs, entry], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0 and proc.stdout == expected


def workload_entries() -> dict[str, str]:
    """Workload name (the file's stem) → entry file: ES modules and CommonJS programs."""
    files = [*WORKLOADS.glob("*.mjs"), *WORKLOADS.glob("*.cjs")]
    return {p.stem: p.name for p in sorted(files)}


def python_output(code: str, args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """What `python -c code args...` prints (it must succeed)."""
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--cold-repeat", type=int, default=None, help="cold runs per workload (default: --repeat)"
    )
    parser.add_argument("--only", default="", help="comma-separated workload names")
    parser.add_argument(
        "--scratch", type=Path, default=Path(tempfile.gettempdir()) / "esmload-bench"
    )
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    parser.add_argument(
        "--engine", choices=("auto", "build", "wheel"), default="auto",
        help="the engine esmload runs on (ESMLOAD_ENGINE); auto: the build made at install "
        "when there is one",
    )
    args = parser.parse_args()
    if args.cold_repeat is None:
        args.cold_repeat = args.repeat

    install(args.scratch)
    entries = workload_entries()
    names = list(entries)
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    node, qjs = reference_tools()
    python = sys.executable
    base_env = esmload_env(args.engine)
    engine = print_versions(args.scratch, base_env, qjs)
    results: dict[str, dict[str, list[float]]] = {}
    phases: dict[str, dict[str, float]] = {}
    cold_phases: dict[str, dict[str, float]] = {}
    rss: dict[str, int] = {}

    with tempfile.TemporaryDirectory() as tmp:
        warm_cache = Path(tmp) / "warm"
        for name in names:
            entry = entries[name]
            esm = [python, "-m", "esmload", entry]
            env_warm = {**base_env, "ESMLOAD_CACHE_DIR": str(warm_cache)}
            _, expected = timed(esm, args.scratch, env_warm)  # fills the warm cache
            times: dict[str, list[float]] = {"cold": [], "warm": [], "no-cache": []}
            if node:
                times["node"] = []
            if qjs and runs_on_qjs(qjs, entry, args.scratch, base_env, expected):
                times["qjs"] = []
            modes = [mode for mode in ("cold", "warm", "no-cache", "node", "qjs") if mode in times]
            for round_ in range(args.repeat):
                # Each round starts with the next mode: a mode always run right after node
                # (whose run leaves the CPU caches cold) would be measured slower than others.
                for mode in modes[round_ % len(modes) :] + modes[: round_ % len(modes)]:
                    if mode == "cold":
                        if round_ >= args.cold_repeat:
                            continue
                        cold_dir = Path(tmp) / f"cold-{name}-{round_}"
                        elapsed, out = timed(
                            esm, args.scratch, {**base_env, "ESMLOAD_CACHE_DIR": str(cold_dir)}
                        )
                        assert out == expected
                        # Gone before the next run: rounds of records left behind pile up as
                        # dirty pages whose write-back slows the runs that follow.
                        shutil.rmtree(cold_dir, ignore_errors=True)
                    elif mode == "warm":
                        elapsed, out = timed(esm, args.scratch, env_warm)
                    elif mode == "no-cache":
                        elapsed, out = timed(
                            [*esm[:3], "--no-cache", entry], args.scratch, base_env
                        )
                    elif mode == "qjs":
                        assert qjs is not None
                        elapsed, out = timed([qjs, entry], args.scratch, base_env)
                    else:
                        assert node is not None
                        elapsed, out = timed([node, entry], args.scratch, base_env)
                    times[mode].append(elapsed)
            results[name] = times
            phases[name] = profile(esm, args.scratch, env_warm, max(3, args.repeat // 2))
            cold_phases[name] = profile(
                esm,
                args.scratch,
                {**base_env, "ESMLOAD_CACHE_DIR": str(Path(tmp) / "profile-cold")},
                1,
            )
            subprocess.run(["rm", "-rf", str(Path(tmp) / "profile-cold")], check=True)
            if name == "three":
                rss["warm"] = rss_of(esm, args.scratch, env_warm)
                rss["no-cache"] = rss_of([*esm[:3], "--no-cache", entry], args.scratch, base_env)
            print(f"measured {name}", file=sys.stderr)

    bare = [timed([python, "-c", "pass"], ROOT, base_env)[0] for _ in range(args.repeat)]
    imp = [timed([python, "-c", "import esmload"], ROOT, base_env)[0] for _ in range(args.repeat)]

    def med(values: list[float]) -> float:
        return statistics.median(values) * 1000 if values else float("nan")

    columns: tuple[str, ...] = ("cold ms", "warm ms", "no-cache", "node ms", "qjs ms")
    columns += ("cold/nocache", "warm/node", "warm/nocache", "warm/qjs")
    header = f"{'workload':10} " + " ".join(f"{c:>12}" for c in columns)
    print(header)
    print("-" * len(header))
    summary = {}
    for name, times in results.items():
        row = {mode: med(values) for mode, values in times.items()}
        summary[name] = row
        node_ms = row.get("node", float("nan"))
        qjs_ms = row.get("qjs", float("nan"))
        cells = (
            row["cold"],
            row["warm"],
            row["no-cache"],
            node_ms,
            qjs_ms,
            row["cold"] / row["no-cache"],
            row["warm"] / node_ms,
            row["warm"] / row["no-cache"],
            row["warm"] / qjs_ms,
        )
        print(f"{name:10} " + " ".join(f"{c:12.3f}" if c < 10 else f"{c:12.1f}" for c in cells))
    if "hello" in summary and "builtins" in summary:
        cost = summary["builtins"]["warm"] - summary["hello"]["warm"]
        print(
            "\nwarm cost of importing events+util+buffer+path (builtins - hello): "
            f"{cost:.1f} ms"
        )
    print(f"\npython -c pass: {med(bare):.1f} ms; python -c 'import esmload': {med(imp):.1f} ms")
    print(
        "\nwarm run by phase (ms, medians from ESMLOAD_PROFILE=1; imports exclude python start-up):"
    )
    for name, row in phases.items():
        print(f"  {name:10} " + " ".join(f"{k}={v:.1f}" for k, v in row.items()))
    print("\ncold run by phase (ms, one run; analyze = record building off the main thread):")
    for name, row in cold_phases.items():
        print(f"  {name:10} " + " ".join(f"{k}={v:.1f}" for k, v in row.items()))
    if rss:
        print(
            f"\nthree peak RSS: warm {rss['warm']} KiB, --no-cache {rss['no-cache']} KiB, "
            f"ratio {rss['warm'] / rss['no-cache']:.2f}"
        )
    args.out.write_text(
        json.dumps(
            {
                "engine": engine,
                "qjs": qjs,
                "repeat": args.repeat,
                "medians_ms": summary,
                "raw_s": results,
                "python_pass_ms": med(bare),
                "import_esmload_ms": med(imp),
                "warm_phases_ms": phases,
                "cold_phases_ms": cold_phases,
                "three_peak_rss_kib": rss,
            },
            indent=2,
        )
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
