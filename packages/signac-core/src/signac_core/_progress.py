"""Progress bars for long data movements: tqdm on a terminal, silent when piped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Seconds before a bar appears: short operations print nothing.
DELAY = 0.5


def progress(iterable: Iterable[T], total: int | None = None, desc: str = "") -> Iterator[T]:
    """Iterate with a tqdm progress bar on stderr when stderr is a terminal.

    ``disable=None`` makes tqdm stay silent when stderr is not a terminal
    (piped or redirected). tqdm is imported on first use only.
    """
    from tqdm import tqdm

    yield from tqdm(iterable, total=total, desc=desc, disable=None, delay=DELAY, leave=False)
