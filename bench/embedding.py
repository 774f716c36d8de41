"""Benchmark: what crossing the embedding API costs (`esmload.Runtime`, in this process).

    python bench/embedding.py [--repeat N] [--only NAME,...] [--engine auto|build|wheel]
                              [--out embedding-results.json]

MEASUREMENTS is a list of named measurements. Each one prepares a fresh Runtime and returns the
step to time; the step runs `--repeat` times (after two untimed runs) and the median and the
fastest run are reported. Add a measurement by writing its preparation and listing it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIG = 64 * 2**20  # bytes


@dataclass(frozen=True)
class Measurement:
    name: str
    what: str
    prepare: Callable[[Any], Callable[[], object]]  # Runtime → the step to time


def buffer_in_shared(rt: Any) -> Callable[[], object]:
    data = bytearray(BIG)
    data[BIG // 2] = 7
    read = rt.eval("(u) => u[u.length / 2]")
    return lambda: read(data)


def buffer_in_copied(rt: Any) -> Callable[[], object]:
    data = bytes(BIG)
    read = rt.eval("(u) => u[u.length / 2]")
    return lambda: read(data)


def buffer_out_js_memory(rt: Any) -> Callable[[], object]:
    get = rt.eval(f"globalThis.big = new Float64Array({BIG // 8}); () => big")
    return get  # type: ignore[no-any-return]


def array_buffer_out_js_memory(rt: Any) -> Callable[[], object]:
    get = rt.eval(f"globalThis.big = new ArrayBuffer({BIG}); () => big")
    return get  # type: ignore[no-any-return]


def buffer_out_python_memory(rt: Any) -> Callable[[], object]:
    data = bytearray(BIG)
    rt.eval("(u) => { globalThis.lent = new Float64Array(u.buffer); }")(data)
    return rt.eval("() => lent")  # type: ignore[no-any-return]


CALLS = 100_000


def calls_into_js(rt: Any) -> Callable[[], object]:
    add = rt.eval("(a, b) => a + b")

    def step() -> object:
        for i in range(CALLS):
            add(i, 1)
        return None

    return step


def calls_into_python(rt: Any) -> Callable[[], object]:
    loop = rt.eval("(f, n) => { let s = 0; for (let i = 0; i < n; i++) s += f(i, 1); return s; }")
    return lambda: loop(lambda a, b: a + b, CALLS)


def attributes_of_a_python_object(rt: Any) -> Callable[[], object]:
    class Point:
        def __init__(self) -> None:
            self.x = 1

    read = rt.eval("(p, n) => { let s = 0; for (let i = 0; i < n; i++) s += p.x; return s; }")
    point = Point()
    return lambda: read(point, CALLS)


MEASUREMENTS = [
    Measurement(
        "calls-py-to-js",
        f"{CALLS:,} calls of a JS function from Python (two numbers in, one out)",
        calls_into_js,
    ),
    Measurement(
        "calls-js-to-py",
        f"{CALLS:,} calls of a Python function from JS (two numbers in, one out)",
        calls_into_python,
    ),
    Measurement(
        "proxy-attribute",
        f"{CALLS:,} reads of a Python object's attribute from JS (a live proxy)",
        attributes_of_a_python_object,
    ),
    Measurement(
        "buffer-in",
        "64 MiB bytearray into JS (shared), JS reads one byte",
        buffer_in_shared,
    ),
    Measurement(
        "bytes-in",
        "64 MiB bytes into JS (copied: read-only), JS reads one byte",
        buffer_in_copied,
    ),
    Measurement(
        "buffer-out",
        "JS returns a 64 MiB Float64Array of its own memory (copied)",
        buffer_out_js_memory,
    ),
    Measurement(
        "arraybuffer-out",
        "JS returns a 64 MiB ArrayBuffer of its own memory (copied)",
        array_buffer_out_js_memory,
    ),
    Measurement(
        "lent-buffer-out",
        "JS returns a 64 MiB Float64Array over a bytearray Python lent it (zero-copy)",
        buffer_out_python_memory,
    ),
]


def run(measurement: Measurement, repeat: int) -> list[float]:
    import esmload

    with esmload.Runtime(cache=False) as rt:
        step = measurement.prepare(rt)
        for _ in range(2):
            step()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = step()
            times.append(time.perf_counter() - start)
            del result  # a copy is freed outside the timed part
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--only", default="", help="comma-separated measurement names")
    parser.add_argument("--engine", choices=("auto", "build", "wheel"), default="auto")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.engine != "auto":
        os.environ["ESMLOAD_ENGINE"] = args.engine  # read when esmload is first imported
    sys.path.insert(0, str(ROOT))
    from esmload.engine.lib import engine_build

    print(f"engine: {engine_build()}; Python {sys.version.split()[0]}; {args.repeat} runs each")
    chosen = [m for m in MEASUREMENTS if not args.only or m.name in args.only.split(",")]
    results = {}
    for measurement in chosen:
        times = run(measurement, args.repeat)
        median, fastest = statistics.median(times), min(times)
        results[measurement.name] = {"what": measurement.what, "median": median, "min": fastest}
        print(
            f"{measurement.name:16} median {median * 1e3:9.3f} ms  min {fastest * 1e3:9.3f} ms"
            f"  {measurement.what}"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
