"""The binding of `zlib`, on Python's `zlib` (the same deflate format and gzip header Node
writes: mtime 0, OS 3 on Unix).

`process(mode, data, options)` compresses or decompresses a whole buffer (the `…Sync`
functions; `processAsync(callback, …)` runs it on a worker thread); `handle(mode, options)`
is a running stream: a dict of closures `write(data, flush)` (and `writeAsync(callback, data,
flush)`), `reset()`, `params(level, strategy)`.

Modes are Node's numbers (zlib.constants.DEFLATE …). A failure is a `ZlibError` that JS sees
as Node's: `Error: incorrect header check` with `errno` -3 and `code` 'Z_DATA_ERROR'.
"""

from __future__ import annotations

import re
import zlib

from esmload.errors import EsmloadError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.engine.core import JSRef
    from esmload.host.bindings import BindingHost

DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP = range(1, 8)
Z_NO_FLUSH, Z_FINISH = 0, 4
_CODES = {
    2: "Z_NEED_DICT", -1: "Z_ERRNO", -2: "Z_STREAM_ERROR", -3: "Z_DATA_ERROR",
    -4: "Z_MEM_ERROR", -5: "Z_BUF_ERROR", -6: "Z_VERSION_ERROR",
}  # fmt: skip
_ERROR = re.compile(r"Error (-?\d+) while (\w+)[^:]*(?:: (.*))?$")


class ZlibError(EsmloadError):
    """zlib refused the data: Node's `Error: <zlib's message>` with errno and code."""

    def __init__(self, errno: int, message: str, code: str | None = None) -> None:
        self.code = code or _CODES.get(errno, "Z_ERRNO")
        self.properties = {"errno": errno, "code": self.code}
        super().__init__(message)


def _translate(exc: zlib.error) -> ZlibError:
    found = _ERROR.match(str(exc))
    if found is None:
        return ZlibError(-2, str(exc))
    errno, action, text = int(found.group(1)), found.group(2), found.group(3)
    if action == "setting":  # inflateSetDictionary refused the dictionary
        return ZlibError(2, "Bad dictionary")
    if errno == 2:
        return ZlibError(2, "Missing dictionary")
    return ZlibError(errno, text or _CODES.get(errno, "zlib error"))


def _unexpected_end() -> ZlibError:
    return ZlibError(-5, "unexpected end of file")


def _wbits(mode: int, window_bits: int) -> int:
    if mode in (DEFLATERAW, INFLATERAW):
        return -max(window_bits, 9) if window_bits else -15
    if mode in (GZIP, GUNZIP):
        return 16 + (window_bits or 15)
    if mode == UNZIP:
        return 32 + (window_bits or 15)
    return window_bits  # 0 for inflate: the window size of the header


class _Compressor:
    def __init__(self, mode: int, options: dict[str, Any]) -> None:
        self.mode = mode
        self.options = options
        self.reset()

    def reset(self) -> None:
        o = self.options
        kwargs: dict[str, Any] = {}
        if o.get("dictionary") is not None:
            kwargs["zdict"] = o["dictionary"]
        self.obj = zlib.compressobj(
            o.get("level", -1), zlib.DEFLATED, _wbits(self.mode, o.get("windowBits", 15)),
            o.get("memLevel", 8), o.get("strategy", 0), **kwargs,
        )  # fmt: skip
        self.finished = False

    def params(self, level: int, strategy: int) -> bytes:
        # Python cannot change a running compressor's parameters: flush what is pending, then
        # go on with a new compressor would break the stream; instead remember them for reset.
        self.options = {**self.options, "level": level, "strategy": strategy}
        return b""

    def write(self, data: bytes, flush: int) -> bytes:
        if self.finished:
            return b""
        out = self.obj.compress(data) if data else b""
        if flush == Z_FINISH:
            out += self.obj.flush(Z_FINISH)
            self.finished = True
        elif flush != Z_NO_FLUSH:
            out += self.obj.flush(flush)
        return out


class _Decompressor:
    def __init__(self, mode: int, options: dict[str, Any]) -> None:
        self.mode = mode
        self.options = options
        self.max_output = options.get("maxOutputLength")
        self.reset()

    def _new(self) -> Any:
        o = self.options
        wbits = _wbits(self.mode, o.get("windowBits", 0 if self.mode == INFLATE else 15))
        if o.get("dictionary") is not None:
            return zlib.decompressobj(wbits, zdict=o["dictionary"])
        return zlib.decompressobj(wbits)

    def reset(self) -> None:
        self.obj = self._new()
        self.done = False  # the stream ended (trailing data is ignored)
        self.first = True
        self.gzip = self.mode == GUNZIP
        self.produced = 0

    def params(self, level: int, strategy: int) -> bytes:
        del level, strategy
        return b""

    def _decompress(self, data: bytes) -> bytes:
        if self.max_output is None:
            out = self.obj.decompress(data)
        else:
            room = self.max_output - self.produced
            out = self.obj.decompress(data, room + 1)
        self.produced += len(out)
        if self.max_output is not None and self.produced > self.max_output:
            raise ZlibError(
                0, f"Cannot create a Buffer larger than {self.max_output} bytes",
                "ERR_BUFFER_TOO_LARGE",
            )  # fmt: skip
        return out

    def write(self, data: bytes, flush: int) -> bytes:
        parts: list[bytes] = []
        try:
            while data and not self.done:
                if self.first and self.mode == UNZIP:
                    self.gzip = data[:1] == b"\x1f"
                self.first = False
                parts.append(self._decompress(data))
                if not self.obj.eof:
                    data = b""
                    break
                data = self.obj.unused_data
                # Gzip members may follow one another; a zero byte (padding) ends the input.
                if self.gzip and data and data[0] != 0:
                    self.obj = self._new()
                    continue
                self.done = True
            if flush == Z_FINISH and not self.done and not self.obj.eof:
                parts.append(self.obj.flush())
                raise _unexpected_end()
            if flush != Z_NO_FLUSH and not self.done:
                parts.append(self.obj.flush())
        except zlib.error as exc:
            raise _translate(exc) from None
        return b"".join(parts)


def _engine(mode: int, options: dict[str, Any]) -> _Compressor | _Decompressor:
    if mode in (DEFLATE, GZIP, DEFLATERAW):
        return _Compressor(mode, options)
    if mode in (INFLATE, GUNZIP, INFLATERAW, UNZIP):
        return _Decompressor(mode, options)
    raise ValueError(f"bad zlib mode {mode}")


def process(mode: int, data: bytes, options: dict[str, Any]) -> bytes:
    """A whole buffer through a new engine, ended with `options.finishFlush` (Z_FINISH)."""
    engine = _engine(mode, options)
    return engine.write(data, options.get("finishFlush", Z_FINISH))


def make_binding(host: BindingHost) -> dict[str, Callable[..., Any]]:
    def process_async(callback: JSRef, mode: int, data: bytes, options: dict[str, Any]) -> None:
        host.defer(lambda: process(mode, data, options), callback)

    def handle(mode: int, options: dict[str, Any]) -> dict[str, Callable[..., Any]]:
        engine = _engine(mode, options)

        def write_async(callback: JSRef, data: bytes, flush: int) -> None:
            host.defer(lambda: engine.write(data, flush), callback)

        return {
            "write": engine.write,
            "writeAsync": write_async,
            "reset": engine.reset,
            "params": engine.params,
        }

    return {
        "process": process,
        "processAsync": process_async,
        "handle": handle,
        "crc32": lambda data, value: zlib.crc32(data, value),
    }
