"""The `os` built-in module, compared with node's output (the values that do not change
between two runs on one machine)."""

from __future__ import annotations

OS = r"""
import os, { EOL, constants, hostname, platform } from 'node:os';
const report = (label, fn) => { try { console.log(label, fn()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message, e.info); } };
console.log(Object.keys(os));
console.log(JSON.stringify([EOL, os.arch(), platform(), os.type(), os.release(), os.version(), os.machine(), hostname(),
  os.homedir(), os.tmpdir(), os.userInfo().username, os.userInfo().uid, os.userInfo().homedir, os.userInfo().shell,
  os.endianness(), os.availableParallelism(), os.devNull, os.getPriority(), os.getPriority(process.pid)]));
const cpus = os.cpus();
console.log(cpus.length, cpus.map((c) => [c.model, Object.keys(c), Object.keys(c.times), typeof c.speed, typeof c.times.idle]));
console.log(typeof os.totalmem(), os.totalmem() > os.freemem(), os.freemem() > 0, os.uptime() > 0, os.loadavg().length,
  os.loadavg().every((n) => typeof n === 'number'));
const interfaces = os.networkInterfaces();
console.log(Object.keys(interfaces), interfaces.lo);
console.log(constants, constants.signals.SIGINT, constants.errno.ENOENT, constants.priority.PRIORITY_HIGH);
console.log(Object.getOwnPropertyDescriptor(os, 'EOL'), Object.getOwnPropertyDescriptor(os, 'constants').writable,
  Object.getOwnPropertyDescriptor(constants.signals, 'SIGTERM'), Object.getPrototypeOf(os.userInfo()));
console.log(os.userInfo({ encoding: 'buffer' }).username, `${os.arch}`, String(os.platform), `${os.tmpdir}` === os.tmpdir());
report('getPriority string', () => os.getPriority('x'));
report('setPriority range', () => os.setPriority(0, 100));
report('setPriority type', () => os.setPriority('a'));
report('setPriority no process', () => os.setPriority(2 ** 30, 1));
report('setPriority same', () => os.setPriority(0));
console.log(Object.entries(os).filter(([, v]) => typeof v === 'function').map(([k, v]) => `${k}:${v.name}`).join(' '));
"""


def test_os_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": OS})
    assert "SIGINT: 2" in result.stdout


def test_os_tmpdir_and_homedir_follow_the_environment(same_as_node) -> None:
    source = "import os from 'os'; console.log(os.tmpdir(), os.homedir());\n"
    env = {"TMPDIR": "/var/tmp/x/", "HOME": "/home/someone"}
    result = same_as_node({"main.mjs": source}, env=env)
    assert result.stdout == "/var/tmp/x /home/someone\n"
