"""The embedding API's output and control: where JavaScript's output goes, limits on every way
into JS (run() included), interrupt() from another thread, and Ctrl-C (SIGINT)."""

from __future__ import annotations

import _thread
import contextlib
import io
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import esmload
from conftest import write_tree
from esmload.errors import EsmloadError, Interrupted

#: Every runaway test has a time limit as a backstop, far above the time it should take:
#: a stop that does not work fails the test (TimeoutError) instead of hanging it.
BACKSTOP = 5.0
#: A stop should end the JavaScript within this many seconds.
PROMPT = 2.0


@pytest.fixture
def programs(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            "spin.mjs": "console.log('spinning');\nfor (;;) {}\n",
            "wait.mjs": "console.log('waiting');\nsetTimeout(() => console.log('woke'), 60000);\n",
            "hog.mjs": "const a = [];\nfor (;;) a.push(new Array(100000).fill(1));\n",
            "ok.mjs": "console.log('out');\nconsole.error('err');\nprocess.exitCode = 4;\n",
            "fails.mjs": "console.log('before');\nthrow new RangeError('boom');\n",
            "lib.mjs": """
                export function spin() { for (;;) {} }
                export function spinCatching() {
                  for (;;) { try { for (;;) {} } catch (e) { /* a stop is not catchable */ } }
                }
                export function loopOver(f) { for (;;) { try { f(); } catch (e) {} } }
                export const add = (a, b) => a + b;
            """,
            "tla.mjs": "await new Promise((r) => setTimeout(r, 60000));\nexport const x = 1;\n",
        },
    )
    return tmp_path


@contextlib.contextmanager
def takes_at_most(seconds: float):
    start = time.monotonic()
    yield
    assert time.monotonic() - start < seconds


def _usable(rt: esmload.Runtime) -> None:
    # A loop long enough to reach the engine's interrupt handler many times.
    assert rt.eval("(() => { let s = 0; for (let i = 0; i < 3e5; i++) s += i; return s; })()") == (
        44999850000
    )


# ---------------------------------------------------------------------------- output

WRITES = """
console.log('log ✓');
console.error('error');
process.stdout.write('out-write\\n');
process.stderr.write('err-write\\n');
console.log('lone \\ud800 surrogate');
"""
EXPECTED_OUT = "log ✓\nout-write\nlone \ufffd surrogate\n"
EXPECTED_ERR = "error\nerr-write\n"


def test_default_output_follows_redirect_stdout_and_stderr() -> None:
    with esmload.Runtime(cache=False) as rt:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rt.eval(WRITES)
        assert out.getvalue() == EXPECTED_OUT
        assert err.getvalue() == EXPECTED_ERR
        later = io.StringIO()
        with contextlib.redirect_stdout(later):  # whatever sys.stdout is when written
            rt.eval("console.log('later')")
        assert later.getvalue() == "later\n"
        assert out.getvalue() == EXPECTED_OUT


def test_default_output_with_capsys(capsys) -> None:
    with capsys.disabled():  # made before the capture starts: output still follows sys.stdout
        rt = esmload.Runtime(cache=False)
    with rt:
        rt.eval(WRITES)
    captured = capsys.readouterr()
    assert captured.out == EXPECTED_OUT
    assert captured.err == EXPECTED_ERR


def _text(sink: Any) -> str:
    if isinstance(sink, io.BytesIO):
        return sink.getvalue().decode("utf-8")
    if isinstance(sink, io.StringIO):
        return sink.getvalue()
    return "".join(sink.__self__)  # list.append


@pytest.mark.parametrize(
    "make",
    [io.StringIO, io.BytesIO, lambda: [].append],
    ids=["text-file", "binary-file", "callable"],
)
def test_output_targets(make: Callable[[], Any], capsys) -> None:
    out, err = make(), make()
    with esmload.Runtime(cache=False, stdout=out, stderr=err) as rt:
        rt.eval(WRITES)
        assert _text(out) == EXPECTED_OUT
        assert _text(err) == EXPECTED_ERR
    assert capsys.readouterr() == ("", "")


def test_callable_gets_each_write() -> None:
    pieces: list[str] = []
    with esmload.Runtime(cache=False, stdout=pieces.append) as rt:
        rt.eval("console.log('a'); process.stdout.write('b'); process.stdout.write('c')")
    assert pieces == ["a\n", "b", "c"]


def test_run_output_goes_where_the_runtime_sends_it(programs: Path, capsys) -> None:
    out, err = io.StringIO(), io.StringIO()
    with esmload.Runtime(cache=False, stdout=out, stderr=err) as rt:
        assert rt.run(programs / "ok.mjs") == 4
        assert rt.run(programs / "fails.mjs") == 1  # the uncaught error's report too
    assert out.getvalue() == "out\nbefore\n"
    assert err.getvalue().startswith("err\n")
    assert "RangeError: boom" in err.getvalue()
    assert capsys.readouterr() == ("", "")


def test_run_output_follows_redirect_stdout(programs: Path) -> None:
    with esmload.Runtime(cache=False) as rt:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert rt.run(programs / "ok.mjs") == 4
    assert (out.getvalue(), err.getvalue()) == ("out\n", "err\n")


def test_output_target_must_be_writable() -> None:
    with pytest.raises(TypeError, match="stdout must be a file object, a callable or None"):
        esmload.Runtime(cache=False, stdout=42)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- limits and run()


def test_run_under_time_limit(programs: Path, capsys) -> None:
    with esmload.Runtime(cache=False, time_limit=0.3) as rt:
        with takes_at_most(PROMPT), pytest.raises(TimeoutError):
            rt.run(programs / "spin.mjs")
        # The whole run is one call: waiting for a timer counts too.
        with takes_at_most(PROMPT), pytest.raises(TimeoutError):
            rt.run(programs / "wait.mjs")
        assert rt.run(programs / "ok.mjs") == 4
        assert rt.eval("1 + 1") == 2
    out, err = capsys.readouterr()
    assert out == "spinning\nwaiting\nout\n"
    assert err == "err\n"  # a limit is raised, not reported


def test_run_under_memory_limit(programs: Path) -> None:
    with esmload.Runtime(cache=False, memory_limit=32 * 2**20, time_limit=BACKSTOP) as rt:
        with pytest.raises(MemoryError):
            rt.run(programs / "hog.mjs")
        assert rt.run(programs / "ok.mjs") == 4
        assert rt.eval("'usable'") == "usable"


def test_import_time_limit_counts_top_level_await(programs: Path) -> None:
    with esmload.Runtime(cache=False, time_limit=0.3) as rt:
        with takes_at_most(PROMPT), pytest.raises(TimeoutError):
            rt.import_module(str(programs / "tla.mjs"))
        assert rt.import_module(str(programs / "lib.mjs")).add(1, 2) == 3


# ---------------------------------------------------------------------------- interrupt()


def _interrupt_soon(rt: esmload.Runtime, delay: float = 0.2) -> threading.Timer:
    timer = threading.Timer(delay, rt.interrupt)
    timer.start()
    return timer


def test_interrupt_stops_eval_from_another_thread() -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        timer = _interrupt_soon(rt)
        with takes_at_most(PROMPT), pytest.raises(esmload.Interrupted):
            rt.eval("for (;;) {}")
        timer.join()
        _usable(rt)


def test_interrupt_stops_an_imported_function(programs: Path) -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        lib = rt.import_module(str(programs / "lib.mjs"))
        for function in (lib.spin, lib.spinCatching):
            timer = _interrupt_soon(rt)
            with takes_at_most(PROMPT), pytest.raises(esmload.Interrupted):
                function()
            timer.join()
            assert lib.add(2, 3) == 5


def test_interrupt_stops_js_looping_over_a_python_callback(programs: Path) -> None:
    calls = []
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        lib = rt.import_module(str(programs / "lib.mjs"))
        timer = _interrupt_soon(rt)
        with takes_at_most(PROMPT), pytest.raises(esmload.Interrupted):
            lib.loopOver(lambda: calls.append(1))
        timer.join()
        assert calls
        _usable(rt)


def test_interrupt_stops_run(programs: Path) -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        for program in ("spin.mjs", "wait.mjs"):  # running, or waiting for a timer
            timer = _interrupt_soon(rt)
            with takes_at_most(PROMPT), pytest.raises(esmload.Interrupted):
                rt.run(programs / program)
            timer.join()
        assert rt.run(programs / "ok.mjs") == 4


def test_interrupt_with_no_javascript_running_changes_nothing(programs: Path) -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        lib = rt.import_module(str(programs / "lib.mjs"))
        rt.interrupt()
        _usable(rt)
        thread = threading.Thread(target=rt.interrupt)
        thread.start()
        thread.join()
        assert lib.add(1, 1) == 2
        _usable(rt)
        assert rt.run(programs / "ok.mjs") == 4


def test_interrupted_is_public() -> None:
    assert esmload.Interrupted is Interrupted
    assert issubclass(Interrupted, EsmloadError)


# ---------------------------------------------------------------------------- Ctrl-C


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def _raised_with_sigint(action: Callable[[], object], send: Callable[[], None] = _kill) -> Any:
    """What `action()` raised while another thread sent SIGINT 0.2 s after it began."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT does not raise KeyboardInterrupt here")
    timer = threading.Timer(0.2, send)
    raised: BaseException | None = None
    timer.start()
    try:
        action()
    except BaseException as exc:  # noqa: BLE001 - the test looks at it
        raised = exc
    finally:
        try:
            timer.join()
            time.sleep(0.05)  # a SIGINT that the action did not turn into an exception
        except KeyboardInterrupt:
            pytest.fail("KeyboardInterrupt arrived after the JavaScript had finished")
    return raised


@pytest.mark.parametrize("send", [_kill, _thread.interrupt_main], ids=["kill", "interrupt_main"])
def test_sigint_stops_js_on_the_main_thread(send: Callable[[], None]) -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        with takes_at_most(PROMPT):
            raised = _raised_with_sigint(lambda: rt.eval("for (;;) {}"), send)
        assert isinstance(raised, KeyboardInterrupt), raised
        _usable(rt)


def test_sigint_stops_js_looping_over_a_python_callback(programs: Path) -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        lib = rt.import_module(str(programs / "lib.mjs"))
        for callback in (lambda: None, lambda: time.sleep(0.001)):
            with takes_at_most(PROMPT):
                raised = _raised_with_sigint(lambda cb=callback: lib.loopOver(cb))
            assert isinstance(raised, KeyboardInterrupt), raised
            assert lib.add(1, 2) == 3
        _usable(rt)


def test_sigint_stops_run(programs: Path, capsys) -> None:
    with esmload.Runtime(cache=False, time_limit=BACKSTOP) as rt:
        for program in ("spin.mjs", "wait.mjs"):
            with takes_at_most(PROMPT):
                raised = _raised_with_sigint(lambda p=program: rt.run(programs / p))
            assert isinstance(raised, KeyboardInterrupt), raised
        assert rt.run(programs / "ok.mjs") == 4
    assert capsys.readouterr().err == "err\n"  # no report of the interrupted runs
