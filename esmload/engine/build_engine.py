"""Build QuickJS-ng from its PyPI sdist into a shared library for esmload (at install time).

Why: the quickjs-ng wheel's `_quickjs` runs compute-bound JavaScript about 2.2x slower than the
same sources built here (README, "The engine"). The wheel's GCC 14 builds JSValues in stack
temporaries with two 8-byte stores and reloads them with one 16-byte load (a store-forwarding
stall) in the interpreter's hottest opcodes; and its -fPIC build calls every exported function
(JS_FreeValue alone from ~1,900 call sites) through the PLT. Built here, with only the API
exported and no semantic interposition, the interpreter has neither.

`setup.py` runs `build_quietly` from `build_ext`: every failure (no compiler, offline, a
checksum or compile error) leaves the wheel's engine in use and never fails the install.
`python -m esmload.engine.build_engine` rebuilds by hand into the installed package (after
installing a compiler, say). Standard library only: it runs in pip's isolated build
environment, loaded by path, before esmload's dependencies exist.

Output, next to this file: `LIBRARY` and `INFO`, a `name: value` text file that
esmload/engine/lib.py reads for `esmload --version`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

Log = Callable[[str], object]

# The quickjs-ng release whose engine this builds; pyproject.toml pins the same wheel (a test
# checks), so the built library and the wheel's are one engine version.
QUICKJS_NG_VERSION = "0.17.0.2"
SDIST = f"quickjs_ng-{QUICKJS_NG_VERSION}.tar.gz"
SDIST_SHA256 = "43d2e48272208721a7aaea8e3f02d4b9318f12ef20cc4f5421b59d9a470706ef"
ENGINE_VERSION = "0.17.0"  # what JS_GetVersion() of this release reports

LIBRARY = "libquickjs-ng.so"
INFO = "libquickjs-ng.txt"

SOURCES = ("quickjs.c", "libregexp.c", "libunicode.c", "dtoa.c")  # quickjs.c first: the long one
# esmload's own C, compiled in place of quickjs.c, which it includes: the engine plus one
# function that reads a compiled module's analysis (its docstring says why).
MODULE_INFO = Path(__file__).with_name("module_info.c")
UNITS = (MODULE_INFO.name, *SOURCES[1:])  # what is compiled, in the extracted sources

# -O3, as the wheel and upstream's CMake Release build: 5-10% faster than -O2 on interpreter
# loops here, for ~10% more compile time. -fwrapv and NDEBUG, as the wheel (from Python's
# CFLAGS): signed overflow wraps, no asserts. -fvisibility=hidden + BUILDING_QJS_SHARED: export
# only the JS_EXTERN API, as upstream's own shared library does; with
# -fno-semantic-interposition, calls between engine functions are direct (and inlinable)
# instead of going through the PLT. None of this changes the bytecode the engine writes:
# records stay interchangeable with the wheel's engine (tests/test_engine_build.py checks).
BASE_FLAGS = ("-O3", "-fwrapv", "-DNDEBUG", "-fPIC")
EXTRA_FLAGS = ("-fvisibility=hidden", "-DBUILDING_QJS_SHARED", "-fno-semantic-interposition")

RECIPE = 1  # part of the cached build's key: bump it when the way of building changes

DEFAULT_INDEX = "https://pypi.org/simple"
TIMEOUT = 30  # seconds, for each network request


class BuildError(Exception):
    """Why the engine was not built (the install goes on with the wheel's engine)."""


def cache_root() -> Path:
    """Where downloaded sdists and built libraries are kept between installs."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if sys.platform == "darwin" and not os.environ.get("XDG_CACHE_HOME"):
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches")
    return Path(base) / "esmload-engine"  # not in esmload's code cache: its tools own that


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _replace_atomically(data_from: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    try:
        shutil.copyfile(data_from, tmp)
        os.chmod(tmp, 0o755 if target.suffix == ".so" else 0o644)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _sdist_url(index: str) -> str:
    """The sdist's address on a PEP 503 simple index page."""
    page = f"{index.rstrip('/')}/quickjs-ng/"
    request = urllib.request.Request(page, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        html = response.read().decode("utf-8", "replace")
    for href in re.findall(r'href="([^"]+)"', html):
        url = urllib.parse.urljoin(page, href.replace("&amp;", "&"))
        if urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1] == SDIST:
            return url.split("#", 1)[0]
    raise BuildError(f"{SDIST} is not listed on {page}")


def fetch_sdist(work: Path, log: Log = print) -> Path:
    """The pinned sdist, checked against SDIST_SHA256: from ESMLOAD_ENGINE_SDIST (a local
    file), else the cache, else downloaded from PIP_INDEX_URL or PyPI into the cache (or into
    `work` when the cache cannot be written)."""
    given = os.environ.get("ESMLOAD_ENGINE_SDIST")
    if given:
        path = Path(given)
        if _sha256(path) != SDIST_SHA256:
            raise BuildError(f"{path}: sha256 differs from the pinned {SDIST_SHA256}")
        return path
    cached = cache_root() / SDIST
    if cached.is_file() and _sha256(cached) == SDIST_SHA256:
        return cached
    indexes = [os.environ.get("PIP_INDEX_URL", ""), DEFAULT_INDEX]
    problems = []
    for index in dict.fromkeys(i for i in indexes if i):
        try:
            url = _sdist_url(index)
            part = work / SDIST
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(part, "wb") as f:
                shutil.copyfileobj(response, f)
            if _sha256(part) != SDIST_SHA256:
                raise BuildError(f"{url}: sha256 differs from the pinned {SDIST_SHA256}")
            log(f"downloaded {url}")
            try:
                _replace_atomically(part, cached)
            except OSError:  # an unwritable cache only costs a download next time
                return part
            return cached
        except (OSError, BuildError) as exc:  # URLError is an OSError
            problems.append(f"{index}: {exc}")
    raise BuildError("cannot download the quickjs-ng sdist: " + "; ".join(problems))


def _extract(sdist: Path, into: Path) -> Path:
    """The engine's C sources and headers (upstream-quickjs/ in the sdist), only those."""
    into.mkdir()
    with tarfile.open(sdist, "r:gz") as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if (
                len(parts) == 3
                and parts[1] == "upstream-quickjs"
                and member.isfile()
                and re.fullmatch(r"[\w.-]+\.[ch]", parts[2])
            ):
                source = tar.extractfile(member)
                assert source is not None
                (into / parts[2]).write_bytes(source.read())
    missing = [name for name in SOURCES if not (into / name).is_file()]
    if missing:
        raise BuildError(f"{sdist} has no {', '.join(missing)}")
    return into


def compiler() -> list[str]:
    """The C compiler setuptools would use: $CC, else Python's configured CC, else cc."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    argv = shlex.split(command)
    if not argv or shutil.which(argv[0]) is None:
        fallback = shutil.which("cc")
        if fallback is None:
            raise BuildError(f"no C compiler ({command!r} not found, no cc)")
        argv = [fallback]
    return argv


def compiler_identity(cc: list[str]) -> str:
    """The compiler's family and version: `gcc 12.2.0`, `clang 14.0.6`."""
    try:
        banner = subprocess.run(
            [*cc, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
        version = subprocess.run(
            [*cc, "-dumpfullversion", "-dumpversion"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(f"cannot run {cc[0]}: {exc}") from exc
    lowered = banner.lower()
    if "clang" in lowered:
        family = "clang"
    elif "gcc" in lowered or "free software foundation" in lowered:
        family = "gcc"
    else:
        family = os.path.basename(cc[0])
    first = banner.splitlines()[0] if banner.strip() else ""
    return f"{family} {version or first}".strip()


def _run(argv: list[str], cwd: Path) -> None:
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(argv)} failed:\n{proc.stderr[-2000:]}")


def _flags(cc: list[str], work: Path) -> list[str]:
    """BASE_FLAGS, plus EXTRA_FLAGS when this compiler accepts them."""
    probe = work / "probe.c"
    probe.write_text("int esmload_probe(void) { return 0; }\n")
    try:
        _run([*cc, *BASE_FLAGS, *EXTRA_FLAGS, "-Werror", "-c", "probe.c", "-o", "probe.o"], work)
    except BuildError:
        return list(BASE_FLAGS)
    return [*BASE_FLAGS, *EXTRA_FLAGS]


def smoke_test(library: Path) -> str:
    """Load the library, check its version, that it has esmload's function, and evaluate
    `6 * 7`; its version string."""
    import ctypes

    class JSValue(ctypes.Structure):
        _fields_ = [("u", ctypes.c_uint64), ("tag", ctypes.c_int64)]

    lib = ctypes.CDLL(str(library))
    if not hasattr(lib, "esmload_module_info"):
        raise BuildError(f"{library} lacks esmload_module_info ({MODULE_INFO.name})")
    lib.JS_GetVersion.restype = ctypes.c_char_p
    version = (lib.JS_GetVersion() or b"").decode("ascii", "replace")
    if version != ENGINE_VERSION:
        raise BuildError(f"{library} reports engine {version}, expected {ENGINE_VERSION}")
    lib.JS_NewRuntime.restype = ctypes.c_void_p
    lib.JS_NewContext.restype = ctypes.c_void_p
    lib.JS_NewContext.argtypes = [ctypes.c_void_p]
    lib.JS_Eval.restype = JSValue
    lib.JS_Eval.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_int
    ]
    lib.JS_FreeContext.argtypes = [ctypes.c_void_p]
    lib.JS_FreeRuntime.argtypes = [ctypes.c_void_p]
    rt = lib.JS_NewRuntime()
    ctx = lib.JS_NewContext(rt)
    value = lib.JS_Eval(ctx, b"6 * 7", 5, b"<smoke>", 0)
    lib.JS_FreeContext(ctx)
    lib.JS_FreeRuntime(rt)
    if (value.tag, value.u & 0xFFFFFFFF) != (0, 42):  # JS_TAG_INT, 42
        raise BuildError(f"{library} evaluated 6 * 7 as tag {value.tag}, value {value.u}")
    return version


def build(dest: Path, *, jobs: int | None = None, log: Log = print) -> Path:
    """Build (or take from the cache) the library and its INFO file into `dest`; raises
    BuildError. The built library is cached per sdist, compiler and flags."""
    if os.name != "posix":
        raise BuildError("building the engine is supported on POSIX systems only")
    started = time.monotonic()
    cc = compiler()
    identity = compiler_identity(cc)
    with tempfile.TemporaryDirectory(prefix="esmload-engine-") as tmp:
        work = Path(tmp)
        flags = _flags(cc, work)
        key = hashlib.sha256(
            "\0".join(
                [str(RECIPE), SDIST_SHA256, shutil.which(cc[0]) or cc[0], identity, *cc,
                 *flags, *UNITS, _sha256(MODULE_INFO), sys.platform, platform.machine()]
            ).encode()
        ).hexdigest()[:16]
        cached = cache_root() / f"build-{key}" / LIBRARY
        library = work / LIBRARY
        reused = False
        if cached.is_file():
            try:
                shutil.copyfile(cached, library)
                smoke_test(library)
                reused = True
            except (OSError, BuildError):
                library.unlink(missing_ok=True)
        if not reused:
            src = _extract(fetch_sdist(work, log), work / "src")
            shutil.copyfile(MODULE_INFO, src / MODULE_INFO.name)
            n = jobs or min(len(UNITS), os.cpu_count() or 1)
            with ThreadPoolExecutor(max_workers=n) as pool:
                list(pool.map(
                    lambda name: _run([*cc, *flags, "-c", name, "-o", f"{name}.o"], src),
                    UNITS,
                ))
            objects = [f"{name}.o" for name in UNITS]
            _run([*cc, "-shared", *flags, *objects, "-o", str(library), "-lm", "-lpthread"], src)
            smoke_test(library)
            with contextlib.suppress(OSError):  # no cache: the next install compiles again
                _replace_atomically(library, cached)
        info = work / INFO
        info.write_text(
            f"engine: {ENGINE_VERSION}\n"
            f"source: quickjs-ng {QUICKJS_NG_VERSION} sdist, sha256 {SDIST_SHA256}\n"
            f"compiler: {identity}\n"
            f"flags: {' '.join(flags)}\n"
        )
        _replace_atomically(library, dest / LIBRARY)
        _replace_atomically(info, dest / INFO)
    how = "reused the cached build" if reused else f"{identity} {' '.join(flags)}"
    log(f"built the QuickJS-ng engine ({how}) in {time.monotonic() - started:.1f} s")
    return dest / LIBRARY


def remove(dest: Path) -> None:
    for name in (LIBRARY, INFO):
        (dest / name).unlink(missing_ok=True)


def build_quietly(dest: Path, log: Log = print) -> bool:
    """`build`, for the installer: any failure removes what an earlier build left in `dest`,
    says why in one line, and returns False (esmload then uses the wheel's engine).
    ESMLOAD_ENGINE_BUILD=0 skips the build."""
    if os.environ.get("ESMLOAD_ENGINE_BUILD", "") == "0":
        remove(dest)
        log("esmload: ESMLOAD_ENGINE_BUILD=0: using the quickjs-ng wheel's engine")
        return False
    try:
        build(dest, log=log)
        return True
    except Exception as exc:  # noqa: BLE001 - never fail an install over the faster engine
        with contextlib.suppress(OSError):
            remove(dest)
        reason = str(exc).strip().splitlines()
        log(
            "esmload: not building the QuickJS-ng engine, using the quickjs-ng wheel's: "
            + (reason[0] if reason else type(exc).__name__)
        )
        return False


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    try:
        build(target)
    except BuildError as exc:
        print(f"esmload: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
