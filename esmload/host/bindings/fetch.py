"""The HTTP binding of `fetch` (esmload/host/js/internal/fetch.js), on `http.client`.

One exchange (connection, request, response) per `request()`: JavaScript gets an id at once;
connecting, sending and reading the response head run on a worker thread, and the callback
gets `{status, statusText, headers, done}`. The body is then read on worker threads too, a
chunk per `read()` (or all of it with `readAll()`), decoded when the server compressed it.
`close()` and `abort()` end an exchange from the loop's thread: the socket is shut down, which
wakes a worker blocked on it.

The permission model is asked before anything is sent; failures raise Node's errors: system
errors (`connect ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND host`) and undici's
(`other side closed`, code UND_ERR_SOCKET), which JavaScript turns into the `cause` of
`TypeError: fetch failed`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading

from esmload.errors import SystemCallError
from esmload.host.system_errors import error_code, system_error

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    import http.client
    import ssl
    import zlib
    from collections.abc import Callable
    from typing import Any

    from esmload.engine.core import JSRef
    from esmload.host.bindings import BindingHost

_CHUNK = 64 * 1024
_CONNECT_TIMEOUT = 10.0  # undici's connect timeout
_IO_TIMEOUT = 300.0  # undici's headers and body timeouts

# libuv's errno of getaddrinfo failures (Node reports these)
_EAI = {
    socket.EAI_NONAME: ("ENOTFOUND", -3008),
    socket.EAI_AGAIN: ("EAI_AGAIN", -3001),
}
# OpenSSL verification results → Node's codes and messages
_TLS_ERRORS = {
    10: ("CERT_HAS_EXPIRED", "certificate has expired"),
    18: ("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
    19: ("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"),
    20: ("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate"),
    21: ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"),
}


_tls_lock = threading.Lock()
_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, plus NODE_EXTRA_CA_CERTS as Node reads it (made
    once: loading the certificates takes milliseconds)."""
    global _tls
    import ssl

    with _tls_lock:
        if _tls is None:
            context = ssl.create_default_context()
            extra = os.environ.get("NODE_EXTRA_CA_CERTS")
            if extra:
                with contextlib.suppress(OSError, ssl.SSLError):
                    context.load_verify_locations(cafile=extra)
            _tls = context
        return _tls


def _undici_error(name: str, code: str, message: str) -> SystemCallError:
    """An error like undici's (`SocketError: other side closed`, code UND_ERR_SOCKET)."""
    return SystemCallError(code, message, {"errorName": name})


def _other_side_closed() -> SystemCallError:
    return _undici_error("SocketError", "UND_ERR_SOCKET", "other side closed")


class _Aborted(Exception):
    """The exchange was closed while a worker was using it (JavaScript ignores the result)."""


class _Exchange:
    """One request and its response; the lock guards `closed`, `busy` and `sock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.closed = False
        self.busy = False
        self.sock: socket.socket | None = None
        self.conn: http.client.HTTPConnection | None = None
        self.response: http.client.HTTPResponse | None = None
        self.decoder: zlib._Decompress | None = None
        self.encoding = ""
        self.finished = False

    # ---------------------------------------------------------------- any thread

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            self.closed = True
            sock, busy = self.sock, self.busy
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if not busy:
            self._release()

    def _release(self) -> None:
        if self.conn is not None:
            self.conn.close()
        elif self.sock is not None:
            self.sock.close()

    def _enter(self) -> None:
        with self.lock:
            if self.closed:
                raise _Aborted
            self.busy = True

    def _leave(self) -> None:
        with self.lock:
            self.busy = False
            closed = self.closed
        if closed:
            self._release()

    # ---------------------------------------------------------------- worker threads

    def open(self, spec: dict[str, Any]) -> dict[str, Any]:
        import http.client

        self._enter()
        try:
            sock = self._connect(spec["hostname"], spec["port"])
            if spec["secure"]:
                sock = self._tls(sock, spec["hostname"], spec["port"])
            sock.settimeout(_IO_TIMEOUT)
            conn = http.client.HTTPConnection(spec["hostname"], spec["port"])
            conn.sock = sock
            self.conn = conn
            method = spec["method"]
            try:
                conn.putrequest(
                    method, spec["target"] or "/", skip_host=True, skip_accept_encoding=True
                )
                for name, value in spec["headers"]:
                    conn.putheader(name, value)
                conn.endheaders(spec.get("body"), encode_chunked=bool(spec.get("chunked")))
                response = conn.getresponse()
            except TimeoutError:
                raise _undici_error(
                    "HeadersTimeoutError", "UND_ERR_HEADERS_TIMEOUT", "Headers Timeout Error"
                ) from None
            except (http.client.RemoteDisconnected, ConnectionError):
                if self.closed:
                    raise _Aborted from None
                raise _other_side_closed() from None
            except http.client.HTTPException:
                if self.closed:
                    raise _Aborted from None
                raise _undici_error(
                    "HTTPParserError",
                    "HPE_INVALID_CONSTANT",
                    "Response does not match the HTTP/1.1 protocol (Expected HTTP/)",
                ) from None
            except OSError as exc:
                if self.closed:
                    raise _Aborted from None
                raise system_error(exc, "write") from None
            self.response = response
            encoding = (response.getheader("content-encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):
                self.encoding = encoding
            no_body = method == "HEAD" or response.status in (204, 304) or response.length == 0
            if no_body:
                self.finished = True
            return {
                "status": response.status,
                "statusText": response.reason,
                "headers": [[name, value] for name, value in response.getheaders()],
                "done": no_body,
            }
        finally:
            self._leave()

    def _connect(self, hostname: str, port: int) -> socket.socket:
        try:
            infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            code, errno = _EAI.get(exc.errno or 0, ("ENOTFOUND", -3008))
            raise SystemCallError(
                code,
                f"getaddrinfo {code} {hostname}",
                {"errno": errno, "syscall": "getaddrinfo", "hostname": hostname},
            ) from None
        failure: tuple[OSError, str, int] | None = None
        for family, kind, proto, _, address in infos:
            sock = socket.socket(family, kind, proto)
            with self.lock:
                if self.closed:
                    sock.close()
                    raise _Aborted
                self.sock = sock
            sock.settimeout(_CONNECT_TIMEOUT)
            try:
                sock.connect(address)
                return sock
            except OSError as exc:
                with self.lock:
                    self.sock = None
                sock.close()
                if self.closed:
                    raise _Aborted from None
                failure = (exc, str(address[0]), int(address[1]))
        if failure is None:  # getaddrinfo found nothing
            raise SystemCallError(
                "ENOTFOUND",
                f"getaddrinfo ENOTFOUND {hostname}",
                {"errno": -3008, "syscall": "getaddrinfo", "hostname": hostname},
            )
        error, host, port = failure
        if isinstance(error, TimeoutError):
            raise _undici_error(
                "ConnectTimeoutError", "UND_ERR_CONNECT_TIMEOUT", "Connect Timeout Error"
            )
        code = error_code(error)
        raise SystemCallError(
            code,
            f"connect {code} {host}:{port}",
            {"errno": -(error.errno or 5), "syscall": "connect", "address": host, "port": port},
        )

    def _tls(self, sock: socket.socket, hostname: str, port: int) -> socket.socket:
        import ssl

        try:
            wrapped = _tls_context().wrap_socket(sock, server_hostname=hostname)
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            if exc.verify_code in (62, 64):  # host name or IP address mismatch
                reason = (
                    f"Host: {hostname}. is not in the cert's altnames"
                    if exc.verify_code == 62
                    else f"IP: {hostname} is not in the cert's list: "
                )
                raise SystemCallError(
                    "ERR_TLS_CERT_ALTNAME_INVALID",
                    f"Hostname/IP does not match certificate's altnames: {reason}",
                    {"reason": reason, "host": hostname},
                ) from None
            code, message = _TLS_ERRORS.get(
                exc.verify_code, ("ERR_SSL_VERIFY_FAILED", exc.verify_message or str(exc))
            )
            raise SystemCallError(code, message, {}) from None
        except (ssl.SSLError, OSError) as exc:
            sock.close()
            if self.closed:
                raise _Aborted from None
            if isinstance(exc, ssl.SSLError):
                reason = exc.reason or str(exc)
                raise SystemCallError(f"ERR_SSL_{reason}", str(exc), {}) from None
            raise system_error(exc, "read") from None
        with self.lock:
            self.sock = wrapped
        return wrapped

    def read(self) -> bytes:
        """The next chunk of the (decoded) body; b"" at its end (the exchange is then closed)."""
        import http.client
        import zlib

        if self.finished or self.response is None:
            self.close()
            return b""
        self._enter()
        try:
            while True:
                try:
                    data = self.response.read1(_CHUNK)
                except TimeoutError:
                    raise _undici_error(
                        "BodyTimeoutError", "UND_ERR_BODY_TIMEOUT", "Body Timeout Error"
                    ) from None
                except (http.client.IncompleteRead, ConnectionError, http.client.HTTPException):
                    if self.closed:
                        raise _Aborted from None
                    raise _other_side_closed() from None
                except OSError as exc:
                    if self.closed:
                        raise _Aborted from None
                    raise system_error(exc, "read") from None
                if not data and self.response.length:  # the server closed before the end
                    raise _other_side_closed()
                if not self.encoding:
                    break
                raw_end = not data
                try:
                    if self.decoder is None and data:
                        self.decoder = zlib.decompressobj(self._wbits(data))
                    if self.decoder is None:
                        break
                    data = self.decoder.decompress(data) if data else self.decoder.flush()
                except zlib.error as exc:
                    raise SystemCallError(
                        "Z_DATA_ERROR", str(exc).split(": ", 1)[-1], {"errno": -3}
                    ) from None
                if data or raw_end:
                    break
        finally:
            self._leave()
        if not data:
            self.finished = True
            self.close()
        return data

    def _wbits(self, first: bytes) -> int:
        import zlib

        if self.encoding != "deflate":
            return 16 + zlib.MAX_WBITS
        # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate data
        if len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0:
            return zlib.MAX_WBITS
        return -zlib.MAX_WBITS

    def read_all(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            chunk = self.read()
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def make_binding(host: BindingHost) -> dict[str, Callable[..., Any]]:
    exchanges: dict[int, _Exchange] = {}
    counter = iter(range(1, 2**53))

    def forget(exchange_id: int, work: Callable[[], Any]) -> Callable[[], Any]:
        """`work`, after which a failed or finished exchange is dropped."""

        def run() -> Any:
            exchange = exchanges.get(exchange_id)
            try:
                result = work()
            except BaseException:
                exchanges.pop(exchange_id, None)
                if exchange is not None:
                    exchange.close()
                raise
            if exchange is not None and exchange.finished and exchange.closed:
                exchanges.pop(exchange_id, None)
            return result

        return run

    def request(callback: JSRef, spec: dict[str, Any]) -> int:
        """Start an exchange (`spec`: secure, hostname, port, method, target, headers as
        [name, value] pairs, body bytes or None); returns its id."""
        host.permissions.check_net(spec["hostname"], spec["port"])
        exchange_id = next(counter)
        exchange = exchanges[exchange_id] = _Exchange()
        host.defer(forget(exchange_id, lambda: exchange.open(spec)), callback)
        return exchange_id

    def read(callback: JSRef, exchange_id: int) -> None:
        exchange = exchanges.get(exchange_id)
        work: Callable[[], bytes] = exchange.read if exchange is not None else bytes
        host.defer(forget(exchange_id, work), callback)

    def read_all(callback: JSRef, exchange_id: int) -> None:
        exchange = exchanges.get(exchange_id)
        work: Callable[[], bytes] = exchange.read_all if exchange is not None else bytes
        host.defer(forget(exchange_id, work), callback)

    def close(exchange_id: int) -> None:
        exchange = exchanges.pop(exchange_id, None)
        if exchange is not None:
            exchange.close()

    return {"request": request, "read": read, "readAll": read_all, "close": close, "abort": close}
