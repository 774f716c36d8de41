"""Packs: a batch of many records written as one file (cache/pack.py, store.py), and the
command line's record writer (holding a few jobs, a thread, or a child process for many).

Real stores on disk, and real cold and warm runs through the CLI."""

from __future__ import annotations

import os
import re
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import record_names, run_esmload, spawn_esmload, unpack, write_tree
from esmload.cache.code_cache import BIG_COMPILE, CodeCache
from esmload.cache.pack import HEAD_SIZE, PACK_MAGIC, encode_pack, read_index
from esmload.cache.record import source_hash
from esmload.cache.store import PACK_MIN, CacheStore, PackStream
from esmload.cache.units import SCRIPT

STATS = re.compile(r"hits=(\d+) misses=(\d+) written=(\d+) invalid=(\d+) uncacheable=(\d+)")


def opened(root: Path) -> CacheStore:
    store = CacheStore(root)
    assert store.open()
    return store


def batch(store: CacheStore, count: int, tag: bytes = b"v1") -> list[tuple[str, bytes]]:
    return [(store.record_path(f"/m{i}.js", "d"), tag + b" record %d" % i) for i in range(count)]


def packs(root: Path) -> list[Path]:
    return sorted((root / "packs").glob("*.pack"))


# ---------------------------------------------------------------------------- the format


def test_pack_round_trip_and_bounds() -> None:
    records = [(bytes([i]) * 16, b"x" * i) for i in range(1, 6)]
    data = encode_pack(records)
    assert data.startswith(PACK_MAGIC)
    index = read_index(data, len(data))
    assert index is not None
    assert [(name, data[offset : offset + length]) for name, offset, length in index] == records
    assert read_index(data, len(data) - 1) is None  # the last record runs past the end
    assert read_index(b"NOTAPACK" + data[8:], len(data)) is None
    assert read_index(data[: HEAD_SIZE + 3], len(data)) is None  # index cut short
    with pytest.raises(ValueError):
        encode_pack([(b"short", b"data")])


# ---------------------------------------------------------------------------- the store


def test_a_big_batch_is_one_pack_a_small_one_a_file_each(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    small = batch(store, PACK_MIN - 1)
    assert store.write_many(small) == [True] * len(small)
    assert len(list((root / "records").glob("*.rec"))) == PACK_MIN - 1 and not packs(root)
    big = [(store.record_path(f"/big{i}.js", "d"), b"big %d" % i) for i in range(50)]
    assert store.write_many(big) == [True] * 50
    assert len(packs(root)) == 1
    assert (packs(root)[0].stat().st_mode & 0o777) == 0o600
    fresh = opened(root)  # another process: finds each record in its file or the pack
    for path, data in small + big:
        assert fresh.read(path) == data
    assert fresh.read(store.record_path("/absent.js", "d")) is None
    info = fresh.info()
    assert info.records == 50 + PACK_MIN - 1
    assert info.total_bytes == packs(root)[0].stat().st_size + sum(
        p.stat().st_size for p in (root / "records").glob("*.rec")
    )


def test_newest_pack_wins_and_own_files_are_replaced_not_hidden(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    assert all(store.write_many(batch(store, 20, b"v1")))
    assert all(store.write_many(batch(store, 20, b"v2")))
    assert len(packs(root)) == 2
    reader = opened(root)
    first = store.record_path("/m0.js", "d")
    assert reader.read(first) == b"v2 record 0"
    # A record in a file of its own hides packed ones: a process that read it there writes
    # the newer version over that file, even within a big batch.
    assert reader.write(first, b"v3 alone")
    assert opened(root).read(first) == b"v3 alone"
    again = opened(root)
    assert again.read(first) == b"v3 alone"
    assert all(again.write_many(batch(again, 20, b"v4")))
    assert opened(root).read(first) == b"v4 record 0"
    assert opened(root).read(store.record_path("/m5.js", "d")) == b"v4 record 5"


def test_a_pack_written_as_its_records_come_reads_like_one_written_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "c"
    store = opened(root)
    records = batch(store, 30)
    stream = store.pack_stream()
    for index, (path, data) in enumerate(records):
        stream.add(path, data)
        if index % 7 == 0:
            stream.flush()  # (a writer that caught up with its jobs)
    assert not packs(root)  # published only when the batch ends
    assert stream.close() == [True] * 30
    (pack,) = packs(root)
    assert not list(pack.parent.glob("*.tmp"))
    fresh = opened(root)
    assert [fresh.read(path) for path, _ in records] == [data for _, data in records]
    # A batch of a few: a file each, as write_many writes them.
    few = [(store.record_path(f"/few{i}.js", "d"), b"few %d" % i) for i in range(PACK_MIN - 1)]
    stream = store.pack_stream()
    for path, data in few:
        stream.add(path, data)
    assert stream.close() == [True] * len(few)
    assert len(packs(root)) == 1 and len(list((root / "records").glob("*.rec"))) == len(few)
    # More records than the room left for the index: one pack each time it fills up.
    monkeypatch.setattr(PackStream, "ENTRIES", 10)
    more = batch(store, 25, b"v2")
    stream = store.pack_stream()
    for path, data in more:
        stream.add(path, data)
    assert stream.close() == [True] * 25
    assert len(packs(root)) == 1 + 3
    fresh = opened(root)
    assert [fresh.read(path) for path, _ in more] == [data for _, data in more]


def test_damaged_packs_are_not_read(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    records = batch(store, 20)
    assert all(store.write_many(records))
    (pack,) = packs(root)
    data = pack.read_bytes()
    for damaged in (
        b"",
        data[:HEAD_SIZE],
        data[: len(data) // 2],  # truncated: the index points past the end
        b"ESMLPAK\0" + struct.pack("<HI", 99, 20) + data[14:],  # a format this is not
        data[:10] + struct.pack("<I", 10**6) + data[14:],  # an index longer than the file
    ):
        pack.write_bytes(damaged)
        fresh = opened(root)
        assert [fresh.read(path) for path, _ in records] == [None] * 20
    pack.write_bytes(data)
    assert opened(root).read(records[3][0]) == records[3][1]


def test_clear_prune_and_temp_files_reach_packs(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = opened(root)
    assert all(store.write_many(batch(store, 20)))
    torn = root / "packs" / "0000-1.pack.123.deadbeef.tmp"
    torn.write_bytes(b"torn")
    os.utime(torn, (1, 1))
    assert opened(root).read(batch(store, 1)[0][0]) == b"v1 record 0"  # the temp file: no pack
    assert str(torn) in store.stale_temp_files()
    assert store.prune(0) == 1 and not packs(root) and not torn.exists()
    assert all(store.write_many(batch(store, 20)))
    assert store.clear() == 1 and not packs(root)
    assert opened(root).read(batch(store, 1)[0][0]) is None


# ---------------------------------------------------------------------------- real runs


def _graph(count: int) -> dict[str, str]:
    files = {f"m{i}.mjs": f"export const v{i} = {i};\n" for i in range(count)}
    imports = "".join(f"import {{ v{i} }} from './m{i}.mjs';\n" for i in range(count))
    total = " + ".join(f"v{i}" for i in range(count))
    files["main.mjs"] = f"{imports}console.log({total});\n"
    return files


def _stats(stderr: str) -> tuple[int, ...]:
    match = STATS.search(stderr)
    assert match, stderr
    return tuple(int(group) for group in match.groups())


def test_a_cold_run_writes_one_pack_and_warm_runs_read_it(project: Path, cache_dir: Path) -> None:
    write_tree(project, _graph(60))
    expected = f"{sum(range(60))}\n"
    cold = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert cold.stdout == expected and cold.returncode == 0, cold.stderr
    assert _stats(cold.stderr)[:3] == (0, 61, 61)
    assert len(packs(cache_dir)) == 1
    assert not list((cache_dir / "records").glob("*.rec"))  # no file per record
    assert len(record_names(cache_dir)) == 61 + 1  # and the prelude's script
    warm = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert warm.stdout == expected and _stats(warm.stderr)[:2] == (61, 0), warm.stderr
    # An edit: the new version of one module is written in a file of its own and wins.
    (project / "m7.mjs").write_text("export const v7 = 1000;\n")
    edited = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert edited.stdout == f"{sum(range(60)) - 7 + 1000}\n"
    assert _stats(edited.stderr)[:4] == (60, 1, 1, 1), edited.stderr  # the old one: invalid
    again = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert again.stdout == edited.stdout and _stats(again.stderr)[1] == 0, again.stderr


def test_more_bytecode_than_the_pipe_holds_reaches_the_child(
    project: Path, cache_dir: Path
) -> None:
    # Each module's bytecode is 400 KB and the pipe to the writer holds 1 MiB at most: the
    # program hands batches on without waiting for the child to read them, and sends what
    # is left when the run finishes. Every record arrives whole.
    count = 30
    files = {
        f"m{i}.mjs": f"export const v{i} = {i};\nexport const big{i} = '{chr(97 + i % 26) * 400_000}';\n"
        for i in range(count)
    }
    imports = "".join(f"import {{ v{i}, big{i} }} from './m{i}.mjs';\n" for i in range(count))
    sizes = " + ".join(f"big{i}.length" for i in range(count))
    total = " + ".join(f"v{i}" for i in range(count))
    files["main.mjs"] = f"{imports}console.log({total}, {sizes});\n"
    write_tree(project, files)
    expected = f"{sum(range(count))} {400_000 * count}\n"
    cold = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert cold.stdout == expected and cold.returncode == 0, cold.stderr
    assert _stats(cold.stderr)[:3] == (0, count + 1, count + 1), cold.stderr
    warm = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert warm.stdout == expected and _stats(warm.stderr)[:2] == (count + 1, 0), warm.stderr


@pytest.mark.parametrize("count", [30, 70])
def test_records_the_writer_thread_built_go_to_the_child_that_takes_over(
    project: Path, cache_dir: Path, count: int
) -> None:
    # A big module compiles first: a writer thread starts and builds the first records while
    # QuickJS compiles. Past the first jobs a child process takes over, and the records the
    # thread built go with it: all of them land in the child's one pack. The root's record
    # is handed on as soon as QuickJS resolves its first import; with 70 imports (its scan
    # is long) it is kept from the thread for the child.
    files = _graph(count)
    files["big.mjs"] = f"export const big = '{'b' * 300_000}';\n"
    files["main.mjs"] = "import { big } from './big.mjs';\n" + files["main.mjs"].replace(
        "console.log(", "console.log(big.length, "
    )
    write_tree(project, files)
    expected = f"300000 {sum(range(count))}\n"
    cold = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert cold.stdout == expected and cold.returncode == 0, cold.stderr
    assert _stats(cold.stderr)[:3] == (0, count + 2, count + 2), cold.stderr
    assert len(packs(cache_dir)) == 1
    assert not list((cache_dir / "records").glob("*.rec"))
    assert len(record_names(cache_dir)) == count + 2 + 1  # and the prelude's script
    warm = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert warm.stdout == expected and _stats(warm.stderr)[:2] == (count + 2, 0), warm.stderr


def test_the_first_writer_thread_gets_jobs_at_free_moments_only(tmp_path: Path) -> None:
    # The command line's first writer thread starts when a big module is about to compile and
    # gets the jobs held so far; a job that comes after is held for the next free moment (the
    # next big compile, or the program's start), not built while the loader wants the GIL.
    # Every record is written by the end, and reads back.
    cache = CodeCache(CacheStore(tmp_path / "cache"))
    cache.owns_process = True
    names = [f"/project/m{i}.mjs" for i in range(4)]

    def put(i: int) -> None:
        cache.put_later(SCRIPT, names[i], source_hash(b"%d" % i), b"code %d" % i)

    put(0)
    writer = cache._writer
    assert writer is not None and len(writer._held) == 1
    cache.before_compile(BIG_COMPILE - 1)  # a small compile is no free moment
    assert len(writer._held) == 1 and writer._thread is None
    cache.before_compile(BIG_COMPILE)
    assert not writer._held and writer._thread is not None
    put(1)
    assert len(writer._held) == 1  # held while the program loads its graph
    cache.before_compile(BIG_COMPILE)
    assert not writer._held
    put(2)
    put(3)
    assert len(writer._held) == 2
    cache.flush_writes()  # the program starts
    assert not writer._held
    cache.finish_writes()
    for i, name in enumerate(names):
        found = cache.get(SCRIPT, name, source_hash(b"%d" % i))
        assert found is not None and found.bytecode == b"code %d" % i


def test_damaged_pack_entries_are_misses_with_the_right_output(
    project: Path, cache_dir: Path
) -> None:
    write_tree(project, _graph(30))
    first = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    (pack,) = packs(cache_dir)
    entries = CacheStore(cache_dir).pack_records(str(pack))
    assert entries is not None
    data = bytearray(pack.read_bytes())
    index = read_index(bytes(data), len(data))
    assert index is not None
    for _, offset, length in index:
        data[offset + length - 1] ^= 0xFF  # each record's last bytecode byte
    pack.write_bytes(bytes(data))
    again = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert again.stdout == first.stdout and again.returncode == 0, again.stderr
    hits, misses, written, invalid, _ = _stats(again.stderr)
    assert (hits, misses, written, invalid) == (0, 31, 31, 31)
    verify = run_esmload(["cache", "verify"], cwd=project, cache_dir=cache_dir)
    assert verify.returncode == 0, verify.stderr
    assert not pack.exists()  # verify removed the damaged pack
    assert _stats(
        run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir).stderr
    )[:2] == (31, 0)


def test_modules_the_writer_cannot_record_are_reported_from_the_child(
    project: Path, cache_dir: Path, tmp_path: Path
) -> None:
    """Enough modules for the writer child, one of which only esprima can vouch for, and
    esprima blocked: the child's `uncacheable` count reaches --cache-stats."""
    files = _graph(40)
    files["main.mjs"] = "import { f } from './odd.mjs';\nf();\n" + files["main.mjs"]
    files["odd.mjs"] = "export const f = () => \"import('x')\";\n"
    write_tree(project, files)
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "esprima.py").write_text("raise ImportError('blocked for this test')\n")
    result = run_esmload(
        ["--cache-stats", "main.mjs"],
        cwd=project,
        cache_dir=cache_dir,
        env={"PYTHONPATH": str(blocker)},
    )
    assert result.stdout == f"{sum(range(40))}\n", result.stderr
    assert _stats(result.stderr) == (0, 42, 41, 0, 1)


def test_a_waiting_program_writes_the_records_it_holds_before_it_is_interrupted(
    project: Path, cache_dir: Path
) -> None:
    """A run with a few misses holds their records for its end; a program that then waits
    (a server) writes them when it starts waiting, so Ctrl-C, which ends it at once, loses
    nothing."""
    files = _graph(3)
    files["main.mjs"] += "if (process.argv[2] === 'wait') setTimeout(() => {}, 60_000);\n"
    write_tree(project, files)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "esmload", "main.mjs", "wait"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while len(record_names(cache_dir)) < 5 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.05)
        assert len(record_names(cache_dir)) == 5, "the waiting program wrote no records"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGINT
    warm = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert warm.stdout == "3\n", warm.stderr
    assert _stats(warm.stderr)[:2] == (4, 0)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_the_writer_child_holds_none_of_the_programs_descriptors(
    project: Path, cache_dir: Path
) -> None:
    """A pipe the program holds open (here: one the test handed it) must not be held by the
    writer child too, or whoever reads that pipe would wait for the child as well."""
    files = _graph(40)
    files["main.mjs"] += "setTimeout(() => console.log('done'), 1500);\n"
    write_tree(project, files)
    read_end, write_end = os.pipe()
    proc = spawn_esmload(project, cache_dir, pass_fds=(write_end,))
    os.close(write_end)
    try:
        pipe = os.readlink(f"/proc/self/fd/{read_end}")  # "pipe:[inode]", both ends
        children = _children_of(proc)
        assert children, "the cold run started no record writer"
        for child in children:
            held = {os.readlink(f"/proc/{child}/fd/{fd}") for fd in os.listdir(f"/proc/{child}/fd")}
            assert pipe not in held, f"the writer child {child} holds the program's pipe"
        out, err = proc.communicate(timeout=30)
    finally:
        os.close(read_end)
        if proc.poll() is None:
            proc.kill()
    assert out.endswith("done\n") and proc.returncode == 0, err


def test_a_writer_child_that_dies_costs_records_not_the_run(project: Path, cache_dir: Path) -> None:
    """The writer child killed while the program runs: the program's output and exit are
    unchanged, it says records were lost, and the next runs write them."""
    files = _graph(40)
    files["main.mjs"] += "setTimeout(() => console.log('done'), 1500);\n"
    write_tree(project, files)
    proc = spawn_esmload(project, cache_dir, args=["--cache-stats", "main.mjs"])
    try:
        children = _children_of(proc)
        assert children, "the cold run started no record writer"
        for child in children:
            os.kill(child, signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert out == f"{sum(range(40))}\ndone\n" and proc.returncode == 0, err
    assert "the record writer process" in err and "ended early" in err, err
    # (What the child wrote before it was killed, if anything, is kept.)
    again = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert again.stdout == out and again.returncode == 0, again.stderr
    warm = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert warm.stdout == out and _stats(warm.stderr)[:2] == (41, 0), warm.stderr


def _children_of(proc: subprocess.Popen[str]) -> list[int]:
    """The processes `proc` started, once there are any (or after a while, none)."""
    children: list[int] = []
    deadline = time.monotonic() + 10
    while not children and time.monotonic() < deadline and proc.poll() is None:
        children = [
            int(pid)
            for pid in os.listdir("/proc")
            if pid.isdigit() and _parent_of(int(pid)) == proc.pid
        ]
        time.sleep(0.02)
    return children


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def test_records_edited_after_unpacking_are_not_hidden_by_their_old_files(
    project: Path, cache_dir: Path
) -> None:
    """Every module has a record file of its own, then every module changes: the new
    records must replace those files (packed, the stale files would hide them forever),
    whichever process writes them."""
    write_tree(project, _graph(40))
    run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    unpack(cache_dir)
    assert not packs(cache_dir)
    for i in range(40):
        (project / f"m{i}.mjs").write_text(f"export const v{i} = {i + 1000};\n")
    edited = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert edited.stdout == f"{sum(range(40)) + 40000}\n", edited.stderr
    assert _stats(edited.stderr)[:4] == (1, 40, 40, 40)
    again = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert again.stdout == edited.stdout
    assert _stats(again.stderr)[:2] == (41, 0), again.stderr
