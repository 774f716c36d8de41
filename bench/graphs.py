"""Benchmark: deep and wide module graphs, esmload cold / warm / prelinked / --no-cache against
node and qjs.

    python bench/graphs.py [--repeat N] [--cold-repeat N] [--depth 5000]
                           [--widths 5000,10000,20000] [--engine auto|build|wheel]
                           [--out graph-results.json]

Graphs (generated into a scratch folder): `deep`, an import chain DEPTH modules deep (main.mjs
imports m1.mjs imports m2.mjs ...), and `wide-N`, one module importing N others. Modes: `cold`
is a run into an empty cache; `warm` the run after it (every module a cache hit, linked import
by import; it writes the graph bundle); `prelinked` the runs after that (the graph bundle, see
esmload/link/fast_start.py), what a program gets once it ran twice; `no-cache`; `node`; `qjs`
when a qjs binary is found ($QJS, else on PATH). Rounds interleave the modes; the table shows
medians and ratios measured in the same run. A run that fails (node opens every module at once
and hits the open-files limit on the widest graphs; qjs overflows its stack on deep chains) is
shown as such. Wall-clock times include interpreter start-up, like a user sees.
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

MODES = ("cold", "warm", "prelinked", "no-cache", "node", "qjs")


def write_chain(root: Path, depth: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "main.mjs").write_text(
        "import { v, log } from './m1.mjs';\nlog.push('main');\n"
        "console.log(log.length, v, log[0], log[log.length - 1]);\n"
    )
    for i in range(1, depth):
        (root / f"m{i}.mjs").write_text(
            f"import {{ v as w, log }} from './m{i + 1}.mjs';\n"
            f"log.push('m{i}');\nexport const v = w + 1;\nexport {{ log }};\n"
        )
    (root / f"m{depth}.mjs").write_text(f"export const log = ['m{depth}'];\nexport const v = 1;\n")


def write_wide(root: Path, width: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    lines = [f"import {{ v as v{i} }} from './w{i}.mjs';\n" for i in range(width)]
    lines.append(f"console.log(globalThis.count, v0 + v{width - 1});\n")
    (root / "main.mjs").write_text("".join(lines))
    for i in range(width):
        (root / f"w{i}.mjs").write_text(
            f"globalThis.count = (globalThis.count ?? 0) + 1;\nexport const v = {i};\n"
        )


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float | None, str, str]:
    """Wall time (None if it failed), stdout and stderr of one run."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return (elapsed if proc.returncode == 0 else None), proc.stdout, proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold-repeat", type=int, default=2, help="cold runs write every record")
    parser.add_argument("--depth", type=int, default=5000)
    parser.add_argument("--widths", default="5000,10000,20000")
    parser.add_argument(
        "--scratch", type=Path, default=Path(tempfile.gettempdir()) / "esmload-bench-graphs"
    )
    parser.add_argument("--out", type=Path, default=Path("graph-results.json"))
    parser.add_argument(
        "--engine", choices=("auto", "build", "wheel"), default="auto",
        help="the engine esmload runs on (ESMLOAD_ENGINE)",
    )
    args = parser.parse_args()

    graphs: dict[str, Path] = {}
    specs = [("deep", args.depth)] + [("wide", int(w)) for w in args.widths.split(",") if w]
    for kind, size in specs:
        name = "deep" if kind == "deep" else f"wide-{size}"
        root = args.scratch / f"{name}-{size}"
        if not (root / "main.mjs").is_file():
            shutil.rmtree(root, ignore_errors=True)
            (write_chain if kind == "deep" else write_wide)(root, size)
        graphs[name] = root

    try:  # node opens a graph's modules all at once: give it every file descriptor we may
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
    node, qjs = reference_tools()
    python = sys.executable
    base_env = esmload_env(args.engine)
    engine = print_versions(args.scratch, base_env, qjs)

    results: dict[str, dict[str, list[float | None]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, root in graphs.items():
            esm = [python, "-m", "esmload", "main.mjs"]
            expected = run([*esm[:3], "--no-cache", "main.mjs"], root, base_env)[1]
            times: dict[str, list[float | None]] = {mode: [] for mode in MODES}
            if not node:
                del times["node"]
            if not qjs:
                del times["qjs"]
            cache = Path(tmp) / f"cache-{name}"
            for round_ in range(args.repeat):
                if round_ < args.cold_repeat or round_ == 0:
                    shutil.rmtree(cache, ignore_errors=True)
                    env = {**base_env, "ESMLOAD_CACHE_DIR": str(cache)}
                    for mode in ("cold", "warm"):
                        elapsed, out, err = run(esm, root, env)
                        assert elapsed is None or out == expected, (name, mode, err)
                        times[mode].append(elapsed)
                for mode in ("prelinked", "no-cache", "node", "qjs"):
                    if mode not in times:
                        continue
                    if mode == "prelinked":
                        env = {**base_env, "ESMLOAD_CACHE_DIR": str(cache)}
                        elapsed, out, err = run([*esm[:3], "--cache-stats", "main.mjs"], root, env)
                        assert elapsed is None or "prelinked=0" not in err, (name, err)
                    elif mode == "no-cache":
                        uncached = [*esm[:3], "--no-cache", "main.mjs"]
                        elapsed, out, err = run(uncached, root, base_env)
                    else:
                        binary = node if mode == "node" else qjs
                        assert binary is not None
                        elapsed, out, err = run([binary, "main.mjs"], root, base_env)
                    if elapsed is not None and mode not in ("node", "qjs"):
                        assert out == expected, (name, mode, err)
                    times[mode].append(elapsed)
            results[name] = times
            print(f"measured {name}", file=sys.stderr)

    def med(values: list[float | None]) -> float | None:
        ok = [v for v in values if v is not None]
        return statistics.median(ok) * 1000 if ok and len(ok) == len(values) else None

    def cell(value: float | None) -> str:
        return f"{'failed':>10}" if value is None else f"{value:10.0f}"

    def ratio(a: float | None, b: float | None) -> str:
        return f"{'-':>10}" if a is None or b is None else f"{a / b:10.2f}"

    columns = (*(f"{m} ms" for m in MODES), "warm/node", "prel/node", "prel/qjs")
    header = f"{'graph':12} " + " ".join(f"{c:>10}" for c in columns)
    print(header)
    print("-" * len(header))
    summary = {}
    for name, times in results.items():
        row = {mode: med(times.get(mode, [])) if mode in times else None for mode in MODES}
        summary[name] = row
        cells = [cell(row[mode]) for mode in MODES]
        cells += [
            ratio(row["warm"], row["node"]),
            ratio(row["prelinked"], row["node"]),
            ratio(row["prelinked"], row["qjs"]),
        ]
        print(f"{name:12} " + " ".join(cells))
    args.out.write_text(
        json.dumps(
            {"engine": engine, "qjs": qjs, "repeat": args.repeat, "medians_ms": summary,
             "raw_s": results},
            indent=2,
        )
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
