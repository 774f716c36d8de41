"""Cache faults: concurrent writers, killed processes, full disks, unusable directories,
hostile records. Nothing may be lost, nothing wrong may run, no Python traceback."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import module_records, run_esmload, spawn_esmload, write_tree
from esmload.cache.code_cache import CodeCache
from esmload.cache.record import encode_record, source_hash
from esmload.cache.store import CacheStore
from esmload.compile import CompileOptions
from esmload.engine.core import Engine
from esmload.engine.lib import ENGINE_VERSION
from esmload.fetch.fetcher import CacheState, ModuleFetcher

GRAPH = {
    "main.mjs": "import { total } from './lib/sum.mjs';\nimport cfg from './cfg.json' with { type: 'json' };\nconsole.log(total(cfg.values));\n",
    "lib/sum.mjs": "import { add } from './add.mjs';\nexport const total = (xs) => xs.reduce(add, 0);\n",
    "lib/add.mjs": "export const add = (a, b) => a + b;\n",
    "cfg.json": '{"values": [1, 2, 3, 4]}',
}
# Enough modules that a kill often lands in the middle of writing records.
for i in range(40):
    GRAPH[f"lib/many/m{i}.mjs"] = f"export const v{i} = {i};\n" + "// padding\n" * 200
GRAPH["main.mjs"] += "".join(f"import './lib/many/m{i}.mjs';\n" for i in range(40))
EXPECTED = "10\n"


def assert_healthy(project: Path, cache_dir: Path) -> None:
    """The next run is correct and every record left behind verifies."""
    result = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    assert result.stdout == EXPECTED, result.stderr
    assert result.returncode == 0 and "Traceback" not in result.stderr
    verify = run_esmload(["cache", "verify"], cwd=project, cache_dir=cache_dir)
    assert verify.returncode == 0, verify.stderr
    assert " 0 removed" in verify.stdout, verify.stdout


def test_many_processes_on_one_empty_cache(project: Path, cache_dir: Path) -> None:
    write_tree(project, GRAPH)
    processes, rounds = 8, 3
    for _ in range(rounds):
        if cache_dir.exists():
            subprocess.run(["rm", "-rf", str(cache_dir)], check=True)
        procs = [spawn_esmload(project, cache_dir) for _ in range(processes)]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert out == EXPECTED and "Traceback" not in err
        assert_healthy(project, cache_dir)


def test_processes_killed_while_writing(project: Path, cache_dir: Path) -> None:
    write_tree(project, GRAPH)
    start = time.monotonic()
    spawn_esmload(project, cache_dir).communicate(timeout=60)
    cold = time.monotonic() - start  # kill anywhere inside a cold run
    rng = random.Random(1234)
    kills = 0
    for _ in range(20):
        subprocess.run(["rm", "-rf", str(cache_dir)], check=True)
        proc = spawn_esmload(project, cache_dir)
        time.sleep(rng.uniform(0.0, cold * 0.95))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
        assert_healthy(project, cache_dir)
    assert kills >= 15, "the kills must land while the program runs to test anything"


def test_temp_files_of_killed_writers_are_never_read_and_get_cleaned(
    project: Path, cache_dir: Path
) -> None:
    write_tree(project, GRAPH)
    run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    records = module_records(cache_dir)
    # A torn write: the temp file of a writer killed half-way, next to the real record.
    for record in records[:5]:
        torn = record.with_name(record.name + ".99999.deadbeef.tmp")
        torn.write_bytes(record.read_bytes()[:37])
        os.utime(torn, (1, 1))
        record.unlink()
    result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert result.stdout == EXPECTED
    assert "misses=5" in result.stderr
    # The run's own pruning may already have removed them (they are over an hour old);
    # otherwise verify does. Either way none is left and none was read.
    verify = run_esmload(["cache", "verify"], cwd=project, cache_dir=cache_dir)
    assert verify.returncode == 0 and " 0 removed" in verify.stdout
    assert not list((cache_dir / "records").rglob("*.tmp"))


def test_full_disk_degrades_to_uncached(project: Path, cache_dir: Path) -> None:
    """Writes fail with a real OS error (a file size limit: EFBIG, like ENOSPC for us)."""
    write_tree(project, GRAPH)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    proc = subprocess.run(
        [sys.executable, "-m", "esmload", "--cache-stats", "main.mjs"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == EXPECTED
    assert proc.stderr.count("esmload: warning:") == 1
    assert "Traceback" not in proc.stderr
    assert not list((cache_dir / "records").rglob("*.tmp"))
    assert_healthy(project, cache_dir)


@contextlib.contextmanager
def tmpfs(where: Path, options: str):
    """A real small or read-only filesystem, when this machine lets the tests mount one."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_full_filesystem_degrades_to_uncached(project: Path, tmp_path: Path) -> None:
    write_tree(project, GRAPH)
    with tmpfs(tmp_path / "small", "size=48k,mode=0700") as cache:
        for _ in range(2):
            result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache)
            assert result.stdout == EXPECTED and result.returncode == 0, result.stderr
            assert result.stderr.count("esmload: warning:") == 1
            assert "the disk is full" in result.stderr
            assert "Traceback" not in result.stderr
        assert not list(cache.rglob("*.tmp"))
        verify = run_esmload(["cache", "verify"], cwd=project, cache_dir=cache)
        assert verify.returncode == 0 and " 0 removed" in verify.stdout


def test_read_only_filesystem(project: Path, tmp_path: Path) -> None:
    write_tree(project, GRAPH)
    with tmpfs(tmp_path / "ro", "ro,size=64k,mode=0700") as cache:
        result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache)
        assert result.stdout == EXPECTED and result.returncode == 0
        assert result.stderr.count("esmload: warning:") == 1
        assert "hits=0" in result.stderr


def test_cache_path_problems(project: Path, tmp_path: Path) -> None:
    write_tree(project, GRAPH)
    a_file = tmp_path / "plain-file"
    a_file.write_text("x")
    for cache in (a_file, a_file / "below-a-file"):
        result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache)
        assert result.stdout == EXPECTED and result.returncode == 0
        assert result.stderr.count("esmload: warning:") == 1
        assert "hits=0" in result.stderr
    assert a_file.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_read_only_cache_directory(project: Path, cache_dir: Path) -> None:
    write_tree(project, GRAPH)
    run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    (project / "lib" / "add.mjs").write_text("export const add = (a, b) => b + a;\n")
    for folder in [cache_dir, *cache_dir.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o500)
    try:
        result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
        assert result.stdout == EXPECTED and result.returncode == 0
        assert result.stderr.count("esmload: warning:") == 1
        assert "hits=42" in result.stderr
    finally:
        for folder in [cache_dir, *cache_dir.rglob("*")]:
            if folder.is_dir():
                folder.chmod(0o700)


def test_shared_writable_cache_is_not_trusted(project: Path, cache_dir: Path) -> None:
    write_tree(project, GRAPH)
    run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    cache_dir.chmod(0o777)
    result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert result.stdout == EXPECTED
    assert "not private" in result.stderr and result.stderr.count("esmload: warning:") == 1
    assert "hits=0" in result.stderr
    cache_dir.chmod(0o700)
    key = cache_dir / "key"
    key.chmod(0o644)
    readable_key = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert "hits=0" in readable_key.stderr and readable_key.stdout == EXPECTED


def test_records_signed_with_another_key_are_rejected(project: Path, cache_dir: Path) -> None:
    write_tree(project, GRAPH)
    run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    (cache_dir / "key").write_bytes(os.urandom(32))
    result = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert result.stdout == EXPECTED
    assert "hits=0" in result.stderr and "invalid=43" in result.stderr  # the modules


@pytest.fixture(scope="module")
def fuzz_setup(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("fuzz")
    module = root / "m.mjs"
    source = b"export const answer = [1, 2, 3].map((x) => x * 14)[2];\n"
    module.write_bytes(source)
    store = CacheStore(root / "cache")
    assert store.open()
    engine = Engine()
    bytecode = engine.dump_module(engine.compile_module(str(module) + "#probe", source))
    engine.close()
    from esmload.analyze import analyze

    record = encode_record(
        engine_version=ENGINE_VERSION,
        flags=0,
        source_hash=source_hash(source),
        metadata=analyze(source.decode()).to_cbor(),
        bytecode=bytecode,
        key=store.key,
    )
    return module, store, record


@settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzzed_records_are_misses_with_correct_output(fuzz_setup, data) -> None:
    module, store, valid = fuzz_setup
    mutated = bytearray(valid)
    kind = data.draw(st.sampled_from(["flip", "truncate", "extend", "splice", "garbage"]))
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            i = data.draw(st.integers(0, len(mutated) - 1))
            mutated[i] ^= data.draw(st.integers(1, 255))
    elif kind == "truncate":
        del mutated[data.draw(st.integers(0, len(mutated) - 1)) :]
    elif kind == "extend":
        mutated += data.draw(st.binary(min_size=1, max_size=64))
    elif kind == "splice":
        i = data.draw(st.integers(0, len(mutated)))
        mutated[i:i] = data.draw(st.binary(min_size=1, max_size=32))
    else:
        mutated = bytearray(data.draw(st.binary(max_size=400)))
    assume(bytes(mutated) != valid)  # two flips of one byte can restore it
    path = store.record_path(str(module), CompileOptions().variant)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(mutated)
    engine = Engine()
    try:
        fetcher = ModuleFetcher(engine, CodeCache(store), background=False)
        fetched = fetcher.fetch(str(module))
        assert fetched.state is CacheState.MISS
        assert fetcher.stats.invalid == 1 and fetcher.stats.hits == 0
        promise = engine.evaluate_module(fetched.handle)
        engine.run_jobs()
        namespace = engine.module_namespace(fetched.handle)
        assert engine.get(namespace, "answer") == 42
        promise.release()
        namespace.release()
    finally:
        engine.close()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_bundles_are_never_used(tmp_path_factory, data) -> None:
    from esmload.cache.bundle import BundleEntry, load_bundle, stamp_of, store_bundle
    from esmload.cache.units import BUNDLE

    root = tmp_path_factory.getbasetemp() / "bundle-fuzz"
    root.mkdir(exist_ok=True)
    module = root / "m.mjs"
    if not module.exists():
        module.write_text("export default 1;\n")
    cache = CodeCache(CacheStore(root / "cache"))
    entry = BundleEntry(str(module), stamp_of(module.stat()), 0, b"\xf6", b"bytecode" * 8)
    assert store_bundle(cache, str(module), [entry], b"links")
    assert load_bundle(cache, str(module)) is not None
    record = Path(cache.record_path(BUNDLE, str(module)))
    valid = record.read_bytes()
    mutated = bytearray(valid)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(mutated) - 1))
        mutated[i] ^= data.draw(st.integers(1, 255))
    if data.draw(st.booleans()):
        del mutated[data.draw(st.integers(0, len(mutated) - 1)):]
    assume(bytes(mutated) != valid)
    record.write_bytes(bytes(mutated))
    assert load_bundle(cache, str(module)) is None
