"""The CLI's side of the library's progress callbacks: a rich bar on stderr for big loads."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from graph.cli.common import err_console

# Below this many rows a load is over before a bar would help.
BAR_FROM = 20_000


@contextmanager
def load_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A ``progress(stage, done, total)`` callback for :func:`graph.store.writer.write_org`.

    A stage with a total draws a bar (from :data:`BAR_FROM` rows); a stage without one (total 0:
    the switch, purging) a spinner, once a bar is showing or the stage has done that much.
    """
    bar: Progress | None = None
    tasks: dict[str, int] = {}

    def report(stage: str, done: int, total: int) -> None:
        nonlocal bar
        if not enabled:
            return
        if bar is None:
            if max(total, done) < BAR_FROM:
                return
            bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TimeElapsedColumn(), console=err_console, transient=True)
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total or None)
        bar.update(tasks[stage], completed=done)

    try:
        yield report
    finally:
        if bar is not None:
            bar.stop()
