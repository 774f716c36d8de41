"""Host globals through real programs: console, timers, process, encoders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NODE = shutil.which("node")


def same_as_node(run_js, project: Path, source: str) -> str:
    result = run_js({"main.mjs": source})
    assert result.returncode == 0, result.stderr
    if NODE is not None:
        node = subprocess.run([NODE, "main.mjs"], cwd=project, capture_output=True, text=True)
        assert result.stdout == node.stdout
        assert result.stderr == node.stderr
    return result.stdout


def test_console_formats_common_values_like_node(run_js, project: Path) -> None:
    out = same_as_node(
        run_js,
        project,
        """
        class Point { constructor() { this.x = 1; this.y = 2; } }
        const circular = { name: 'loop' }; circular.self = circular;
        console.log('str', 42, -0, 1.5, 10n, true, null, undefined, Symbol('s'));
        console.log(['a', 1, [2, [3, [4, [5]]]]], { a: { b: { c: { d: 1 } } } });
        console.log(new Map([['k', 1]]), new Set([1, 'x']), new Point(), circular);
        console.log([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]);
        console.log(function named() {}, () => {}, class Foo {}, new Uint8Array([1, 2]));
        console.log('%s is %d years and %i days, %o', 'Bob', 42.5, 3.9, { j: 1 });
        console.log({ 'needs-quotes': 1, valid_id: 2, 3: 'three' }, [undefined, null], [,1]);
        console.log(new Date(0), /re/g, Object.create(null), [new Error('inner').message]);
        console.log('a'.repeat(20), { long1: 'x'.repeat(30), long2: 'y'.repeat(30), long3: 1 });
        console.error('to stderr', { e: 1 });
        console.log('%o and %o', [1, [2]], { nested: ['x'] });
        """,
    )
    assert out.startswith("str 42 -0 1.5 10n true null undefined Symbol(s)\n")


def test_microtasks_before_timers_and_timer_order(run_js, project: Path) -> None:
    out = same_as_node(
        run_js,
        project,
        """
        const log = [];
        setTimeout(() => log.push('t20'), 20);
        setTimeout(() => log.push('t0-a'), 0);
        setTimeout(() => log.push('t0-b'));
        const cancelled = setTimeout(() => log.push('cancelled'), 5);
        clearTimeout(cancelled);
        queueMicrotask(() => log.push('micro'));
        Promise.resolve().then(() => log.push('promise'));
        process.nextTick(() => log.push('tick'));
        let n = 0;
        const iv = setInterval(() => { log.push('iv' + n); if (++n === 3) clearInterval(iv); }, 1);
        setTimeout(() => { setTimeout(() => log.push('nested'), 0); }, 30);
        setTimeout(() => console.log(log.filter((x) => !x.startsWith('iv')).join(' '), log.filter((x) => x.startsWith('iv')).length), 60);
        log.push('sync');
        """,
    )
    assert out.split()[0] == "sync"
    assert out.strip().endswith("3")


def test_set_immediate_runs_before_a_zero_timeout(run_js, project: Path) -> None:
    # Inside a timer callback Node's order is fixed: the check phase (immediates queued so
    # far) comes before the next round of timers, however long the callback takes.
    out = same_as_node(
        run_js,
        project,
        """
        const log = [];
        setTimeout(() => {
          setTimeout(() => log.push('timeout'), 0);
          for (const end = Date.now() + 3; Date.now() < end;);  // outlive the 1 ms timeout
          setImmediate(() => log.push('immediate'));
          setImmediate((a, b) => log.push(a + b), 'arg', 's');
        }, 1);
        setTimeout(() => console.log(log.join(' ')), 40);
        """,
    )
    assert out == "immediate args timeout\n"


def test_immediates_queued_by_immediates_wait_for_the_next_turn(run_js, project: Path) -> None:
    out = same_as_node(
        run_js,
        project,
        """
        const log = [];
        let n = 0;
        function again() { log.push('i' + n); if (++n < 5) setImmediate(again); }
        setTimeout(() => {
          setImmediate(again);
          const cleared = setImmediate(() => log.push('cleared'));
          clearImmediate(cleared);
          setImmediate(() => { Promise.resolve().then(() => log.push('micro')); log.push('x'); });
          setImmediate(() => log.push('y'));
        }, 2);
        setTimeout(() => console.log(log.join(' ')), 60);
        """,
    )
    assert out == "i0 x micro y i1 i2 i3 i4\n"


def test_unref_timer_does_not_keep_the_program_alive(run_js) -> None:
    result = run_js(
        {
            "main.mjs": "setTimeout(() => console.log('never'), 10000).unref();\nconsole.log('done');\n"
        }
    )
    assert result.returncode == 0
    assert result.stdout == "done\n"


def test_process_fields(run_js, project: Path) -> None:
    result = run_js(
        {
            "main.mjs": """
                console.log(process.argv.length, process.argv[1] === import.meta.filename);
                console.log(process.env.ESM_TEST_VALUE, process.platform, typeof process.pid);
                console.log(process.cwd() === import.meta.dirname);
                process.stdout.write('no newline|');
                process.stdout.write(new TextEncoder().encode('bytes\\n'));
                process.stderr.write('err\\n');
                const t0 = performance.now();
                console.log(typeof t0, t0 >= 0, typeof process.hrtime.bigint());
            """
        },
        env={"ESM_TEST_VALUE": "from-env"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "2 true\nfrom-env linux number\ntrue\nno newline|bytes\nnumber true bigint\n"
    )
    assert result.stderr == "err\n"


def test_text_encoder_decoder_round_trip(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                const text = 'héllo 🌍 €';
                const bytes = new TextEncoder().encode(text);
                console.log(bytes.length, new TextDecoder().decode(bytes) === text);
                console.log(new TextDecoder().decode(new Uint8Array([0xff, 0x41])));
                try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); }
                catch (e) { console.log(e.name); }
            """
        }
    )
    assert result.stdout == "15 true\n\ufffdA\nTypeError\n", result.stderr


@pytest.mark.parametrize("value", ["'unicode ✓ \\u{1F600}'", "'lone \\uD800 surrogate'"])
def test_unicode_output(run_js, value: str) -> None:
    result = run_js({"main.mjs": f"console.log({value});\n"})
    assert result.returncode == 0
    assert result.stdout.endswith("\n")


def test_host_classes_print_as_classes_cold_and_warm(run_js) -> None:
    # The prelude's cached bytecode keeps no source text, from which inspect tells classes.
    files = {"main.mjs": "console.log(TextEncoder, TextDecoder, setTimeout, class A {});\n"}
    for _ in range(2):
        result = run_js(files)
        assert result.stdout == (
            "[class TextEncoder] [class TextDecoder] [Function: setTimeout] [class A]\n"
        ), result.stderr
