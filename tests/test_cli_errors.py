"""The CLI: exit codes and Node-style error reports, never a Python traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import run_esmload


def test_uncaught_error_prints_location_caret_and_stack(run_js, project: Path) -> None:
    result = run_js(
        {
            "main.mjs": """
                import { fail } from './lib.mjs';
                fail();
            """,
            "lib.mjs": "export function fail() {\n  throw new RangeError('too far');\n}\n",
        }
    )
    lib = f"file://{project.resolve()}/lib.mjs"
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{lib}:2"  # as Node prints ES module locations
    assert lines[1] == "  throw new RangeError('too far');"
    assert lines[2] == "        ^"  # under `new`, like V8
    assert "RangeError: too far" in result.stderr
    assert f"at fail ({lib}:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_syntax_error_gives_file_line_and_column(run_js, project: Path) -> None:
    result = run_js({"main.mjs": "import './bad.js';\n", "bad.js": "const ok = 1;\nlet x = ;\n"})
    assert result.returncode == 1
    bad = f"file://{project.resolve()}/bad.js"
    assert result.stderr.startswith(f"{bad}:2\nlet x = ;\n        ^\n"), result.stderr
    assert "SyntaxError" in result.stderr
    assert f"{bad}:2:9" in result.stderr
    assert "Traceback" not in result.stderr


def test_unhandled_rejection_exits_1(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                console.log('before');
                Promise.reject(new TypeError('nobody catches me'));
                setTimeout(() => console.log('never printed'), 50);
            """
        }
    )
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert "TypeError: nobody catches me" in result.stderr


def test_rejection_with_a_non_error_reason(run_js) -> None:
    result = run_js({"main.mjs": "Promise.reject('plain');\n"})
    assert result.returncode == 1
    assert 'The promise rejected with the reason "plain"' in result.stderr


def test_handled_later_rejection_is_not_fatal(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                const p = Promise.reject(new Error('late'));
                await null;
                p.catch((e) => console.log('caught', e.message));
            """
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "caught late\n"


def test_process_exit_and_exit_code(run_js) -> None:
    exited = run_js(
        {
            "main.mjs": """
                process.on('exit', (code) => console.log('exit handler', code));
                console.log('a');
                setTimeout(() => console.log('never'), 10);
                Promise.resolve().then(() => console.log('queued job'));
                queueMicrotask(() => console.log('queued microtask'));
                process.nextTick(() => console.log('queued tick'));
                process.exit(3);
                console.log('not reached');
            """
        }
    )
    assert exited.returncode == 3
    assert exited.stdout == "a\nexit handler 3\n"
    code = run_js({"main.mjs": "process.exitCode = 4; setTimeout(() => console.log('t'), 1);\n"})
    assert code.returncode == 4
    assert code.stdout == "t\n"
    from_job = run_js(
        {
            "main.mjs": """
                Promise.resolve().then(() => { console.log('job'); process.exit(6); });
                Promise.resolve().then(() => console.log('second job'));
            """
        }
    )
    assert (from_job.returncode, from_job.stdout) == (6, "job\n")


def test_process_exit_inside_nested_calls_and_catch(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                try { [1].forEach(() => process.exit(5)); } catch { console.log('caught?!'); }
                finally { console.log('finally?!'); }
            """
        }
    )
    assert result.returncode == 5
    assert result.stdout == ""


def test_thrown_non_error_value(run_js) -> None:
    result = run_js({"main.mjs": "throw { code: 7 };\n"})
    assert result.returncode == 1
    assert "{ code: 7 }" in result.stderr


def test_error_in_timer_callback_is_uncaught(run_js) -> None:
    result = run_js(
        {
            "main.mjs": "setTimeout(() => { throw new Error('in timer'); }, 1);\nsetTimeout(() => console.log('later'), 30);\n"
        }
    )
    assert result.returncode == 1
    assert "Error: in timer" in result.stderr
    assert result.stdout == ""


def test_unsettled_top_level_await_exits_13(run_js) -> None:
    result = run_js({"main.mjs": "await new Promise(() => {});\nconsole.log('never');\n"})
    assert result.returncode == 13
    assert "unsettled top-level await" in result.stderr


def test_missing_entry_file(project: Path, cache_dir: Path) -> None:
    result = run_esmload(["nope.mjs"], cwd=project, cache_dir=cache_dir)
    assert result.returncode == 1
    assert "nope.mjs" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_version_and_help(project: Path) -> None:
    usage = run_esmload([], cwd=project)
    assert usage.returncode == 2
    assert "usage: esmload" in usage.stderr
    version = run_esmload(["--version"], cwd=project)
    assert version.returncode == 0 and version.stdout.startswith("esmload ")
    help_ = run_esmload(["--help"], cwd=project)
    assert help_.returncode == 0 and "--import" in help_.stdout and "--no-cache" in help_.stdout


def test_import_option_runs_modules_first(run_js) -> None:
    result = run_js(
        {
            "setup.mjs": "globalThis.configured = await Promise.resolve('yes');\nconsole.log('setup');\n",
            "second.mjs": "console.log('second', globalThis.configured);\n",
            "main.mjs": "console.log('main', globalThis.configured);\n",
        },
        cli=["--import", "./setup.mjs", "--import", "./second.mjs"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "setup\nsecond yes\nmain yes\n"


def test_program_arguments_and_console_script(run_js, project: Path) -> None:
    result = run_js(
        {"main.mjs": "console.log(JSON.stringify(process.argv.slice(2)));\n"},
        args=["a b", "--flag", "-x"],
    )
    assert result.stdout == '["a b","--flag","-x"]\n', result.stderr
    script = Path(sys.executable).with_name("esmload")
    assert script.exists(), "the esmload console script is installed next to python"
    proc = subprocess.run([str(script), "main.mjs", "via-script"], cwd=project, capture_output=True, text=True)
    assert proc.stdout == '["via-script"]\n', proc.stderr


def test_stdout_is_not_lost_when_the_reader_goes_away(tmp_path: Path, run_js) -> None:
    result = run_js({"main.mjs": "for (let i = 0; i < 100000; i++) console.log('line', i);\n"})
    assert result.returncode == 0
    assert result.stdout.count("\n") == 100000


def test_ctrl_c_ends_a_busy_program(project: Path, cache_dir: Path) -> None:
    import os
    import signal
    import time

    (project / "main.mjs").write_text("console.log('started');\nfor (;;) {}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "esmload", "main.mjs"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "started\n"
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGINT
    assert "Traceback" not in err


def test_non_error_thrown_in_a_microtask(run_js) -> None:
    result = run_js({"main.mjs": "queueMicrotask(() => { throw 'plain string'; });\n"})
    assert result.returncode == 1
    assert "plain string" in result.stderr and "internal error" not in result.stderr
    thrown_object = run_js({"main.mjs": "queueMicrotask(() => { throw { code: 3 }; });\n"})
    assert thrown_object.returncode == 1 and "{ code: 3 }" in thrown_object.stderr
