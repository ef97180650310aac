"""signac 1.x's JSON-dict API, on top of :mod:`synced_collections`.

``signac.JSONDict`` is :class:`~synced_collections.backends.collection_json.BufferedJSONAttrDict`
(as documented for signac 1.7), the class of job and project documents. The
module-level buffering functions (``signac.buffered``, ``signac.is_buffered``,
``signac.flush``, ``signac.get_buffer_size``, ``signac.get_buffer_load``,
``signac.set_buffer_size``) act on the buffer of that class: inside
``buffered()`` all documents are read from and written to one shared buffer,
written when the outermost block ends. The old dict classes of the deprecated
``signac.core`` modules are in :mod:`signac_core._legacy_dicts`.
"""

from __future__ import annotations

import warnings
from contextlib import AbstractContextManager

from synced_collections.backends.collection_json import BufferedJSONAttrDict

from .errors import BufferedFileError, BufferException

#: signac 1.7: ``signac.JSONDict`` is the buffered JSON attr-dict.
JSONDict = BufferedJSONAttrDict


def buffer_reads_writes(
    buffer_size: int | None = None, force_write: bool | None = None
) -> AbstractContextManager[None]:
    """Enter a global buffer mode for all JSONDict instances (job and project documents).

    All future write operations are written to the buffer, read operations
    are performed from the buffer whenever possible. All write operations
    are deferred until the flush_all() function is called, the buffer
    overflows, or upon exiting the outermost buffered block. Blocks nest.
    Two handles on one document share the buffered data. A document changed
    on disk during the block in a way that conflicts with the buffered
    changes raises :class:`~synced_collections.errors.BufferedError` on exit
    (its ``files`` name the document files); changes to other keys are merged.

    Parameters
    ----------
    buffer_size : int, optional
        The capacity of the buffer (in bytes) within this context and its
        nested blocks; reset when it ends (Default value = None: unchanged,
        32 MiB by default).
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
    """Flush the legacy JSONDict buffer: as in signac 1.7, buffered job documents are not written.

    Job documents are written when the outermost :func:`buffered` block
    ends (or by :func:`flush_all`). The legacy ``signac.core.jsondict.JSONDict``
    writes through, so there is nothing left to flush: this only warns.

    .. deprecated:: 1.7
       This will be removed in 2.0.
    """
    warnings.warn(
        "signac.flush() is deprecated since 1.7 and will be removed in 2.0; buffered job "
        "documents are written when the outermost signac.buffered() block ends.",
        DeprecationWarning,
        stacklevel=2,
    )


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


def __getattr__(name: str) -> object:
    # The old dict classes, under the names this module had (until the meta-package
    # points signac.core.attrdict / signac.core.synceddict at signac_core._legacy_dicts).
    if name in ("SyncedAttrDict", "_SyncedDict"):
        from . import _legacy_dicts

        return getattr(_legacy_dicts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BufferException",
    "BufferedFileError",
    "JSONDict",
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
