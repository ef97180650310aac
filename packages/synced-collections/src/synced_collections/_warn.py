"""Warnings attributed to the first caller outside this package."""

from __future__ import annotations

import contextlib
import os
import sys
import warnings

_INTERNAL: tuple[str, ...] = (
    os.path.dirname(os.path.abspath(__file__)) + os.sep,
    contextlib.__file__,
)


def treat_as_internal(directory: str) -> None:
    """Attribute warnings past the frames of files under ``directory`` too.

    For packages built on synced collections (signac-core) whose own frames
    sit between the user's code and the warning.
    """
    global _INTERNAL
    _INTERNAL = (*_INTERNAL, os.path.abspath(directory) + os.sep)


def warn_at_caller(message: str, category: type[Warning]) -> None:
    """Emit a warning attributed to the first frame outside this package.

    Fixed ``stacklevel`` values point at the wrong frame when the warning is
    reached along different paths (``doc[1] = x``, ``doc.update({1: x})``,
    nested data in a constructor, ...); users should see their own line.
    """
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, category, stacklevel=level)
