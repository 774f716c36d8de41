"""Host I/O through the event loop: work runs on worker threads, at the same time as other
work, and each `done` runs on the loop's thread; the loop lives until all of it is done."""

from __future__ import annotations

import threading

from esmload.engine.core import Engine
from esmload.run.event_loop import EventLoop


def test_io_runs_concurrently_and_completes_on_the_loop() -> None:
    engine = Engine()
    try:
        loop = EventLoop(engine)
        loop.fire = lambda timer_id: None
        count = 6
        started = threading.Barrier(count, timeout=5)
        finished: list[tuple[int, str]] = []
        loop_thread = threading.get_ident()

        def work(n: int) -> int:
            started.wait()  # only returns once all of them run at the same time
            return n * n

        def done(n: int):  # noqa: ANN202
            def finish(result: object, error: BaseException | None) -> None:
                assert threading.get_ident() == loop_thread
                finished.append((n, repr(error) if error else str(result)))

            return finish

        for n in range(count):
            loop.defer(lambda n=n: work(n), done(n))
        loop.defer(lambda: 1 / 0, done(99))
        loop.run()
        assert sorted(finished) == [
            *[(n, str(n * n)) for n in range(count)],
            (99, "ZeroDivisionError('division by zero')"),
        ]
        assert loop.next_delay() is None  # nothing left: the program may end
    finally:
        engine.close()
