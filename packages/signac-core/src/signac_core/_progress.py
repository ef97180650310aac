"""Progress bars for long data movements: tqdm on a terminal, silent when piped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(iterable: Iterable[T], total: int | None = None, desc: str = "") -> Iterator[T]:
    """Iterate with a tqdm progress bar on stderr when it is a terminal.

    The bar appears only after half a second, so short operations print nothing;
    ``disable=None`` lets tqdm stay silent when stderr is not a terminal.
    """
    from tqdm import tqdm

    yield from tqdm(iterable, total=total, desc=desc, disable=None, delay=0.5, leave=False)
