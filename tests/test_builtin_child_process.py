"""The `child_process` built-in module compared with node: real subprocesses (sh, echo, cat,
sleep), their output, exit statuses, signals and errors (pids only as types)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_esmload, run_node, write_tree

SYNC = r"""
import cp, { spawnSync, execFileSync, execSync } from 'node:child_process';
const report = (label, fn) => {
  try { console.log(label, fn()); } catch (e) {
    console.log(label, 'threw', e.name, e.code, JSON.stringify(e.message), Object.keys(e), e.status, e.signal,
      e.stdout === undefined ? '-' : String(e.stdout), e.stderr === undefined ? '-' : String(e.stderr));
  }
};
const shown = (r) => ({ ...r, pid: typeof r.pid, error: r.error && [r.error.message, r.error.code, r.error.errno, r.error.syscall, r.error.path, r.error.spawnargs, Object.keys(r.error)] });
console.log(shown(spawnSync('echo', ['hi', 'there'])));
console.log(shown(spawnSync('sh', ['-c', 'echo out; echo err >&2; exit 3'], { encoding: 'utf8' })));
console.log(shown(spawnSync('nope-command', ['a'])));
console.log(shown(spawnSync('pwd', { cwd: '/nonexistent-dir' })));
console.log(spawnSync('cat', { input: 'fed through stdin' }).stdout.toString(), spawnSync('cat', { input: Buffer.from([104, 105]) }).stdout);
console.log(spawnSync('echo $((1+2)) "$0"', { shell: true, encoding: 'utf8' }).stdout, spawnSync('echo', ['x'], { shell: '/bin/bash', encoding: 'latin1' }).stdout);
console.log(spawnSync('sh', ['-c', 'echo $FOO-$HOME'], { env: { FOO: 'bar' }, encoding: 'utf8' }).stdout);
console.log(spawnSync('pwd', { cwd: '/', encoding: 'utf8' }).stdout, spawnSync('sh', ['-c', 'echo $0'], { argv0: 'renamed', encoding: 'utf8' }).stdout);
const killed = spawnSync('sh', ['-c', 'kill -TERM $$']);
console.log(killed.status, killed.signal);
console.log(shown(spawnSync('sleep', ['5'], { timeout: 100 })));
const overflow = spawnSync('sh', ['-c', 'echo 1234567890'], { maxBuffer: 5 });
// (status and signal depend on whether node's kill comes before the child's exit: not shown)
console.log(overflow.error.code, overflow.error.message);
console.log(shown(spawnSync('echo', ['inherited'], { stdio: 'inherit' })));
console.log(spawnSync('sh', ['-c', 'echo ignored; echo kept >&2'], { stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8' }).output);
report('file type', () => spawnSync(5));
report('args type', () => spawnSync('echo', 'x'));
report('empty file', () => spawnSync(''));
report('execFileSync', () => execFileSync('echo', ['a b']));
report('execFileSync utf8', () => execFileSync('echo', ['a b'], { encoding: 'utf8' }));
report('execFileSync options only', () => execFileSync('pwd', { cwd: '/', encoding: 'utf8' }));
report('execFileSync fails', () => execFileSync('sh', ['-c', 'echo o; echo e >&2; exit 2'], { stdio: 'pipe' }));
report('execFileSync missing', () => execFileSync('nope-command'));
report('execSync', () => execSync('echo hello | tr a-z A-Z').toString());
report('execSync input', () => execSync('wc -c', { input: 'four', encoding: 'utf8' }).trim());
report('execSync fails', () => execSync('echo o; exit 4', { stdio: 'pipe' }));
report('execSync not found', () => execSync('nope-command 2>/dev/null'));
console.log(Object.keys(cp), typeof cp.fork, typeof cp.ChildProcess);
"""


ASYNC = r"""
import cp from 'node:child_process';
import { promisify } from 'node:util';
const show = (e) => e && [e.name, e.message, Object.keys(e), e.code, e.killed, e.signal, e.cmd];
await new Promise((resolve) => cp.exec('echo hi; echo err >&2', (err, stdout, stderr) => { console.log('exec', err, [stdout, stderr]); resolve(); }));
await new Promise((resolve) => cp.exec('echo out; exit 3', (err, stdout, stderr) => { console.log('exec fails', show(err), [stdout, stderr]); resolve(); }));
await new Promise((resolve) => cp.exec('echo x', { encoding: 'buffer' }, (err, stdout) => { console.log('exec buffer', stdout); resolve(); }));
await new Promise((resolve) => cp.execFile('nope-command', ['a'], (err, stdout, stderr) => {
  console.log('execFile missing', show(err), err.errno, err.syscall, err.path, err.spawnargs, [stdout, stderr]); resolve();
}));
await new Promise((resolve) => cp.execFile('sh', ['-c', 'sleep 2'], { timeout: 100 }, (err) => { console.log('execFile timeout', show(err)); resolve(); }));
await new Promise((resolve) => cp.execFile('sh', ['-c', 'echo 1234567890'], { maxBuffer: 4 }, (err, stdout) => {
  console.log('execFile maxBuffer', err.name, err.code, err.message, stdout); resolve();
}));
console.log('promisified exec', await promisify(cp.exec)('echo p'));
try { await promisify(cp.execFile)('sh', ['-c', 'echo q; exit 1']); } catch (e) { console.log('promisified fails', show(e), [e.stdout, e.stderr]); }

const child = cp.spawn('sh', ['-c', 'echo one; echo two >&2; exit 5']);
console.log('spawn', typeof child.pid, child.connected, child.exitCode, child.killed, child.spawnfile, child.spawnargs,
  child.stdin !== null, child.stdio.length, child instanceof cp.ChildProcess);
const events = [];
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d) => events.push(['stdout', d]));
child.stderr.on('data', (d) => events.push(['stderr', String(d)]));
child.on('spawn', () => events.push(['spawn']));
child.on('exit', (code, signal) => events.push(['exit', code, signal]));
await new Promise((resolve) => child.on('close', (code, signal) => { events.push(['close', code, signal, child.exitCode, child.signalCode]); resolve(); }));
console.log(events.filter((e) => e[0] !== 'stderr'), events.filter((e) => e[0] === 'stderr'));

const missing = cp.spawn('nope-command', ['x']);
await new Promise((resolve) => missing.on('error', (e) => { console.log('spawn error', show(e), e.errno, e.syscall, e.path, e.spawnargs, missing.pid); resolve(); }));
await new Promise((resolve) => missing.on('close', (code, signal) => { console.log('missing close', code, signal); resolve(); }));

const cat = cp.spawn('cat');
let echoed = '';
cat.stdout.on('data', (d) => { echoed += d; });
cat.stdin.write('hello ');
cat.stdin.end('cat');
await new Promise((resolve) => cat.on('close', (code) => { console.log('cat', code, echoed); resolve(); }));

const sleeper = cp.spawn('sleep', ['5']);
setTimeout(() => console.log('kill', sleeper.kill()), 50);
await new Promise((resolve) => sleeper.on('exit', (code, signal) => { console.log('killed', code, signal, sleeper.killed, sleeper.signalCode); resolve(); }));
try { sleeper.kill('SIGNOPE'); } catch (e) { console.log(e.name, e.code, e.message); }

const unread = cp.spawn('sh', ['-c', 'echo nobody reads this']);
await new Promise((resolve) => unread.on('close', (code) => { console.log('unread close', code); resolve(); }));
const inherited = cp.spawn('echo', ['inherited'], { stdio: 'inherit' });
await new Promise((resolve) => inherited.on('close', resolve));
console.log('inherit', inherited.stdout, inherited.stdin);
const shell = cp.spawn('echo $((2*3))', { shell: true });
shell.stdout.on('data', (d) => console.log('shell', String(d).trim()));
await new Promise((resolve) => shell.on('close', resolve));
"""


def test_sync_functions_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": SYNC})
    assert "inherited" in result.stdout


def test_async_functions_and_spawn_like_node(same_as_node, run_js) -> None:
    probe = run_js({"probe.mjs": "import 'node:events';\n"}, entry="probe.mjs")
    if probe.returncode != 0:
        pytest.skip("node:events is not provided yet")
    result = same_as_node({"main.mjs": ASYNC})
    assert "cat 0 hello cat" in result.stdout


def test_denied_without_permission_like_node(tmp_path: Path) -> None:
    project = tmp_path / "project"
    source = """\
        import { spawnSync, execSync, exec } from 'node:child_process';
        for (const fn of [() => spawnSync('echo'), () => execSync('echo'), () => exec('echo', () => {})]) {
          try { fn(); console.log('ran'); } catch (e) { console.log(e.name, e.code, e.message, e.permission, JSON.stringify(e.resource)); }
        }
        """
    write_tree(project, {"main.mjs": source})
    flags = ["--experimental-permission", f"--allow-fs-read={project}"]
    node = run_node([*flags, "main.mjs"], cwd=project)
    ours = run_esmload([*flags, "main.mjs"], cwd=project, cache_dir=tmp_path / "c")
    assert ours.stdout == node.stdout
    assert ours.stdout.count('restricted ChildProcess ""') == 3


def test_fork_is_not_provided(run_js) -> None:
    source = (
        "import { fork } from 'node:child_process';\n"
        "try { fork('x.js'); } catch (e) { console.log(e.code, e.message); }\n"
    )
    result = run_js({"main.mjs": source})
    assert result.stdout == (
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM child_process.fork() is not supported by esmload "
        "(no IPC channel): use spawn(process.execPath, …)\n"
    )
