"""The permission model: the command line allows everything unless --permission is given, an
embedding Runtime allows nothing it was not granted, and each grant opens exactly what it
names. Real files, a real subprocess and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import esmload
from conftest import run_esmload, run_node, write_tree
from esmload.errors import AccessDenied, EsmloadError

# Tries each capability and prints what happened: "ok …" or the error's code, permission
# and resource. argv: [outside file, file to write, server port].
PROBE = """\
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const [outside, target, port] = process.argv.slice(2);
function attempt(label, action) {
  try {
    const value = action();
    console.log(label, 'ok', value);
  } catch (error) {
    console.log(label, error.code, error.permission, error.resource === undefined ? '-' : 'resource');
  }
}
async function attemptAsync(label, action) {
  try {
    console.log(label, 'ok', await action());
  } catch (error) {
    const cause = error.cause ?? error;
    console.log(label, cause.code, cause.permission);
  }
}
attempt('read', () => fs.readFileSync(outside, 'utf8').trim());
attempt('write', () => { fs.writeFileSync(target, 'x'); return fs.existsSync(target); });
attempt('child', () => execFileSync('echo', ['hi'], { encoding: 'utf8' }).trim());
attempt('env', () => JSON.stringify(Object.keys(process.env).filter((k) => k.startsWith('PERM_')).sort()));
attempt('has', () => [process.permission?.has('fs.read', outside), process.permission?.has('child')].join());
await attemptAsync('net', async () => (await fetch(`http://127.0.0.1:${port}/`)).status);
"""


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


@pytest.fixture
def probe(tmp_path: Path, server: int) -> tuple[Path, list[str]]:
    project = tmp_path / "project"
    outside = tmp_path / "outside"
    write_tree(project, {"main.mjs": PROBE, "package.json": "{}"})
    write_tree(outside, {"secret.txt": "secret\n"})
    args = [str(outside / "secret.txt"), str(outside / "written.txt"), str(server)]
    return project, args


ENV = {"PERM_A": "1", "PERM_B": "2"}


def lines(text: str) -> dict[str, str]:
    return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in text.splitlines()}


def test_cli_allows_everything_by_default(probe: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, args = probe
    result = run_esmload(["main.mjs", *args], cwd=project, cache_dir=tmp_path / "c", env=ENV)
    assert lines(result.stdout) == {
        "read": "ok secret",
        "write": "ok true",
        "child": "ok hi",
        "env": 'ok ["PERM_A","PERM_B"]',
        "has": "ok ,",  # no process.permission without --permission, as in node
        "net": "ok 200",
    }, result.stderr


def test_cli_permission_denies_until_granted(probe: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, args = probe
    outside = str(Path(args[0]).parent)

    def run(*flags: str) -> dict[str, str]:
        result = run_esmload(
            ["--permission", *flags, "main.mjs", *args],
            cwd=project,
            cache_dir=tmp_path / "c",
            env=ENV,
        )
        assert result.returncode == 0, result.stderr
        return lines(result.stdout)

    denied = run()
    assert denied == {
        "read": "ERR_ACCESS_DENIED FileSystemRead resource",
        "write": "ERR_ACCESS_DENIED FileSystemWrite resource",
        "child": "ERR_ACCESS_DENIED ChildProcess resource",  # node: resource ""
        "env": "ok []",
        "has": "ok false,false",
        "net": "ERR_ACCESS_DENIED Net",
    }
    granted = run(
        f"--allow-fs-read={outside}",
        "--allow-fs-write",
        outside,
        "--allow-child-process",
        "--allow-env=PERM_B",
        "--allow-net=127.0.0.1",
    )
    assert granted == {
        "read": "ok secret",
        "write": "ok true",
        "child": "ok hi",
        "env": 'ok ["PERM_B"]',
        "has": "ok true,true",
        "net": "ok 200",
    }
    # A grant names what it opens: reading elsewhere, or another host, stays denied.
    partly = run(f"--allow-fs-read={project}", "--allow-net=example.com", "--allow-env")
    assert partly["read"] == "ERR_ACCESS_DENIED FileSystemRead resource"
    assert partly["net"] == "ERR_ACCESS_DENIED Net"
    assert partly["env"] == 'ok ["PERM_A","PERM_B"]'


def test_denied_read_looks_like_nodes(tmp_path: Path) -> None:
    """node 20 (--experimental-permission) and esmload give the same error object."""
    project = tmp_path / "project"
    write_tree(
        project,
        {
            "main.mjs": """\
                import fs from 'node:fs';
                try { fs.readFileSync('/etc/hostname'); } catch (e) {
                  console.log(e.name, e.code, e.message, e.permission, e.resource);
                }
                try { fs.writeFileSync('out.txt', 'x'); } catch (e) {
                  console.log(e.code, e.permission, e.resource.endsWith('out.txt'));
                }
                console.log(process.permission.has('fs.read', '/etc/hostname'));
                """
        },
    )
    flags = ["--experimental-permission", f"--allow-fs-read={project}"]
    node = run_node([*flags, "main.mjs"], cwd=project)
    ours = run_esmload([*flags, "main.mjs"], cwd=project, cache_dir=tmp_path / "c")
    assert ours.stdout == node.stdout
    assert "ERR_ACCESS_DENIED Access to this API has been restricted FileSystemRead" in ours.stdout


def test_cli_permission_limits_module_loading_to_the_program_and_grants(tmp_path: Path) -> None:
    project = tmp_path / "project"
    other = tmp_path / "other"
    write_tree(other, {"lib.mjs": "export default 'other';\n", "data.json": '{"a": 1}'})
    write_tree(
        project,
        {
            "package.json": "{}",
            "main.mjs": f"""\
                import local from './src/local.mjs';
                console.log(local);
                for (const load of [
                  () => import({json.dumps(str(other / "lib.mjs"))}),
                  () => import({json.dumps(str(other / "data.json"))}, {{ with: {{ type: 'json' }} }}),
                ]) {{
                  try {{ console.log((await load()).default); }}
                  catch (e) {{ console.log(e.code, e.permission); }}
                }}
                """,
            "src/local.mjs": "export default 'local';\n",
        },
    )
    denied = run_esmload(["--permission", "main.mjs"], cwd=project, cache_dir=tmp_path / "c")
    assert denied.stdout == (
        "local\nERR_ACCESS_DENIED FileSystemRead\nERR_ACCESS_DENIED FileSystemRead\n"
    ), denied.stderr
    allowed = run_esmload(
        ["--permission", f"--allow-fs-read={other}", "main.mjs"],
        cwd=project,
        cache_dir=tmp_path / "c",
    )
    assert allowed.stdout == "local\nother\n{ a: 1 }\n", allowed.stderr


# ------------------------------------------------------------------ embedding


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    write_tree(
        app,
        {
            "package.json": "{}",
            "probe.mjs": """\
                import fs from 'node:fs';
                import { spawnSync } from 'node:child_process';
                export function read(path) { return fs.readFileSync(path, 'utf8'); }
                export function write(path, text) { fs.writeFileSync(path, text); return true; }
                export function env() { return Object.keys(process.env).sort(); }
                export function child() { return spawnSync('echo', ['hi'], { encoding: 'utf8' }).stdout; }
                export async function get(url) { return (await fetch(url)).status; }
                export async function load(specifier) {
                  const options = specifier.endsWith('.json') ? { with: { type: 'json' } } : undefined;
                  return (await import(specifier, options)).default;
                }
                """,
            "data/inside.json": '{"inside": true}',
        },
    )
    write_tree(tmp_path / "elsewhere", {"lib.mjs": "export default 'elsewhere';\n"})
    write_tree(tmp_path / "elsewhere", {"data.json": '{"elsewhere": true}', "f.txt": "text"})
    return tmp_path


def denied(action: object) -> str:
    """What a denied call raises in Python when JS does not catch it: the host's own
    `AccessDenied` (an EsmloadError with Node's code)."""
    with pytest.raises(AccessDenied) as info:
        action()  # type: ignore[operator]
    assert info.value.code == "ERR_ACCESS_DENIED", info.value
    return str(info.value)


def test_runtime_is_sandboxed_by_default(
    tree: Path, server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERM_SECRET", "x")
    elsewhere = tree / "elsewhere"
    with esmload.Runtime(cache=False) as rt:
        probe = rt.import_module(str(tree / "app/probe.mjs"))
        assert "Access to this API has been restricted" in denied(
            lambda: probe.read(str(elsewhere / "f.txt"))
        )
        denied(lambda: probe.read(str(tree / "app/package.json")))  # fs, even inside its tree
        denied(lambda: probe.write(str(tree / "app/new.txt"), "x"))
        denied(lambda: probe.child())
        assert list(probe.env()) == []
        with pytest.raises(EsmloadError) as info:
            probe.get(f"http://127.0.0.1:{server}/").result(timeout=10)
        assert info.value.code == "ERR_ACCESS_DENIED"
        # Modules: its own package tree loads; anything else is refused, whatever the way.
        assert probe.load("./data/inside.json").result(timeout=10) == {"inside": True}
        for specifier in (str(elsewhere / "lib.mjs"), str(elsewhere / "data.json")):
            with pytest.raises(EsmloadError) as info:
                probe.load(specifier).result(timeout=10)
            assert info.value.code == "ERR_ACCESS_DENIED"
    assert not (tree / "app/new.txt").exists()


def test_runtime_grants_open_exactly_what_they_name(
    tree: Path, server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERM_SECRET", "x")
    monkeypatch.setenv("PERM_SHOWN", "y")
    elsewhere = tree / "elsewhere"
    with esmload.Runtime(
        cache=False,
        allow_fs_read=[elsewhere],
        allow_fs_write=[tree / "app/out"],
        allow_env=["PERM_SHOWN"],
        allow_net=[f"127.0.0.1:{server}"],
        allow_child_process=True,
    ) as rt:
        probe = rt.import_module(str(tree / "app/probe.mjs"))
        assert probe.read(str(elsewhere / "f.txt")) == "text"
        denied(lambda: probe.read(str(tree / "app/package.json")))
        (tree / "app/out").mkdir()
        assert probe.write(str(tree / "app/out/x.txt"), "x") is True
        denied(lambda: probe.write(str(elsewhere / "x.txt"), "x"))
        assert list(probe.env()) == ["PERM_SHOWN"]
        assert probe.child() == "hi\n"
        assert probe.get(f"http://127.0.0.1:{server}/").result(timeout=10) == 200
        assert probe.load(str(elsewhere / "lib.mjs")).result(timeout=10) == "elsewhere"
    with esmload.Runtime(cache=False, allow_fs_read=True, allow_env=True) as rt:
        probe = rt.import_module(str(tree / "app/probe.mjs"))
        assert probe.read(str(tree / "app/package.json")) == "{}"
        assert "PERM_SECRET" in list(probe.env())


def test_runtime_text_imports_stay_inside_the_sandbox(tree: Path) -> None:
    """A loader hook that reads files itself (the `text` hook) asks the sandbox first."""
    from esmload.hooks.text import hook as text_hook

    write_tree(tree / "app", {"notes.txt": "inside\n"})
    outside = tree / "elsewhere" / "f.txt"
    with esmload.Runtime(cache=False, hooks=[text_hook]) as rt:
        rt.import_module(str(tree / "app/probe.mjs"))  # its package tree becomes loadable
        rt.eval(
            """globalThis.readText = async (specifier) =>
                 (await import(specifier, { with: { type: 'text' } })).default;"""
        )
        read_text = rt.globals.readText
        assert read_text(str(tree / "app/notes.txt")).result(timeout=10) == "inside\n"
        with pytest.raises(EsmloadError) as info:
            read_text(str(outside)).result(timeout=10)
        assert info.value.code == "ERR_ACCESS_DENIED"
    with esmload.Runtime(cache=False, hooks=[text_hook], allow_fs_read=[outside]) as rt:
        rt.import_module(str(tree / "app/probe.mjs"))
        rt.eval(
            """globalThis.readText = async (specifier) =>
                 (await import(specifier, { with: { type: 'text' } })).default;"""
        )
        assert rt.globals.readText(str(outside)).result(timeout=10) == "text"
