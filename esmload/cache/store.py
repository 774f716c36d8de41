"""The cache directory: private, tagged, written atomically, pruned least-recently-used first.

Records live one per file in `records/`, or many to a file in `packs/` (pack.py) when one
batch of writes holds many (a cold run). A lookup reads the record's own file if there is one,
else the newest pack that holds it.

Nothing here raises: a cache that cannot be used warns once and becomes a no-op, so the
program runs uncached.
"""

from __future__ import annotations

import os
import stat
import sys
import time

from esmload.cache.pack import (
    ENTRY_SIZE,
    HEAD_SIZE,
    encode_head,
    index_size,
    read_index,
)
from esmload.cache.record import blake2b

TYPE_CHECKING = False  # (collections costs the writer process' start ~1 ms to import)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Paths are plain strings: pathlib costs several milliseconds to import, and this module is
# on every warm start.

CACHEDIR_TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by esmload.\n"
    b"# For information about cache directory tags see https://bford.info/cachedir/\n"
)
DEFAULT_MAX_BYTES = 512 * 2**20
KEY_FILE = "key"
RECORDS = "records"
PACKS = "packs"
RECORD_SUFFIX = ".rec"
PACK_SUFFIX = ".pack"
TEMP_SUFFIX = ".tmp"
_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
_DAY = 86400.0
_PRUNE_EVERY = 64  # at most this many writes before a process first measures the cache
_UTIME_FD = os.utime in os.supports_fd  # else by path (Windows)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_WRITEV = hasattr(os, "writev")  # (not on Windows)
_SETTLING = 2.0  # seconds a short key file may be one still being written in place
# A batch of writes this big goes into one pack; smaller ones (a few edited modules) into a
# file each, so that packs, which every lookup without a file of its own consults, stay few.
PACK_MIN = 8


def default_cache_dir() -> str:
    configured = os.environ.get("ESMLOAD_CACHE_DIR")
    if configured:
        return configured
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux (XDG), written out: importing platformdirs costs ~9 ms
        # at every start. A test checks that both agree.
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return os.path.join(base, "esmload")
    import platformdirs

    return str(platformdirs.user_cache_dir("esmload", appauthor=False))


def parse_size(text: str) -> int | None:
    """'512M', '2G', '1048576' → bytes; None if not a size."""
    import re  # only when a size is configured

    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", text, re.IGNORECASE)
    if match is None:
        return None
    return int(float(match[1]) * _UNITS[match[2].lower()])


def _stderr_warning(message: str) -> None:
    print(f"esmload: warning: {message}", file=sys.stderr)


class CacheInfo:
    __slots__ = ("root", "records", "total_bytes", "temp_files", "max_bytes")

    def __init__(
        self, root: str, records: int, total_bytes: int, temp_files: int, max_bytes: int
    ) -> None:
        self.root = root
        self.records = records
        self.total_bytes = total_bytes
        self.temp_files = temp_files
        self.max_bytes = max_bytes


class CacheStore:
    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        max_bytes: int | None = None,
        warn: Callable[[str], None] = _stderr_warning,
        one_run: bool = False,
    ) -> None:
        """`one_run`: the store serves one short run (the command line), so a cache without
        a records folder when opened is taken to stay empty until this process writes: a cold
        run's lookups then need no system calls (a record another process writes meanwhile
        is just missed)."""
        self.root = os.fspath(root)
        self._one_run = one_run
        self.warn = warn
        self.max_bytes = max_bytes if max_bytes is not None else self._configured_max()
        self.key = b""
        self.usable = True
        self._opened = False
        self._writable = True
        self._warned = False
        self._empty = False  # no records folder when the store was opened
        # Record name → (pack, offset, length), newest pack last; read on the first lookup
        # that finds no file of the record's own.
        self._packed: dict[bytes, tuple[str, int, int]] | None = None
        self._packs_touched: set[str] = set()  # packs whose age was checked this run
        # Bytes in the cache as of the last scan plus those written since (an overestimate:
        # rewrites count twice), so that writes do not rescan the directory.
        self._estimate: int | None = None
        # The first scan comes after a random number of writes: processes that write a few
        # records each still get the cache pruned now and then, and none pays a scan per run.
        self._writes_before_scan = 1 + os.urandom(1)[0] % _PRUNE_EVERY

    def writer_state(self) -> tuple[str, bytes, int, bool]:
        """What a writer process needs to write to this store, opened (`for_writer`)."""
        return (self.root, self.key, self.max_bytes, self._empty)

    @classmethod
    def for_writer(cls, state: tuple[str, bytes, int, bool]) -> CacheStore:
        """The store another process opened (its `writer_state`), for writing records."""
        root, key, max_bytes, empty = state
        store = cls(root, max_bytes=max_bytes, one_run=True)
        store.key = key
        store._opened = True
        store._empty = empty
        return store

    def _configured_max(self) -> int:
        text = os.environ.get("ESMLOAD_CACHE_MAX_BYTES")
        if not text:
            return DEFAULT_MAX_BYTES
        size = parse_size(text)
        if size is None:
            # Its own warning: it must not use up the one a broken directory gets.
            self.warn(f"ignoring ESMLOAD_CACHE_MAX_BYTES={text!r}: not a size like 512M")
            return DEFAULT_MAX_BYTES
        return size

    def warn_once(self, message: str) -> None:
        """Warn, unless this store has warned already (one cache problem, one warning)."""
        if not self._warned:
            self._warned = True
            self.warn(message)

    def _disable(self, message: str) -> bool:
        self.usable = False
        self.warn_once(f"{message}; running without the cache")
        return False

    # ------------------------------------------------------------------ set-up and trust

    def open(self) -> bool:
        """Make the directory ready (once); False if the cache cannot be used."""
        if self._opened:
            return self.usable
        self._opened = True
        try:
            os.makedirs(self.root, mode=0o700, exist_ok=True)
            info = os.stat(self.root)
        except OSError as exc:
            return self._disable(f"cannot use cache directory {self.root}: {exc.strerror or exc}")
        if not stat.S_ISDIR(info.st_mode):
            return self._disable(f"cache directory {self.root} is not a directory")
        if not _private(info, 0o022):
            # Someone else could plant records here: never read them.
            return self._disable(
                f"cache directory {self.root} is not private (owner {info.st_uid}, "
                f"mode {info.st_mode & 0o777:o}); it must belong to you and not be writable "
                "by group or others"
            )
        try:
            self.key = self._load_key()
            tag = os.path.join(self.root, "CACHEDIR.TAG")
            if not os.path.exists(tag):
                self._write_new(tag, CACHEDIR_TAG, mode=0o644)
        except OSError as exc:
            return self._disable(
                f"cannot set up cache directory {self.root}: {exc.strerror or exc}"
            )
        except ValueError as exc:
            return self._disable(str(exc))
        self._empty = self._one_run and not any(
            os.path.isdir(os.path.join(self.root, folder)) for folder in (RECORDS, PACKS)
        )
        return True

    def _load_key(self) -> bytes:
        """The key on disk; a missing one is created, a damaged one replaced."""
        path = os.path.join(self.root, KEY_FILE)
        for _ in range(50):
            key, info = _read_key(path)
            if key is not None:
                return key
            if info is None:
                self._create_key(path)
            elif _settling(info):
                time.sleep(0.01)  # created in place (no hard links) and still being written
            else:
                break
        return self._replace_key(path)

    def _replace_key(self, path: str) -> bytes:
        """Replace a damaged key (wrong size, not a regular file, wrong mode or owner) and
        return the key on disk afterwards.

        Safe: open() calls this only in a trusted directory, so whatever sits at `key` was put
        there by this user or root, and a new key only turns records written with the old one
        into misses, which are rewritten.

        Concurrency: healers take turns on a lock on the directory and read `key` again once
        they hold it, so the second of two that found the same damage uses the first one's
        key. Nothing else replaces `key` (first runs only link where nothing is), so what gets
        replaced is the damage that was seen, and readers see the old file or the new one. The
        key returned is read back from disk, never the one made here. Without the lock (no
        flock, or a holder stuck for seconds), or when a running process keeps a good key that
        someone then damages, two processes may use different keys: each one's records are
        then misses for the other (the digest covers the key), never wrong hits."""
        lock = _lock_directory(self.root)
        warned = False
        try:
            for _ in range(5):
                key, info = _read_key(path)  # again, holding the lock: healed meanwhile?
                if key is not None:
                    return key
                if info is None:
                    self._create_key(path)
                    continue
                if _exposed(info) and not warned:
                    # Its own warning: the secret may have been read by others, and the user
                    # should learn what makes it readable; the cache itself goes on working.
                    warned = True
                    self.warn(
                        f"cache key {path} was open to others (owner {info.st_uid}, mode "
                        f"{stat.S_IMODE(info.st_mode):o}; it must be yours with mode 600): "
                        "replaced it with a new key"
                    )
                if stat.S_ISDIR(os.lstat(path).st_mode):
                    # rename() puts no file over a directory: move it aside, remove it, and
                    # let the next round create the key like a first run does.
                    import shutil

                    aside = _temp_name(path)
                    os.rename(path, aside)
                    shutil.rmtree(aside, ignore_errors=True)
                    continue
                self._write_new(path, os.urandom(32), mode=0o600, exact_mode=True)
        finally:
            if lock is not None:
                os.close(lock)  # releases the lock
        raise ValueError(f"cache key {path} is damaged and could not be replaced")

    def _create_key(self, path: str) -> None:
        """Publish a complete random key unless one exists. Of two first runs racing, the
        first link wins and both then read the same key."""
        temp = _temp_name(path)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _fill(fd, os.urandom(32), mode=0o600)
            try:
                os.link(temp, path)  # never replaces: like O_EXCL, but the key is whole
            except FileExistsError:
                pass
            except OSError:  # no hard links on this file system: create in place
                _create_key_in_place(path)
        finally:
            _unlink(temp)

    def _write_new(self, path: str, data: bytes, mode: int, exact_mode: bool = False) -> None:
        """Write a temp file next to `path`, then rename it over `path`: readers see the old
        file or the new one, never a part. A killed writer leaves only a temp file, which
        is never read (prune removes it). No fsync: the digest catches torn records.
        `exact_mode`: `mode` whatever the umask (the key's must be exactly 600)."""
        temp = _temp_name(path)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            _fill(fd, data, mode=mode if exact_mode else None)
            os.replace(temp, path)
        except BaseException:
            _unlink(temp)
            raise

    def _ready(self) -> bool:
        return self.open() if not self._opened else self.usable

    # ------------------------------------------------------------------ records

    def record_path(self, module_path: str, variant: str) -> str:
        digest = blake2b(
            f"{module_path}\0{variant}".encode("utf-8", "surrogateescape"), digest_size=16
        ).hexdigest()
        # One flat folder: creating files in hundreds of fresh subfolders (the layout before)
        # costs a cold run several times more on ext4, and large folders are indexed anyway.
        return f"{self.root}/{RECORDS}/{digest}{RECORD_SUFFIX}"

    @property
    def reads_nothing(self) -> bool:
        """Whether every `read` now misses without looking: a one-run store opened on a cache
        without records (see __init__)."""
        return self._empty

    def read(self, path: str) -> bytes | None:
        """The record's bytes (from its file, else from a pack), or None. A missing or
        unreadable record is just a miss."""
        if not self._ready() or self._empty:
            return None
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return self._read_packed(path)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            data = os.read(fd, info.st_size + 1) if info.st_size < 2**31 else b""
            _touch(fd, path, info)
            return data
        except OSError:
            return None
        finally:
            os.close(fd)

    def _read_packed(self, path: str) -> bytes | None:
        packed = self._packed
        if packed is None:
            packed = self._packed = self._pack_index()
        if not packed:
            return None
        name = _record_name(path)
        found = packed.get(name) if name is not None else None
        if found is None:
            return None
        pack, offset, length = found
        try:
            fd = os.open(pack, os.O_RDONLY)
        except OSError:
            return None
        try:
            if pack not in self._packs_touched:
                self._packs_touched.add(pack)
                _touch(fd, pack, os.fstat(fd))
            return _pread(fd, length, offset)
        except OSError:
            return None
        finally:
            os.close(fd)

    def _pack_index(self) -> dict[bytes, tuple[str, int, int]]:
        """Where each packed record is: in the newest pack that holds it (pack names start
        with their creation time). Packs that cannot be read, or whose index does not fit
        the file, are skipped."""
        index: dict[bytes, tuple[str, int, int]] = {}
        for pack in self.iter_packs():
            entries = _read_pack_index(pack)
            if entries is not None:
                for name, offset, length in entries:
                    index[name] = (pack, offset, length)
        return index

    def pack_records(self, pack: str) -> list[tuple[str, bytes]] | None:
        """The records in `pack`, each with the path its own file would have, or None if
        it is not a readable pack (`cache verify`)."""
        try:
            with open(pack, "rb") as f:
                data = f.read()
        except OSError:
            return None
        entries = read_index(data, len(data))
        if entries is None:
            return None
        folder = os.path.join(self.root, RECORDS)
        return [
            (f"{folder}/{name.hex()}{RECORD_SUFFIX}", data[offset : offset + length])
            for name, offset, length in entries
        ]

    def write(self, path: str, data: bytes) -> bool:
        """Atomically replace the record at `path`. False (after one warning) on failure."""
        if not self._ready() or not self._writable:
            return False
        if not self._write_or_warn(path, data):
            return False
        # (A one-run store keeps treating the cache as empty: what it writes, it does not read
        # back, and looking up names in a folder that is being filled slows the filling.)
        self._empty = self._empty and self._one_run
        self._after_write(len(data))
        return True

    def _write_or_warn(self, path: str, data: bytes) -> bool:
        """Write a file of the cache atomically, making its folder if need be; on failure,
        stop writing for this run (after one warning) and return False."""
        try:
            try:
                self._write_new(path, data, mode=0o600)
            except FileNotFoundError:
                # The first record (or someone removed the folder): make the folder, retry.
                os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
                self._write_new(path, data, mode=0o600)
        except OSError as exc:
            self._write_failed(exc)
            return False
        return True

    def _write_failed(self, exc: OSError) -> None:
        """Disk full, quota, read-only, permissions: none gets better within this run, so
        writing stops (after one warning)."""
        self._writable = False
        import errno  # the error path only

        reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up"}
        why = reason.get(exc.errno or 0, exc.strerror or str(exc))
        self.warn_once(f"cannot write to cache directory {self.root}: {why}")

    def write_many(self, records: list[tuple[str, bytes]]) -> list[bool]:
        """Write a batch of (path, record) at once: one pack if the batch is big (PACK_MIN),
        else a file each. A record that has a file of its own already is written over it
        (in a pack, that file would keep hiding it). Whether each was written."""
        stream = PackStream(self, entries=len(records))  # (room for no more index than that)
        for path, data in records:
            stream.add(path, data)
        return stream.close()

    def pack_stream(self) -> PackStream:
        """A batch written record by record as its records come (`PackStream`)."""
        return PackStream(self)

    def _pack_path(self) -> str:
        # Named by creation time first, so that a newer pack's records win (_pack_index); the
        # process and a random part keep two packs of one clock tick apart.
        file_name = f"{time.time_ns():016x}-{os.getpid()}-{os.urandom(3).hex()}{PACK_SUFFIX}"
        return os.path.join(self.root, PACKS, file_name)

    def _wrote_pack(self, size: int) -> None:
        self._packed = None  # read again if this process looks records up later
        self._empty = self._empty and self._one_run
        self._after_write(size)

    def _after_write(self, size: int) -> None:
        if self._estimate is None:
            self._writes_before_scan -= 1
            if self._writes_before_scan <= 0:
                self.prune()  # scans, and sets the estimate
        else:
            self._estimate += size
            if self._estimate > self.max_bytes:
                self.prune()

    def remove(self, path: str) -> None:
        _unlink(path)

    # ------------------------------------------------------------------ maintenance

    def iter_records(self) -> Iterator[str]:
        """Record files (not packs)."""
        return self._files(RECORD_SUFFIX)

    def iter_packs(self) -> Iterator[str]:
        """Pack files, oldest first."""
        if not self._ready():
            return
        base = os.path.join(self.root, PACKS)
        for name in _listdir(base):
            if name.endswith(PACK_SUFFIX):
                yield os.path.join(base, name)

    def _files(self, suffix: str) -> Iterator[str]:
        """Files in the records folder ending with `suffix`, and in the two-letter subfolders
        that held records before the folder was flat (so `clear` and `prune` still reach them)."""
        if not self._ready():
            return
        base = os.path.join(self.root, RECORDS)
        for name in _listdir(base):
            path = os.path.join(base, name)
            if name.endswith(suffix):
                yield path
            elif len(name) == 2:
                for inner in _listdir(path):
                    if inner.endswith(suffix):
                        yield os.path.join(path, inner)

    def _temp_files(self) -> Iterator[str]:
        if not self._ready():
            return
        yield from self._files(TEMP_SUFFIX)
        packs = os.path.join(self.root, PACKS)
        for name in _listdir(packs):
            if name.endswith(TEMP_SUFFIX):
                yield os.path.join(packs, name)
        for name in _listdir(self.root):
            if name.endswith(TEMP_SUFFIX):
                yield os.path.join(self.root, name)

    def stale_temp_files(self, older_than: float = 3600) -> list[str]:
        """Temp files left by writers that were killed (younger ones may still be in use)."""
        limit = time.time() - older_than
        stale = []
        for path in self._temp_files():
            try:
                if os.stat(path).st_mtime <= limit:
                    stale.append(path)
            except OSError:
                continue
        return stale

    def info(self) -> CacheInfo:
        count = total = 0
        for path in self.iter_records():
            try:
                total += os.stat(path).st_size
                count += 1
            except OSError:
                continue
        for pack in self.iter_packs():
            entries = _read_pack_index(pack)
            if entries is not None:
                count += len(entries)
            try:
                total += os.stat(pack).st_size
            except OSError:
                continue
        temps = sum(1 for _ in self._temp_files())
        return CacheInfo(self.root, count, total, temps, self.max_bytes)

    def clear(self) -> int:
        """Remove every record, pack and temp file; the key and CACHEDIR.TAG stay."""
        removed = 0
        self._packed = None
        for path in [*self.iter_records(), *self.iter_packs(), *self._temp_files()]:
            if _unlink(path):
                removed += 1
        return removed

    def prune(self, max_bytes: int | None = None) -> int:
        """Remove least recently used records (a pack counts as one) until the cache is at
        most 80% of the cap, and temp files older than an hour. Returns the number of files
        removed."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        for temp in self.stale_temp_files():
            _unlink(temp)
        entries = []
        total = 0
        for path in [*self.iter_records(), *self.iter_packs()]:
            try:
                info = os.stat(path)
            except OSError:
                continue
            entries.append((info.st_mtime, info.st_size, path))
            total += info.st_size
        removed = 0
        if total > limit:
            # Down to 80% of the cap, so that the next prune is many writes away.
            target = int(limit * 0.8)
            for _, size, path in sorted(entries, key=lambda e: e[0]):
                if total <= target:
                    break
                if _unlink(path):
                    total -= size
                    removed += 1
            self._packed = None
        self._estimate = total
        return removed


def _pread(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows has no pread
    return os.read(fd, size)


def _touch(fd: int, path: str, info: os.stat_result) -> None:
    """Least-recently-used bookkeeping: a file read is marked used, at most once a day."""
    if info.st_mtime < time.time() - _DAY:
        try:  # noqa: SIM105 - contextlib would cost start-up time
            os.utime(fd if _UTIME_FD else path)
        except OSError:
            pass  # the bookkeeping is best effort


def _record_name(path: str) -> bytes | None:
    """The 16-byte name of the record at `path` (store.record_path), or None."""
    base = os.path.basename(path)
    if not base.endswith(RECORD_SUFFIX):
        return None
    try:
        name = bytes.fromhex(base[: -len(RECORD_SUFFIX)])
    except ValueError:
        return None
    return name if len(name) == 16 else None


class PackStream:
    """A batch of records written as they come, not all at once when the batch is complete:
    a writer that builds records one by one (cache/writer.py, writer_process.py) has most of
    a big batch on disk by the time the program ends, where writing it all then made the
    program wait for it (`write_many` writes a whole batch the same way). The batch ends up
    as one pack (its records go to the pack's temp file at once, behind room left for the
    index, which is written with the header when the pack is published), or a file each for
    fewer than PACK_MIN records; a record that has a file of its own already is written
    there (in a pack, that file would keep hiding it)."""

    #: Index entries the room before the records holds (a hole in the file until written);
    #: a pack that fills it is published and the next records start another.
    ENTRIES = 1024

    def __init__(self, store: CacheStore, entries: int = 0) -> None:
        """`entries`: room for that many index entries rather than ENTRIES (a batch whose
        size is known)."""
        self._store = store
        self._entries = entries or self.ENTRIES
        self._results: list[bool | None] = []  # per record added: written (None: pending)
        # (result slot, path, name, record) of records before the pack starts
        self._waiting: list[tuple[int, str, bytes, bytes]] = []
        self._index: list[tuple[bytes, int, int]] = []  # the open pack's (name, offset, length)
        self._slots: list[int] = []  # the open pack's records' result slots
        self._fd = -1
        self._temp = ""
        self._end = 0  # where the next record goes
        self._unwritten: list[bytes] = []  # records of the open pack not written yet
        self._written_end = 0  # how far the temp file is written
        self._published = 0  # packs of this batch published
        self.size = 0  # bytes added

    def add(self, path: str, data: bytes) -> None:
        store = self._store
        slot = len(self._results)
        self.size += len(data)
        # (A cache that was empty when this one-run store opened has no such files.)
        if not store._empty and os.path.exists(path):
            self._results.append(store.write(path, data))
            return
        name = _record_name(path)
        self._results.append(None if name is not None else False)
        if name is None:
            return
        if self._fd >= 0:
            self._append(slot, name, data)
        else:
            self._waiting.append((slot, path, name, data))
            if len(self._waiting) >= PACK_MIN or self._published:  # (a big batch goes on)
                self._start()
        if len(self._index) >= self._entries:
            self._publish()

    def flush(self) -> None:
        """Write the open pack's records added so far (a writer calls this when it has
        caught up with its jobs: one system call for many records, at an idle moment)."""
        if self._fd < 0 or not self._unwritten:
            return
        records, self._unwritten = self._unwritten, []
        try:
            _write_at(self._fd, records, self._written_end)
        except OSError as exc:
            self._abandon(exc)
            return
        self._written_end = self._end

    def close(self) -> list[bool]:
        """End the batch: publish the pack, or write the few records waiting for one a file
        each. Whether each record added was written, in order."""
        if self._fd >= 0:
            self._publish()
        waiting, self._waiting = self._waiting, []
        for slot, path, _, data in waiting:  # (fewer than PACK_MIN, or no pack to be had)
            self._results[slot] = self._store.write(path, data)
        return [bool(result) for result in self._results]

    def _start(self) -> None:
        store = self._store
        if not store._ready() or not store._writable:
            return  # (close writes files, which fail the same way)
        path = store._pack_path()
        self._temp = _temp_name(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            try:
                self._fd = os.open(self._temp, flags, 0o600)
            except FileNotFoundError:  # the first pack: make the folder
                os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
                self._fd = os.open(self._temp, flags, 0o600)
        except OSError as exc:
            store._write_failed(exc)
            return
        self._end = self._written_end = HEAD_SIZE + ENTRY_SIZE * self._entries
        waiting, self._waiting = self._waiting, []
        for slot, _, name, data in waiting:
            if self._fd < 0:
                self._results[slot] = False
            else:
                self._append(slot, name, data)

    def _append(self, slot: int, name: bytes, data: bytes) -> None:
        self._unwritten.append(data)
        self._index.append((name, self._end, len(data)))
        self._slots.append(slot)
        self._end += len(data)

    def _publish(self) -> None:
        """Write the header and index, close the temp file and rename it into place (a
        reader sees the whole pack or none of it)."""
        self.flush()
        if self._fd < 0:
            return  # (it failed)
        fd, self._fd = self._fd, -1
        index, self._index = self._index, []
        slots, self._slots = self._slots, []
        ok = False
        try:
            _write_at(fd, [encode_head(index)], 0)
            os.close(fd)
            fd = -1
            os.replace(self._temp, self._store._pack_path())
            ok = True
        except OSError as exc:
            self._store._write_failed(exc)
        finally:
            if fd >= 0:
                os.close(fd)
            if not ok:
                _unlink(self._temp)
        for slot in slots:
            self._results[slot] = ok
        if ok:
            self._published += 1
            self._store._wrote_pack(self._end)

    def _abandon(self, exc: OSError) -> None:
        """The pack cannot be written: its records are lost (misses next time)."""
        self._store._write_failed(exc)
        os.close(self._fd)
        self._fd = -1
        _unlink(self._temp)
        for slot in self._slots:
            self._results[slot] = False
        self._index, self._slots, self._unwritten = [], [], []


def _write_at(fd: int, parts: list[bytes], offset: int) -> None:
    """Write `parts` one after the other from `offset`."""
    os.lseek(fd, offset, os.SEEK_SET)
    views = [memoryview(part) for part in parts if part]
    first = 0
    while first < len(views):
        written = (
            os.writev(fd, views[first : first + 512]) if _WRITEV else os.write(fd, views[first])
        )
        while first < len(views) and written >= len(views[first]):
            written -= len(views[first])
            first += 1
        if written:
            views[first] = views[first][written:]


def _read_pack_index(pack: str) -> list[tuple[bytes, int, int]] | None:
    """The index of the pack file at `pack`, or None if it cannot be read or is no pack."""
    try:
        fd = os.open(pack, os.O_RDONLY)
    except OSError:
        return None
    try:
        file_size = os.fstat(fd).st_size
        head = _pread(fd, 1 << 16, 0)
        size = index_size(head[:HEAD_SIZE])
        if size is None or size > file_size:
            return None
        if size > len(head):
            head = _pread(fd, size, 0)
        return read_index(head, file_size)
    except OSError:
        return None
    finally:
        os.close(fd)


def _private(info: os.stat_result, forbidden_mode_bits: int) -> bool:
    """Owned by this user and without the given permission bits. Where the OS has no POSIX
    owners and modes (Windows), the user's profile directory is what protects the cache."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & forbidden_mode_bits


def _temp_name(path: str) -> str:
    return f"{path}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"


def _fill(fd: int, data: bytes, mode: int | None = None) -> None:
    """Write all of `data` to a new file and close it."""
    with os.fdopen(fd, "wb") as f:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(f.fileno(), mode)  # exactly this mode, whatever the umask
        f.write(data)


def _create_key_in_place(path: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    _fill(fd, os.urandom(32), mode=0o600)


def _read_key(path: str) -> tuple[bytes | None, os.stat_result | None]:
    """(key, its stat) if `path` holds a usable key: a regular file of ours, mode 600, 32
    bytes. (None, None) if there is nothing at `path`; (None, stat) if what is there is no
    usable key. Raises OSError only for a file that looks like a good key but cannot be
    read just now (too many open files, I/O error): that is no reason to replace it."""
    for attempt in range(3):
        try:
            # Not blocking: a FIFO in the key's place must not hang every run.
            fd = os.open(path, os.O_RDONLY | _O_NONBLOCK)
            break
        except OSError as exc:
            try:
                info = os.lstat(path)  # a broken symbolic link, a socket, no read permission...
            except FileNotFoundError:
                return None, None
            if _key_file_ok(info) and info.st_size == 32:
                if isinstance(exc, FileNotFoundError) and attempt < 2:
                    continue  # a healer published a key between the open and the lstat
                raise
            return None, info
    try:
        info = os.fstat(fd)
        if not _key_file_ok(info):
            return None, info
        data = b""
        while len(data) < 33:  # one byte more than a key, to tell a longer file
            chunk = os.read(fd, 33 - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    return (data, info) if len(data) == 32 else (None, info)


def _settling(info: os.stat_result) -> bool:
    """Whether a short key file may be one that a first run is still writing in place."""
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_size < 32
        and (not hasattr(os, "getuid") or info.st_uid == os.getuid())
        and time.time() - info.st_mtime < _SETTLING
    )


def _exposed(info: os.stat_result) -> bool:
    """Whether others could have read or written this key file (rather than it being just
    damaged): a file of someone else's, or one with group or other permission bits."""
    if not stat.S_ISREG(info.st_mode) or not hasattr(os, "getuid"):
        return False
    return info.st_uid != os.getuid() or bool(info.st_mode & 0o077)


def _lock_directory(root: str) -> int | None:
    """An exclusive flock on the cache directory, as an open descriptor (close it to
    unlock); None where there is none to take: no flock (Windows), a file system that
    refuses it, or a holder that has not let go for seconds (stopped, say)."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:
        return None
    deadline = time.monotonic() + 5.0
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                break
            time.sleep(0.002)
        except OSError:
            break
    os.close(fd)
    return None


def _key_file_ok(info: os.stat_result) -> bool:
    if not stat.S_ISREG(info.st_mode):
        return False
    if not hasattr(os, "getuid"):  # no POSIX owners and modes: see _private
        return True
    return info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o600


def _listdir(path: str) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False
