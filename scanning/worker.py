"""Run the page pipeline on a worker thread while the scanner reads the next page (Qt-free).

Pages go in in scanning order and come out in the same order; an error in processing one page is
kept with that page (``PageResult.error``) and never stops the batch. The worker is a context
manager: leaving it waits for the pages already handed in.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType

from PIL import Image

from counter_app.ports import Progress
from scanning.pipeline import ProcessedPage, process
from scanning.profiles import PLAIN_TEXT, Profile


@dataclass(frozen=True)
class PageResult:
    index: int
    page: ProcessedPage | None
    error: BaseException | None = None


class PipelineWorker:
    def __init__(
        self,
        profile: Profile = PLAIN_TEXT,
        workers: int = 1,
        step: Callable[[Image.Image, int, Profile], ProcessedPage] = process,
    ) -> None:
        self.profile = profile
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="page-pipeline")
        self._futures: queue.Queue[tuple[int, Future[ProcessedPage]]] = queue.Queue()
        self._step = step
        self._count = 0
        self._lock = threading.Lock()

    def submit(self, image: Image.Image, dpi: int) -> int:
        with self._lock:
            index = self._count
            self._count += 1
        self._futures.put((index, self._pool.submit(self._step, image, dpi, self.profile)))
        return index

    def results(self) -> Iterator[PageResult]:
        """The results handed in so far, in order (waits for each)."""
        while not self._futures.empty():
            index, future = self._futures.get()
            try:
                yield PageResult(index, future.result())
            except Exception as exc:  # the page is reported, the batch goes on
                yield PageResult(index, None, exc)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def __enter__(self) -> PipelineWorker:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def process_stream(
    pages: Iterable[tuple[Image.Image, int]],
    profile: Profile = PLAIN_TEXT,
    progress: Progress | None = None,
) -> list[PageResult]:
    """Process pages as they arrive (e.g. straight from a scanner's iterator): page *n* is
    worked on while page *n+1* is being read."""
    with PipelineWorker(profile) as worker:
        for image, dpi in pages:
            if progress is not None:
                progress.check()
            worker.submit(image, dpi)
        return list(worker.results())
