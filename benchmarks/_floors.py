"""Floors shared by the signac-core benchmarks: bare ``os``/``json`` work on the same files."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable


def floor_create(path: str, n: int, statepoint: Callable[[int], dict], filename: str) -> None:
    """Make N directories, each with ``filename`` holding ``statepoint(i)`` (written atomically)."""
    os.makedirs(path)
    for i in range(n):
        d = os.path.join(path, uuid.uuid4().hex)
        os.mkdir(d)
        fn = os.path.join(d, filename)
        tmp = fn + ".tmp"
        with open(tmp, "w") as file:
            file.write(json.dumps(statepoint(i)))
        os.replace(tmp, fn)


def floor_len(path: str) -> int:
    """Count the directories in ``path`` with one ``os.scandir``."""
    with os.scandir(path) as entries:
        return sum(1 for entry in entries if entry.is_dir())
