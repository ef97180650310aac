"""signac 1.x's JSON-dict API, on top of :mod:`synced_collections`.

``signac.JSONDict`` is :class:`~synced_collections.backends.collection_json.BufferedJSONAttrDict`
(as documented for signac 1.7). The module-level buffering functions
(``signac.buffered``, ``signac.is_buffered``, ``signac.flush``,
``signac.get_buffer_size``, ``signac.get_buffer_load``,
``signac.set_buffer_size``) act on the buffer of that class. The old names
of the deprecated ``signac.core.jsondict``, ``signac.core.attrdict``,
``signac.core.synceddict`` and ``signac.core.dict_manager`` modules point to
their replacements.
"""

from __future__ import annotations

import warnings
from contextlib import AbstractContextManager
from typing import Any

from synced_collections.backends.collection_json import BufferedJSONAttrDict, JSONAttrDict
from synced_collections.data_types import SyncedDict

from .errors import BufferedFileError, BufferException
from .warnings import SignacDeprecationWarning

#: signac 1.7: ``signac.JSONDict`` is the buffered JSON attr-dict.
JSONDict = BufferedJSONAttrDict
#: The synced attr-dict of signac 1.x (deprecated module ``signac.core.attrdict``).
SyncedAttrDict = JSONAttrDict
#: The synced dict base of signac 1.x (deprecated module ``signac.core.synceddict``).
_SyncedDict = SyncedDict


def buffer_reads_writes(
    buffer_size: int | None = None, force_write: bool | None = None
) -> AbstractContextManager[None]:
    """Enter a global buffer mode for all JSONDict instances.

    All future write operations are written to the buffer, read operations
    are performed from the buffer whenever possible. All write operations
    are deferred until the flush_all() function is called, the buffer
    overflows, or upon exiting the buffer mode.

    Parameters
    ----------
    buffer_size : int, optional
        The capacity of the buffer within this context (Default value = None).
    force_write : bool, optional
        Ignored (signac 1.7); passing it warns (Default value = None).

    Returns
    -------
    context manager
        The buffered context.
    """
    return BufferedJSONAttrDict.buffer_backend(buffer_size=buffer_size, force_write=force_write)


#: ``signac.buffered``.
buffered = buffer_reads_writes


def is_buffered() -> bool:
    """Return True if the JSONDict backend is in buffered mode.

    Returns
    -------
    bool
        Whether buffered mode is active.
    """
    return bool(BufferedJSONAttrDict.backend_is_buffered())


in_buffered_mode = is_buffered


def flush_all() -> None:
    """Execute all deferred JSONDict write operations."""
    BufferedJSONAttrDict._flush_buffer()


def flush() -> None:
    """Execute all deferred JSONDict write operations.

    .. deprecated:: 1.7
       This will be removed in 2.0.
    """
    warnings.warn(
        "signac.flush() is deprecated since 1.7 and will be removed in 2.0.",
        SignacDeprecationWarning,
        stacklevel=2,
    )
    flush_all()


def get_buffer_size() -> int:
    """Return the current maximum size of the read/write buffer.

    Returns
    -------
    int
        The buffer capacity.
    """
    return int(BufferedJSONAttrDict.get_buffer_capacity())


def get_buffer_load() -> int:
    """Return the current actual size of the read/write buffer.

    Returns
    -------
    int
        The amount of data in the buffer.
    """
    return int(BufferedJSONAttrDict.get_current_buffer_size())


def set_buffer_size(new_buffer_size: int) -> None:
    """Set the maximum size of the read/write buffer.

    Parameters
    ----------
    new_buffer_size : int
        The new buffer capacity.
    """
    BufferedJSONAttrDict.set_buffer_capacity(new_buffer_size)


def __getattr__(name: str) -> Any:
    if name == "DictManager":  # needs the optional signac-h5store
        from ._optional import require_h5store

        return require_h5store().DictManager
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BufferException",
    "BufferedFileError",
    "JSONDict",
    "SyncedAttrDict",
    "buffer_reads_writes",
    "buffered",
    "flush",
    "flush_all",
    "get_buffer_load",
    "get_buffer_size",
    "in_buffered_mode",
    "is_buffered",
    "set_buffer_size",
]
