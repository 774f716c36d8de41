"""The cache directory (esmload/cache/store.py), on real files: set-up and trust, atomic
writes from many processes, reads, pruning, clearing and the size setting.

Some tests run as root, where permission bits stop nothing; an "unwritable" place is then a
path below a regular file, which fails for everyone."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from esmload.cache.record import decode_record, encode_record, source_hash
from esmload.cache.store import (
    CACHEDIR_TAG,
    DEFAULT_MAX_BYTES,
    CacheStore,
    default_cache_dir,
    parse_size,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _permission_bits_bind() -> bool:
    """Whether a read-only folder stops this process (not for root with its capabilities)."""
    folder = tempfile.mkdtemp()
    try:
        os.chmod(folder, 0o500)
        try:
            os.mkdir(os.path.join(folder, "probe"))
        except PermissionError:
            return True
        return False
    finally:
        os.chmod(folder, 0o700)
        shutil.rmtree(folder)


BITS_BIND = _permission_bits_bind()
HOUR, DAY = 3600.0, 86400.0


class Warnings(list[str]):
    """A `warn` callback that keeps what it is told."""

    def __call__(self, message: str) -> None:
        self.append(message)


@pytest.fixture(autouse=True)
def _no_size_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ESMLOAD_CACHE_MAX_BYTES", raising=False)


def opened(root: Path, **kwargs: object) -> CacheStore:
    store = CacheStore(root, **kwargs)  # type: ignore[arg-type]
    assert store.open()
    return store


def mode(path: str | Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def age(path: str | Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def temp_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.tmp"))


# ---------------------------------------------------------------------------- set-up


def test_setup_makes_a_private_tagged_directory_with_a_key(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "er" / "cache"
    store = CacheStore(root)
    assert not root.exists()  # nothing happens before first use
    assert store.open() and store.usable
    assert mode(root) == 0o700
    tag = (root / "CACHEDIR.TAG").read_bytes()
    assert tag == CACHEDIR_TAG
    assert tag.startswith(b"Signature: 8a477f597d28d172789f06886806bc55\n")
    key = root / "key"
    assert mode(key) == 0o600 and key.read_bytes() == store.key and len(store.key) == 32
    assert not temp_files(root)


def test_key_is_stable_across_instances_and_tag_is_kept(tmp_path: Path) -> None:
    first = opened(tmp_path / "c")
    (tmp_path / "c" / "CACHEDIR.TAG").write_bytes(CACHEDIR_TAG + b"# edited\n")
    second = opened(tmp_path / "c")
    assert second.key == first.key
    assert (tmp_path / "c" / "CACHEDIR.TAG").read_bytes().endswith(b"# edited\n")
    assert opened(tmp_path / "elsewhere").key != first.key


def test_key_is_exactly_0600_whatever_the_umask(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir(mode=0o700)  # made by hand; then a umask that would leave the key 0400
    old = os.umask(0o277)
    try:
        store = opened(root)
    finally:
        os.umask(old)
    assert mode(root / "key") == 0o600 and len(store.key) == 32
    assert opened(root).key == store.key


def _open_and_report_key(root: str, start: float) -> str:
    while time.time() < start:
        pass
    store = CacheStore(root)
    return store.key.hex() if store.open() else "unusable"


def test_concurrent_first_runs_agree_on_the_key(tmp_path: Path) -> None:
    root = str(tmp_path / "fresh")
    start = time.time() + 0.3  # all processes begin together, to race for the key
    with multiprocessing.get_context(_START_METHOD).Pool(8) as pool:
        keys = pool.starmap(_open_and_report_key, [(root, start)] * 8)
    assert len(set(keys)) == 1 and keys[0] != "unusable"
    assert bytes.fromhex(keys[0]) == (tmp_path / "fresh" / "key").read_bytes()
    assert not temp_files(tmp_path)


def test_open_is_lazy_and_once(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = CacheStore(root)
    assert store.read(store.record_path("/a.js", "debug")) is None  # first use opens
    assert (root / "key").exists()
    key = store.key
    (root / "key").unlink()
    assert store.open() and store.key == key  # opened already: no second set-up


def test_accepts_str_or_path_roots(tmp_path: Path) -> None:
    assert CacheStore(str(tmp_path / "c")).root == CacheStore(tmp_path / "c").root


# ---------------------------------------------------------------------------- trust


def _plant(root: Path) -> None:
    """A valid cache with a record in it, to show that an untrusted one is never read."""
    store = opened(root)
    assert store.write(store.record_path("/m.js", "debug"), b"planted")


def _assert_unusable(store: CacheStore, warnings: Warnings, *words: str) -> None:
    """Unusable after one warning, and every method then does nothing (and warns no more)."""
    assert not store.open() and not store.usable
    assert not store.open()
    path = store.record_path("/m.js", "debug")
    assert store.read(path) is None
    assert store.write(path, b"data") is False
    assert list(store.iter_records()) == [] and store.stale_temp_files(0) == []
    assert store.clear() == 0 and store.prune(0) == 0
    info = store.info()
    assert (info.records, info.total_bytes, info.temp_files) == (0, 0, 0)
    assert len(warnings) == 1, warnings
    assert "\n" not in warnings[0]
    for word in words:
        assert word in warnings[0]


@pytest.mark.parametrize("bits", [0o770, 0o707, 0o775, 0o777, 0o1777])
def test_group_or_other_writable_root_is_not_trusted(tmp_path: Path, bits: int) -> None:
    root = tmp_path / "c"
    _plant(root)
    root.chmod(bits)
    warnings = Warnings()
    _assert_unusable(CacheStore(root, warn=warnings), warnings, str(root), "not private")


@pytest.mark.skipif(not IS_ROOT, reason="giving a directory to another user needs root")
def test_root_owned_by_another_user_is_not_trusted(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _plant(root)
    os.chown(root, 65534, 65534)
    warnings = Warnings()
    _assert_unusable(CacheStore(root, warn=warnings), warnings, "not private")


@pytest.mark.parametrize("bits", [0o770, 0o777])
def test_damaged_key_in_an_untrusted_root_is_left_alone(tmp_path: Path, bits: int) -> None:
    root = tmp_path / "c"
    _plant(root)
    (root / "key").write_bytes(b"short")
    root.chmod(bits)
    warnings = Warnings()
    _assert_unusable(CacheStore(root, warn=warnings), warnings, "not private")
    assert (root / "key").read_bytes() == b"short" and not temp_files(root)


@pytest.mark.skipif(not IS_ROOT, reason="giving a directory to another user needs root")
def test_damaged_key_in_a_root_of_another_user_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _plant(root)
    (root / "key").write_bytes(b"")
    os.chown(root, 65534, 65534)
    warnings = Warnings()
    _assert_unusable(CacheStore(root, warn=warnings), warnings, "not private")
    assert (root / "key").read_bytes() == b""


@pytest.mark.parametrize("where", ["file", "file/cache", "file/a/b/cache"])
def test_root_that_is_or_is_below_a_file(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("x")
    root = tmp_path / where
    warnings = Warnings()
    _assert_unusable(CacheStore(root, warn=warnings), warnings, str(root))
    assert (tmp_path / "file").read_text() == "x"


@pytest.mark.skipif(not BITS_BIND, reason="root can create folders in a read-only directory")
def test_root_in_a_read_only_directory(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir(mode=0o500)
    try:
        warnings = Warnings()
        _assert_unusable(CacheStore(parent / "c", warn=warnings), warnings, "Permission denied")
    finally:
        parent.chmod(0o700)


def test_default_warning_is_one_stderr_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    store = CacheStore(tmp_path / "file" / "c")
    assert not store.open() and not store.write(store.record_path("/a", "b"), b"")
    err = capsys.readouterr().err
    assert err.startswith("esmload: warning: ") and err.count("\n") == 1
    assert str(tmp_path / "file" / "c") in err


# ---------------------------------------------------------------------------- damaged keys

DAMAGE = ["truncated", "empty", "longer", "directory", "broken-link", "link-to-a-short-file", "fifo"]


def _damage(root: Path, kind: str, old: bool = True) -> bytes:
    """Damage the key of the cache at `root` (by then `old`: an hour ago, or else just now,
    as a first run writing a key in place would look); returns the key it had."""
    key = root / "key"
    before = key.read_bytes()
    if kind == "truncated":
        key.write_bytes(before[:17])
    elif kind == "empty":
        key.write_bytes(b"")
    elif kind == "longer":
        key.write_bytes(before + b"\n")
    elif kind == "garbage":
        key.write_bytes(os.urandom(32))
    elif kind == "exposed":
        key.chmod(0o644)
    else:
        key.unlink()
        if kind == "directory":
            key.mkdir()
            (key / "inside").write_bytes(before)
            (key / "sub").mkdir()
            (key / "sub" / "deeper").write_text("x")
        elif kind == "broken-link":
            key.symlink_to(root / "nowhere")
        elif kind == "link-to-a-short-file":
            (root.parent / "outside").write_bytes(b"outside")
            (root.parent / "outside").chmod(0o600)
            key.symlink_to(root.parent / "outside")
        elif kind == "fifo":
            os.mkfifo(key, 0o600)
        else:
            raise AssertionError(kind)
    if old:
        then = time.time() - HOUR
        os.utime(key, (then, then), follow_symlinks=False)
    return before


def _assert_key_healed(root: Path, store: CacheStore, before: bytes) -> None:
    key = root / "key"
    assert stat.S_ISREG(os.lstat(key).st_mode) and mode(key) == 0o600
    assert key.read_bytes() == store.key and len(store.key) == 32 and store.key != before
    assert sorted(p.name for p in root.iterdir()) == ["CACHEDIR.TAG", "key", "records"]
    assert not temp_files(root)
    assert opened(root).key == store.key  # healed for good


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_key_is_replaced(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "c"
    _plant(root)
    before = _damage(root, kind)
    warnings = Warnings()
    store = opened(root, warn=warnings)
    assert store.usable and warnings == []
    _assert_key_healed(root, store, before)
    # Records stay: made with the old key, they fail their digest (tests/test_key_heal.py).
    assert [Path(p).read_bytes() for p in store.iter_records()] == [b"planted"]
    assert store.write(store.record_path("/new.js", "debug"), b"new")
    if kind == "link-to-a-short-file":  # the link was replaced, never written through
        assert (tmp_path / "outside").read_bytes() == b"outside"


@pytest.mark.parametrize("kind", ["truncated", "empty", "directory"])
def test_key_damaged_just_now_is_replaced_too(tmp_path: Path, kind: str) -> None:
    """A short key file younger than a few seconds may be a first run's still being written
    in place: it gets a moment to complete, then it is damage like any other."""
    root = tmp_path / "c"
    _plant(root)
    before = _damage(root, kind, old=False)
    store = opened(root)
    _assert_key_healed(root, store, before)


def test_key_being_written_in_place_is_waited_for(tmp_path: Path) -> None:
    """Where there are no hard links, a first run writes the key in place: a reader that
    finds it short must not take that for damage."""
    root = tmp_path / "c"
    root.mkdir(mode=0o700)
    key = os.urandom(32)
    fd = os.open(root / "key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, key[:10])

    def finish() -> None:
        time.sleep(0.15)
        os.write(fd, key[10:])
        os.close(fd)

    writer = threading.Thread(target=finish)
    writer.start()
    try:
        store = opened(root)
    finally:
        writer.join()
    assert store.key == key == (root / "key").read_bytes()


def test_key_of_the_right_length_is_a_key(tmp_path: Path) -> None:
    """Random bytes of the right length cannot be told from a key: they are used, and the
    records made with the old key fail their digest (tests/test_key_heal.py)."""
    root = tmp_path / "c"
    _plant(root)
    _damage(root, "garbage")
    garbage = (root / "key").read_bytes()
    assert opened(root).key == garbage


@pytest.mark.parametrize("bits", [0o644, 0o640, 0o604, 0o666, 0o620, 0o400, 0o700, 0o000])
def test_key_that_is_not_exactly_0600_is_replaced(tmp_path: Path, bits: int) -> None:
    """Never used (others may have read it, or written one they know) nor chmod-ed back:
    replaced by a new key, which turns every record made with the old one into a miss.
    Only a key that others could read or write is worth a warning."""
    root = tmp_path / "c"
    _plant(root)
    key = root / "key"
    before = key.read_bytes()
    key.chmod(bits)
    warnings = Warnings()
    store = opened(root, warn=warnings)
    _assert_key_healed(root, store, before)
    if bits & 0o077:
        assert len(warnings) == 1 and "\n" not in warnings[0], warnings
        assert str(key) in warnings[0] and "600" in warnings[0] and f"{bits:o}" in warnings[0]
    else:
        assert warnings == []


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_key_of_another_user_is_replaced(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _plant(root)
    before = (root / "key").read_bytes()
    os.chown(root / "key", 65534, 65534)
    warnings = Warnings()
    store = opened(root, warn=warnings)
    _assert_key_healed(root, store, before)
    assert len(warnings) == 1 and "65534" in warnings[0]


@pytest.mark.parametrize("kind", ["truncated", "directory", "exposed"])
def test_concurrent_healers_agree_on_the_key(tmp_path: Path, kind: str) -> None:
    for attempt in range(3):
        root = tmp_path / f"c{attempt}"
        _plant(root)
        _damage(root, kind, old=attempt != 0)
        start = time.time() + 0.3  # all processes begin together, to race to heal
        with multiprocessing.get_context(_START_METHOD).Pool(8) as pool:
            keys = pool.starmap(_open_and_report_key, [(str(root), start)] * 8)
        assert len(set(keys)) == 1 and keys[0] != "unusable", keys
        assert bytes.fromhex(keys[0]) == (root / "key").read_bytes()
        assert sorted(p.name for p in root.iterdir()) == ["CACHEDIR.TAG", "key", "records"]
        assert mode(root / "key") == 0o600 and not temp_files(root)


def test_maintenance_of_a_damaged_directory(tmp_path: Path) -> None:
    """Key damaged, records folder gone, stray files: info, clear and prune work (the
    command line's `cache info|clear|verify` need only open() to succeed)."""
    root = tmp_path / "c"
    _plant(root)
    before = _damage(root, "directory")
    shutil.rmtree(root / "records")
    (root / "notes.txt").write_text("stray")
    (root / "junk").mkdir()
    (root / "junk" / "x.rec").write_bytes(b"stray")
    store = opened(root)
    assert store.key != before
    info = store.info()
    assert (info.records, info.total_bytes, info.temp_files) == (0, 0, 0)
    assert list(store.iter_records()) == [] and store.stale_temp_files(0) == []
    assert store.clear() == 0 and store.prune(0) == 0
    # Stray files in the records folder are not records, and not touched either.
    assert store.write(store.record_path("/a.js", "d"), b"a")
    records = Path(store.record_path("/a.js", "d")).parent
    (records / "notes.txt").write_text("stray")
    (records / "ab").mkdir()
    (records / "ab" / "notes.txt").write_text("stray")
    assert store.info().records == 1 and store.clear() == 1
    assert (records / "notes.txt").exists() and (root / "notes.txt").exists()
    assert (records / "ab" / "notes.txt").exists()
    assert (root / "key").read_bytes() == store.key


# ---------------------------------------------------------------------------- record paths


def test_record_path_is_flat_and_stable(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c")
    path = store.record_path("/project/main.js", "debug")
    name = Path(path).name
    assert Path(path).parent == tmp_path / "c" / "records"
    assert name.endswith(".rec") and len(name) == 32 + 4
    assert int(name[:-4], 16) >= 0
    assert path == CacheStore(tmp_path / "c").record_path("/project/main.js", "debug")
    others = {
        store.record_path("/project/main.js", "strip"),
        store.record_path("/project/main.mjs", "debug"),
        store.record_path("/project/main.js\udcff", "debug"),  # undecodable file names too
    }
    assert path not in others and len(others) == 3
    assert not path.endswith(".tmp")


def test_records_of_the_sharded_layout_are_still_cleared_and_pruned(tmp_path: Path) -> None:
    # Caches written before the records folder was flat kept records in two-letter folders.
    root = tmp_path / "c"
    store = opened(root)
    legacy = root / "records" / "0f"
    legacy.mkdir(parents=True)
    (legacy / ("1" * 30 + ".rec")).write_bytes(b"old")
    assert store.write(store.record_path("/a.js", "d"), b"new")
    assert store.info().records == 2
    assert store.prune(0) == 2 and store.info().records == 0


# ---------------------------------------------------------------------------- writes


def test_write_is_atomic_and_private(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    path = store.record_path("/a.js", "debug")
    assert not Path(path).parent.exists()  # the folder comes with the first record
    assert store.write(path, b"first")
    assert store.read(path) == b"first"
    assert store.write(path, b"second, longer")
    assert Path(path).read_bytes() == b"second, longer"
    assert mode(path) == 0o600 and mode(Path(path).parent) == 0o700
    assert not temp_files(root)


def test_write_recreates_folders_removed_meanwhile(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    path = store.record_path("/a.js", "debug")
    assert store.write(path, b"one")
    for folder in (Path(path).parent, root / "records"):  # e.g. by a `cache clear` by hand
        shutil.rmtree(folder)
        assert store.write(path, b"two") and store.read(path) == b"two"


def test_failed_write_warns_once_and_stops_writing(tmp_path: Path) -> None:
    root = tmp_path / "c"
    warnings = Warnings()
    store = opened(root, warn=warnings)
    kept = store.record_path("/kept.js", "debug")
    assert store.write(kept, b"kept")
    (root / "records").rename(root / "saved")
    (root / "records").write_text("a file where the records folder should be")
    paths = [store.record_path(f"/m{i}.js", "debug") for i in range(5)]
    assert [store.write(p, b"data") for p in paths] == [False] * 5
    assert len(warnings) == 1 and str(root) in warnings[0]
    (root / "records").unlink()
    (root / "saved").rename(root / "records")
    assert store.write(paths[0], b"data") is False  # no more writes in this process
    assert store.usable and store.read(kept) == b"kept"  # reads still work
    assert len(warnings) == 1 and not temp_files(root)


def _write_over_the_size_limit(root: str) -> None:
    """In a child: the file-size limit makes a big write fail halfway (EFBIG)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    warnings = Warnings()
    store = CacheStore(root, warn=warnings)
    assert store.open()
    assert store.write(store.record_path("/small.js", "d"), b"s" * 100)
    assert not store.write(store.record_path("/big.js", "d"), b"b" * 100_000)
    assert len(warnings) == 1 and "File too large" in warnings[0], warnings


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX resource limits")
def test_write_failing_halfway_leaves_no_temp_file(tmp_path: Path) -> None:
    root = tmp_path / "c"
    opened(root)
    child = multiprocessing.get_context(_START_METHOD).Process(
        target=_write_over_the_size_limit, args=(str(root),)
    )
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert not temp_files(root)
    store = opened(root)
    assert [Path(p).read_bytes() for p in store.iter_records()] == [b"s" * 100]


@contextlib.contextmanager
def tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "size=64k,mode=0700") as root:
        warnings = Warnings()
        store = opened(root, warn=warnings)
        assert store.write(store.record_path("/a.js", "d"), b"a" * 1000)
        assert not store.write(store.record_path("/b.js", "d"), b"b" * 200_000)
        assert len(warnings) == 1 and "the disk is full" in warnings[0]
        assert not temp_files(root)
        assert store.read(store.record_path("/a.js", "d")) == b"a" * 1000


def test_read_only_file_system(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=64k,mode=0700") as root:
        warnings = Warnings()
        _assert_unusable(CacheStore(root, warn=warnings), warnings, str(root))


# ---------------------------------------------------------------------------- many writers

KEY = bytes(32)
SRC = source_hash(b"export default 1;")
EXPECT = {"engine_version": "0.17.0", "flags": 0, "source_hash": SRC, "key": KEY}
_START_METHOD = "fork" if sys.platform == "linux" else "spawn"


def _write_many(root: str, writer: int, count: int) -> int:
    store = CacheStore(root)
    path = store.record_path("/shared.js", "debug")
    written = 0
    for i in range(count):
        # Records of different sizes, so that a torn or mixed file could not pass as valid.
        data = encode_record(
            metadata={"writer": writer, "i": i},
            bytecode=bytes([writer]) * (1000 + 997 * writer + i),
            **EXPECT,  # type: ignore[arg-type]
        )
        written += store.write(path, data)
    return written


def test_concurrent_writers_of_one_record(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    path = store.record_path("/shared.js", "debug")
    seen = 0
    with multiprocessing.get_context(_START_METHOD).Pool(8) as pool:
        result = pool.starmap_async(_write_many, [(str(root), w, 50) for w in range(8)])
        while not result.ready():  # meanwhile every read sees a whole record or none
            data = store.read(path)
            if data is not None:
                decode_record(data, **EXPECT)  # type: ignore[arg-type]
                seen += 1
        assert result.get(60) == [50] * 8
    record = decode_record(store.read(path) or b"", **EXPECT)  # type: ignore[arg-type]
    assert len(record.bytecode) >= 1000
    assert list(store.iter_records()) == [path]
    assert not temp_files(root)


# ---------------------------------------------------------------------------- reads


def test_read_misses_are_silent(tmp_path: Path) -> None:
    warnings = Warnings()
    store = opened(tmp_path / "c", warn=warnings)
    path = store.record_path("/a.js", "d")
    assert store.read(path) is None
    os.makedirs(path)  # a folder where the record should be
    assert store.read(path) is None
    assert warnings == []


@pytest.mark.skipif(not BITS_BIND, reason="root reads files whatever their mode")
def test_unreadable_record_is_a_miss(tmp_path: Path) -> None:
    store = opened(tmp_path / "c")
    path = store.record_path("/a.js", "d")
    assert store.write(path, b"data")
    os.chmod(path, 0)
    assert store.read(path) is None


def test_read_refreshes_the_time_of_records_not_used_for_a_day(tmp_path: Path) -> None:
    store = opened(tmp_path / "c")
    old, recent = store.record_path("/old.js", "d"), store.record_path("/recent.js", "d")
    for path in (old, recent):
        assert store.write(path, b"data")
    age(old, 2 * DAY)
    age(recent, HOUR)
    recent_mtime = os.stat(recent).st_mtime
    assert store.read(old) == b"data" and store.read(recent) == b"data"
    assert os.stat(old).st_mtime > time.time() - 60  # used now
    assert os.stat(recent).st_mtime == recent_mtime  # young enough: not touched


# ---------------------------------------------------------------------------- maintenance


def _fill(store: CacheStore, count: int, size: int = 1000) -> list[str]:
    """`count` records; record i was last used i hours after record 0."""
    paths = [store.record_path(f"/m{i}.js", "debug") for i in range(count)]
    for i, path in enumerate(paths):
        assert store.write(path, bytes([i]) * size)
        age(path, (count - i) * HOUR)
    return paths


def _stray_temp(store: CacheStore, name: str, seconds_old: float) -> Path:
    temp = Path(store.record_path(name, "debug") + f".{os.getpid()}.abcd1234.tmp")
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_bytes(b"partial")
    age(temp, seconds_old)
    return temp


def test_prune_removes_least_recently_used_first(tmp_path: Path) -> None:
    store = opened(tmp_path / "c")
    paths = _fill(store, 10)
    age(paths[2], 0)  # used just now
    assert store.prune(5000) == 6  # 10 000 bytes down to 80% of 5000
    assert [i for i, p in enumerate(paths) if os.path.exists(p)] == [2, 7, 8, 9]
    assert store.prune(5000) == 0  # under the cap: nothing to do
    assert store.info().total_bytes == 4000


def test_prune_uses_the_configured_cap(tmp_path: Path) -> None:
    paths = _fill(opened(tmp_path / "c"), 5)
    store = opened(tmp_path / "c", max_bytes=3000)
    assert store.prune() == 3
    assert [os.path.exists(p) for p in paths] == [False, False, False, True, True]


def test_prune_removes_temp_files_older_than_an_hour(tmp_path: Path) -> None:
    store = opened(tmp_path / "c")
    _fill(store, 3)
    old = _stray_temp(store, "/killed.js", 2 * HOUR)
    young = _stray_temp(store, "/writing.js", 60)
    top = tmp_path / "c" / f"key.{os.getpid()}.0000.tmp"  # left by a killed first run
    top.write_bytes(b"")
    age(top, 3 * HOUR)
    assert sorted(store.stale_temp_files()) == sorted([str(old), str(top)])
    assert store.stale_temp_files(older_than=30) != store.stale_temp_files()
    assert store.prune() == 0  # nothing over the cap
    assert not old.exists() and not top.exists() and young.exists()
    assert store.info().records == 3


def test_writes_keep_the_cache_under_its_cap(tmp_path: Path) -> None:
    store = opened(tmp_path / "c", max_bytes=20_000)
    paths = [store.record_path(f"/m{i}.js", "debug") for i in range(150)]
    for i, path in enumerate(paths):
        assert store.write(path, b"x" * 1000)
        age(path, (len(paths) - i) * 60)  # as if written a minute apart
    assert store.info().total_bytes <= 20_000
    assert os.path.exists(paths[-1]) and not os.path.exists(paths[0])


def test_clear_keeps_the_key_and_tag(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    _fill(store, 4)
    _stray_temp(store, "/killed.js", 2 * HOUR)
    assert store.clear() == 5
    assert store.info().records == 0 and not temp_files(root)
    assert (root / "key").read_bytes() == store.key and (root / "CACHEDIR.TAG").exists()
    assert opened(root).key == store.key
    assert store.write(store.record_path("/again.js", "d"), b"again")  # still usable


def test_info_and_iter_records(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root, max_bytes=123_456)
    paths = _fill(store, 3, size=500)
    _stray_temp(store, "/writing.js", 0)
    (Path(paths[0]).parent / "notes.txt").write_text("not a record")
    info = store.info()
    assert (info.root, info.records, info.total_bytes) == (str(root), 3, 1500)
    assert (info.temp_files, info.max_bytes) == (1, 123_456)
    assert sorted(store.iter_records()) == sorted(paths)


# ---------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("512M", 512 * 2**20),
        ("2G", 2 * 2**30),
        ("2g", 2 * 2**30),
        ("1048576", 1048576),
        ("64k", 65536),
        ("1.5K", 1536),
        ("100MB", 100 * 2**20),
        ("100MiB", 100 * 2**20),
        (" 7 ", 7),
        ("lots", None),
        ("-1", None),
        ("1e9", None),
        ("12Q", None),
        ("M", None),
    ],
)
def test_parse_size(text: str, size: int | None) -> None:
    assert parse_size(text) == size


def test_size_cap_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert CacheStore(tmp_path).max_bytes == DEFAULT_MAX_BYTES == 512 * 2**20
    monkeypatch.setenv("ESMLOAD_CACHE_MAX_BYTES", "2G")
    assert CacheStore(tmp_path).max_bytes == 2 * 2**30
    assert CacheStore(tmp_path, max_bytes=1000).max_bytes == 1000  # the argument wins
    monkeypatch.setenv("ESMLOAD_CACHE_MAX_BYTES", "")
    assert CacheStore(tmp_path).max_bytes == DEFAULT_MAX_BYTES


def test_bad_size_setting_warns_and_uses_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESMLOAD_CACHE_MAX_BYTES", "huge")
    warnings = Warnings()
    store = CacheStore(tmp_path / "c", warn=warnings)
    assert store.max_bytes == DEFAULT_MAX_BYTES
    assert len(warnings) == 1 and "ESMLOAD_CACHE_MAX_BYTES" in warnings[0]
    assert store.open() and len(warnings) == 1
    # A broken directory still gets its own warning.
    (tmp_path / "file").write_text("x")
    warnings.clear()
    broken = CacheStore(tmp_path / "file" / "c", warn=warnings)
    assert not broken.open() and len(warnings) == 2


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import platformdirs

    monkeypatch.setenv("ESMLOAD_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == str(tmp_path / "mine")
    monkeypatch.delenv("ESMLOAD_CACHE_DIR")
    assert default_cache_dir() == platformdirs.user_cache_dir("esmload", appauthor=False)


def test_default_cache_dir_from_the_environment_does_not_import_platformdirs(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from esmload.cache.store import default_cache_dir\n"
        f"assert default_cache_dir() == {str(tmp_path)!r}\n"
        "assert 'platformdirs' not in sys.modules\n"
    )
    env = {**os.environ, "ESMLOAD_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
