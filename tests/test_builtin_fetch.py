"""fetch, Headers, Request, Response and FormData, compared with node: the programs talk to a
real HTTP server the test runs on 127.0.0.1 (its port passed as the first argument)."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TestServer/1.0"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        return "Thu, 01 Jan 2026 00:00:00 GMT"  # the same for node and esmload

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/plain",
        extra: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/echo":
            self.do_POST()
        elif path == "/text":
            cookies = (("Set-Cookie", "a=1"), ("Set-Cookie", "b=2; Path=/"))
            self._send(200, "héllo".encode(), "text/plain; charset=utf-8",
                       (("X-Custom", "Mixed Case"), *cookies))  # fmt: skip
        elif path == "/json":
            self._send(200, b'{"list":[1,2,3],"nested":{"ok":true}}', "application/json")
        elif path == "/bin":
            self._send(200, bytes(range(250, 256)) + bytes(range(4)), "application/octet-stream")
        elif path == "/gzip":
            zipped = gzip.compress(b"unzipped " * 3)
            self._send(200, zipped, "text/plain", (("Content-Encoding", "gzip"),))
        elif path == "/redirect":
            self._send(302, b"", extra=(("Location", "/text"),))
        elif path == "/chain":
            self._send(301, b"", extra=(("Location", "/redirect"),))
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"one,", b"two,", b"three"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(0.02)
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow":
            time.sleep(0.6)
            self._send(200, b"finally")
        else:
            self._send(404, b"no such page")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        if self.path == "/see-other":
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._send(303, b"", extra=(("Location", "/echo"),))
            return
        if self.path == "/temporary":
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._send(307, b"", extra=(("Location", "/echo"),))
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = {
            "method": self.command,
            "path": self.path,
            "contentType": self.headers.get("Content-Type"),
            "contentLength": self.headers.get("Content-Length"),
            "custom": self.headers.get("X-Test"),
            "accept": self.headers.get("Accept"),
            "body": body.decode("latin-1"),
        }
        self._send(200, json.dumps(answer).encode(), "application/json")

    do_PUT = do_POST
    do_DELETE = do_POST


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that aborted (the abort tests do): nothing to report


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The programs talking to the test server get its port as their first argument.
GET_BODIES = """
const base = `http://127.0.0.1:${process.argv[2]}`;
const res = await fetch(`${base}/text`);
console.log(res);
console.log(res.status, res.ok, res.statusText, res.type, res.redirected, res.bodyUsed);
const h = res.headers;
console.log(h.get('content-type'), h.get('X-CUSTOM'), h.has('x-custom'), h.has('nope'), h.get('nope'));
console.log(h.get('set-cookie'), h.getSetCookie());
console.log([...h.keys()], [...h.entries()].length);
try { h.set('x', 'y'); } catch (e) { console.log(e.name, e.message); }
console.log(JSON.stringify(await res.text()), res.bodyUsed);
try { await res.text(); } catch (e) { console.log(`${e.name}: ${e.message}`); }
try { res.clone(); } catch (e) { console.log(e.message); }

const json = await fetch(`${base}/json`);
console.log(await json.json());
const bin = await fetch(`${base}/bin`);
const buf = await bin.arrayBuffer();
console.log(buf instanceof ArrayBuffer, new Uint8Array(buf));
console.log(await (await fetch(`${base}/bin`)).bytes());
const blob = await (await fetch(`${base}/json`)).blob();
console.log(blob.size, blob.type, await blob.text());
const missing = await fetch(`${base}/missing`);
console.log(missing.status, missing.ok, missing.statusText, await missing.text());
const zipped = await fetch(`${base}/gzip`);
console.log(zipped.headers.get('content-encoding'), await zipped.text());
const head = await fetch(`${base}/text`, { method: 'HEAD' });
console.log(head.status, head.body, head.headers.get('content-length'));
"""

REDIRECTS = """
const base = `http://127.0.0.1:${process.argv[2]}`;
const r = await fetch(`${base}/chain`);
console.log(r.status, r.redirected, r.url, await r.text());
const m = await fetch(`${base}/redirect`, { redirect: 'manual' });
console.log(m.status, m.redirected, m.url, m.headers.get('location'));
try { await fetch(`${base}/redirect`, { redirect: 'error' }); }
catch (e) { console.log(e.message, e.cause.message); }
const seeOther = await fetch(`${base}/see-other`, { method: 'POST', body: 'dropped' });
console.log(seeOther.url, await seeOther.json());
const temporary = await fetch(`${base}/temporary`, { method: 'POST', body: 'kept' });
console.log(temporary.url, (await temporary.json()).body);
"""

POST_BODIES = """
const base = `http://127.0.0.1:${process.argv[2]}`;
const echo = async (body, init = {}) => {
  const res = await fetch(`${base}/echo`, { method: 'POST', body, ...init });
  const got = await res.json();
  if (got.contentType && got.contentType.startsWith('multipart/form-data; boundary=')) {
    const boundary = got.contentType.slice(30);
    got.contentLength = Number(got.contentLength) === got.body.length;
    got.contentType = 'multipart/form-data; boundary=B';
    got.body = got.body.replaceAll(boundary, 'B');
  }
  console.log(got);
};
await echo('plain text');
await echo(JSON.stringify({ a: 1 }), { headers: { 'Content-Type': 'application/json', 'X-Test': 'yes' } });
await echo(new URLSearchParams({ q: 'a b', r: 'é&' }));
await echo(new Uint8Array([104, 105]));
await echo(new Uint8Array([0, 1, 2, 3]).buffer);
await echo(new Blob(['blob body'], { type: 'text/x-blob' }));
await echo(undefined);
await echo('put', { method: 'PUT' });
const form = new FormData();
form.append('field', 'value');
form.append('file', new Blob(['file contents'], { type: 'text/plain' }), 'notes.txt');
await echo(form);
try { await fetch(`${base}/echo`, { body: 'x' }); } catch (e) { console.log(e.message); }
"""

CONSTRUCTORS = """
const h = new Headers({ 'X-B': '2', a: '1', 'Set-Cookie': 'x=1' });
h.append('set-cookie', 'y=2');
h.append('X-b', '3');
console.log(h);
console.log([...h], h.get('x-b'), h.getSetCookie());
h.delete('x-B');
h.set('A', '  padded\\t');
const seen = [];
h.forEach((v, k) => seen.push(`${k}=${v}`));
console.log(seen, JSON.stringify(h.get('a')), String(h));
for (const bad of [() => new Headers({ 'a b': '1' }), () => new Headers([['a']]),
                   () => new Headers(5), () => h.append('x', 'a\\nb'), () => h.get('é')]) {
  try { bad(); } catch (e) { console.log(e.name, e.message); }
}

const req = new Request('http://example.com/path?q=1#frag', {
  method: 'post', headers: { 'X-Token': 'abc' }, body: 'payload',
});
console.log(req.method, req.url, req.headers.get('content-type'), req.redirect, req.bodyUsed);
const copy = req.clone();
console.log(await req.text(), req.bodyUsed, await copy.text());
try { await req.text(); } catch (e) { console.log(`${e.name}: ${e.message}`); }
try { req.clone(); } catch (e) { console.log(e.message); }
const moved = new Request(new Request('http://x/', { method: 'PUT', body: 'm' }));
console.log(moved.method, await moved.text());
for (const bad of [() => new Request('/relative'), () => new Request('http://u:p@x/'),
                   () => new Request('http://x/', { body: 'a' }),
                   () => new Request('http://x/', { method: 'CONNECT' }),
                   () => new Request('http://x/', { redirect: 'nope' })]) {
  try { bad(); } catch (e) { console.log(e.name, e.message); }
}

const res = new Response('hello', { status: 201, statusText: 'Made', headers: { 'X-A': 'b' } });
console.log(res);
const twin = res.clone();
console.log(await res.text(), await twin.text(), res.bodyUsed, twin.bodyUsed);
console.log(new Response(null, { status: 204 }));
console.log(new Response(new URLSearchParams('a=1')).headers.get('content-type'));
console.log(Response.error());
console.log(Response.redirect('http://example.com/next', 301).headers.get('location'));
const j = Response.json({ ok: [1, 2] }, { status: 202, headers: { 'X-Y': 'z' } });
console.log(j.status, [...j.headers], await j.json());
for (const bad of [() => new Response('x', { status: 99 }), () => new Response('x', { status: 204 }),
                   () => Response.redirect('http://x/', 200), () => Response.json(undefined)]) {
  try { bad(); } catch (e) { console.log(e.name, e.message); }
}
const fd = new FormData();
fd.append('a', '1');
fd.append('a', '2');
fd.set('b', 'x');
console.log([...fd], fd.getAll('a'), fd.get('b'), fd.has('c'));
const parsed = await new Response('k=v&k=w', {
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
}).formData();
console.log(parsed.getAll('k'));
console.log(typeof fetch, fetch.length, Object.prototype.toString.call(res), Headers.name);
{
  // multipart/form-data: encoded (the boundary aside) and parsed back as node does
  const form = new FormData();
  form.append('a', 'x\\ny');
  form.append('quote"name', 'v');
  form.append('f', new Blob([new Uint8Array([0, 255, 13, 10])], { type: 'application/x-bin' }), 'na\\nme.bin');
  form.append('t', new File(['hello'], 'h.txt', { type: 'text/plain' }));
  const request = new Request('http://x/', { method: 'POST', body: form });
  const type = request.headers.get('content-type');
  const copy = request.clone();
  for (const [k, v] of await request.formData()) {
    console.log(k, typeof v === 'string' ? v : [v.name, v.type, v.size, new Uint8Array(await v.arrayBuffer())]);
  }
  console.log(JSON.stringify((await copy.text()).replaceAll(type.split('boundary=')[1], 'B')));
}
"""

STREAMED_BODY = """
const base = `http://127.0.0.1:${process.argv[2]}`;
const res = await fetch(`${base}/chunked`);
const reader = res.body.getReader();
console.log(res.body.locked, res.bodyUsed);
const decoder = new TextDecoder();
let text = '';
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  console.log(value instanceof Uint8Array);
  text += decoder.decode(value, { stream: true });
}
console.log(text, res.bodyUsed);
try { await res.text(); } catch (e) { console.log(e.message); }

const again = await fetch(`${base}/chunked`);
const copy = again.clone();
const parts = [];
for await (const chunk of again.body) parts.push(decoder.decode(chunk));
console.log(parts.join(''), await copy.text());
"""

ABORTS = """
const base = `http://127.0.0.1:${process.argv[2]}`;
let ticks = 0;
const timer = setInterval(() => ticks++, 20);
const started = Date.now();
const slow = await fetch(`${base}/slow`);
console.log(await slow.text(), ticks >= 10);

const controller = new AbortController();
setTimeout(() => controller.abort(), 50);
try { await fetch(`${base}/slow`, { signal: controller.signal }); }
catch (e) { console.log(e.name, e.message, e instanceof DOMException, e.code); }

try { await fetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }); }
catch (e) { console.log(e.name, e.message); }

const early = new AbortController();
early.abort('a reason');
try { await fetch(`${base}/text`, { signal: early.signal }); }
catch (e) { console.log('rejected with', e); }
clearInterval(timer);
console.log(Date.now() - started < 3000);
"""

NETWORK_ERRORS = """
const port = Number(process.argv[2]);
try { await fetch(`http://127.0.0.1:${port}/`); }
catch (e) {
  console.log(e.name, e.message, e.cause.message === `connect ECONNREFUSED 127.0.0.1:${port}`);
  console.log(Object.keys(e.cause), e.cause.code, e.cause.errno, e.cause.syscall, e.cause.address, e.cause.port === port);
}
for (const url of ['not a url', 'ftp://example.com/', 'http://127.0.0.1:1/', 'about:blank', 'data:nocomma']) {
  try { await fetch(url); } catch (e) { console.log(e.name, e.message, e.cause && e.cause.message); }
}
const data = await fetch('data:text/plain;base64,aGVsbG8=');
console.log(data.status, data.statusText, data.url, [...data.headers], await data.text());
const plain = await fetch('data:,a%20b');
console.log(plain.headers.get('content-type'), await plain.text());
"""

DENIED = """
const base = `http://127.0.0.1:${process.argv[2]}`;
try { await fetch(`${base}/text`); }
catch (e) { console.log(e.name, e.code, e.message, e.permission, e.resource); }
"""

ALLOWED = """
const base = `http://127.0.0.1:${process.argv[2]}`;
console.log(await (await fetch(`${base}/text`)).text());
"""


def test_get_bodies_status_and_headers(same_as_node, port: int) -> None:
    same_as_node({"main.mjs": GET_BODIES}, args=[str(port)])


def test_redirects(same_as_node, port: int) -> None:
    same_as_node({"main.mjs": REDIRECTS}, args=[str(port)])


def test_post_bodies_and_content_types(same_as_node, port: int) -> None:
    same_as_node({"main.mjs": POST_BODIES}, args=[str(port)])


def test_constructors_clone_and_statics(same_as_node) -> None:
    same_as_node({"main.mjs": CONSTRUCTORS})


def test_streamed_body(same_as_node, port: int) -> None:
    same_as_node({"main.mjs": STREAMED_BODY}, args=[str(port)])


def test_abort_and_timeout_and_the_loop_keeps_running(same_as_node, port: int) -> None:
    same_as_node({"main.mjs": ABORTS}, args=[str(port)])


def test_network_errors_and_other_schemes(same_as_node) -> None:
    same_as_node({"main.mjs": NETWORK_ERRORS}, args=[str(_closed_port())])


def test_permission_model_refuses_the_network(run_js, port: int) -> None:
    result = run_js({"main.mjs": DENIED}, args=[str(port)], cli=["--permission"])
    assert result.stdout == (
        f"Error ERR_ACCESS_DENIED Access to this API has been restricted Net 127.0.0.1:{port}\n"
    ), result.stderr
    cli = ["--permission", "--allow-net=127.0.0.1"]
    allowed = run_js({"main.mjs": ALLOWED}, args=[str(port)], cli=cli)
    assert allowed.stdout == "héllo\n", allowed.stderr
