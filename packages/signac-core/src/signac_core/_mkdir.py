"""signac 1.x's ``signac.contrib.utility._mkdir_p`` (see ``docs/compat-1x.md``)."""

from __future__ import annotations

import os


def _mkdir_p(path: str) -> None:
    """Create a directory and its parents; nothing happens if it exists.

    Parameters
    ----------
    path : str
        The directory.

    Raises
    ------
    FileExistsError
        If ``path`` exists and is not a directory.
    """
    if os.path.isdir(path):
        return
    os.makedirs(path, exist_ok=True)


__all__ = ["_mkdir_p"]
