"""A record to write (`Job`), and building it: the part of writing records that runs
wherever writer.py runs it: in the program's thread at exit, on a thread, or in a child process.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol

    from esmload.cache.code_cache import CodeCache
    from esmload.cache.units import UnitKind

    class RecordSink(Protocol):
        def append(self, record: tuple[UnitKind, str, bytes], /) -> None: ...


class Job:
    """One record to write: a unit of `kind`. An ES module (units.MODULE) given without
    metadata gets its record built here from its source and the engine's analysis: `info`,
    what the engine told when it compiled the module (analyze/bytecode.py
    `module_from_info`), else read out of its bytecode (`atoms`: the engine's predefined atom
    names)."""

    __slots__ = (
        "kind",
        "path",
        "source",
        "digest",
        "bytecode",
        "metadata",
        "atoms",
        "info",
    )

    def __init__(
        self,
        kind: UnitKind,
        path: str,
        source: bytes,
        digest: bytes,
        bytecode: bytes | memoryview,
        metadata: Any = None,
        atoms: tuple[str, ...] = (),
        info: bytes | None = None,
    ) -> None:
        self.kind = kind
        self.path = path
        self.source = source
        self.digest = digest
        self.bytecode = bytecode
        self.metadata = metadata
        self.atoms = atoms
        self.info = info

    @property
    def requests(self) -> int:
        """How many modules the module imports, as far as the engine's account tells
        (analyze/bytecode.py `module_from_info`: its third field); 0 without one."""
        info = self.info
        if not info:
            return 0
        second = info.find(b"\0", info.find(b"\0") + 1)
        third = info.find(b"\0", second + 1)
        try:
            return int(info[second + 1 : third]) if second >= 0 and third > second else 0
        except ValueError:
            return 0


class Uncacheable(Exception):
    """A module whose record cannot be built (the reason is the message)."""


def encode_job(cache: CodeCache, job: Job) -> tuple[str, bytes]:
    """The job's record and where it goes, building an ES module's first (Uncacheable if it
    cannot be built: then the module is just not cached)."""
    kind = job.kind
    if kind.name != "module" or job.metadata is not None:
        return cache.encode(kind, job.path, job.digest, job.bytecode, metadata=job.metadata)
    from esmload.analyze.fast import module_payload

    try:
        metadata, hints = module_payload(job.source, job.bytecode, job.atoms, job.info)
    except Exception as exc:  # noqa: BLE001 - analysis only feeds the cache
        raise Uncacheable(f"{type(exc).__name__}: {exc}") from None
    return cache.encode(
        kind,
        job.path,
        job.digest,
        job.bytecode,
        metadata=metadata,
        hints=hints,
    )


def build_into(
    cache: CodeCache,
    job: Job,
    batch: RecordSink,
    on_error: Callable[[str, str], None],
) -> int:
    """Build the job's record onto `batch` (a list for `CodeCache.put_many`, or a
    `RecordStream`); its size, or 0 when it could not be built (`on_error(path, reason)`
    hears why, if it is a module that cannot be cached; anything else is a miss next
    time)."""
    try:
        path, data = encode_job(cache, job)
    except Uncacheable as exc:
        cache.stats.uncacheable += 1
        on_error(job.path, str(exc))
        return 0
    except Exception:  # noqa: BLE001 - a record not written is a miss next time
        return 0
    batch.append((job.kind, path, data))
    return len(data)


def write_record(cache: CodeCache, job: Job, on_error: Callable[[str, str], None]) -> None:
    """Build and write one record now (`on_error` as for `build_into`)."""
    if not cache.usable:
        return
    batch: list[tuple[UnitKind, str, bytes]] = []
    if build_into(cache, job, batch, on_error):
        cache.put_many(batch)
