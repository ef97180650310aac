"""A standardized buffering implementation for file-based backends.

All file-based backends share one integrity check: a buffered file must not
have been modified on disk since it was loaded into the buffer. This module
provides that check and the machinery to flush a buffered file safely; the
concrete storage of buffered data is left to subclasses.

Flushing a file takes the file's inter-process lock, compares the file's
metadata (device, inode, size, modification time) and contents with those
recorded when it entered the buffer and then

- writes the buffered data atomically if the file is unchanged;
- otherwise performs a three-way merge of the data at load time, the data now
  on disk and the buffered data: changes to different keys of (nested)
  mappings are combined, so concurrent writers do not lose each other's
  updates. If both sides changed the same key (or a list, or the type of the
  root) to different values, nothing is written and :class:`~.MetadataError`
  is raised; the file keeps the other writer's contents and the buffered data
  is in the error's ``contents``.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from typing import Any, ClassVar

from .._warn import warn_at_caller
from ..errors import BufferedError, MetadataError
from ..files import ProcessLock, _metadata, _read_with_metadata
from .buffered_collection import BufferedCollection, _BufferBackendContext, _BufferState

_MISSING = object()


class _MergeConflict(Exception):
    pass


def _same(a: Any, b: Any) -> bool:
    """Compare JSON data as JSON does: ``1`` and ``True`` differ, NaN equals NaN."""
    if a is b:
        return True
    if a is _MISSING or b is _MISSING:
        return False
    try:
        return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    except (TypeError, ValueError):
        return bool(a == b)


def _merge(base: Any, disk: Any, ours: Any) -> Any:
    """Three-way merge of JSON-like data; raise _MergeConflict on conflicting changes."""
    if _same(ours, base):
        return disk
    if _same(disk, base) or _same(disk, ours):
        return ours
    if (
        isinstance(disk, dict)
        and isinstance(ours, dict)
        and (base is _MISSING or base is None or isinstance(base, dict))
    ):
        base_dict = base if isinstance(base, dict) else {}
        merged: dict[Any, Any] = {}
        for key in [*disk, *(key for key in ours if key not in disk)]:
            value = _merge(
                base_dict.get(key, _MISSING), disk.get(key, _MISSING), ours.get(key, _MISSING)
            )
            if value is not _MISSING:
                merged[key] = value
        return merged
    raise _MergeConflict


class _FileBufferState(_BufferState):
    """Shared state of one file buffering implementation: the buffer itself."""

    __slots__ = ("buffer", "capacity", "size")

    def __init__(self, capacity: int):
        super().__init__()
        self.buffer: dict[str, Any] = {}
        self.capacity = capacity
        self.size = 0


class FileBufferedCollection(BufferedCollection):
    """A :class:`~.SyncedCollection` that can buffer file I/O.

    Provides the buffer capacity API, the integrity check and the flush logic
    for all file-based backends; subclasses define how buffered data is
    stored. The backend must provide ``_filename``, ``_encode(data) -> bytes``
    and ``_decode(bytes) -> data``.

    Notes
    -----
    This class must be inherited before any other collection class, and
    subclasses define a ``_BUFFER_CAPACITY`` class variable.

    Parameters
    ----------
    parent : SyncedCollection, optional
        The collection within which this collection is nested, or None
        (Default value = None).
    filename : str, optional
        The filename of the associated file on disk (Default value = None).
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    Modifying two collections that point to the same file while they are in
    different buffering modes is unsupported. Work with such objects in
    identical buffering states.
    """

    _BUFFER_CAPACITY: ClassVar[int]
    _BUFFER_STATE: ClassVar[Any]
    # Provided by the file backend the buffer is combined with.
    _filename: Any
    _encode: Any
    _decode: Any

    def __init__(self, parent: Any = None, filename: Any = None, *args: Any, **kwargs: Any):
        super().__init__(*args, parent=parent, filename=filename, **kwargs)

    @classmethod
    def buffer_backend(  # type: ignore[override]
        cls,
        buffer_size: int | None = None,
        force_write: bool | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Enter context to buffer all operations for this backend.

        Parameters
        ----------
        buffer_size : int, optional
            The capacity of the buffer to use within this context (resets
            after the context is exited).
        force_write : bool, optional
            This argument does nothing and is only present for compatibility
            with signac 1.x; passing it emits a warning. It will be removed in
            signac 2.0.

        Returns
        -------
        context manager
            A reusable, re-entrant counter context (calling it returns itself).
        """
        if force_write is not None:
            warn_at_caller(
                "The force_write parameter is deprecated, ignored, and will be removed in signac 2.0.",
                DeprecationWarning,
            )
        if buffer_size is None:
            return super().buffer_backend(*args, **kwargs)
        return _BufferBackendContext(cls, buffer_size)

    @classmethod
    def get_buffer_capacity(cls) -> int:
        """Get the current buffer capacity.

        Returns
        -------
        int
            The amount of data that can be stored before a flush is triggered,
            in the units of the buffering implementation.
        """
        return cls._BUFFER_STATE.capacity

    @classmethod
    def set_buffer_capacity(cls, new_capacity: int) -> None:
        """Update the buffer capacity.

        Parameters
        ----------
        new_capacity : int
            The new capacity of the buffer in the units of the buffering
            implementation. If the buffer holds more than that, it is flushed.
        """
        if new_capacity < 0:
            raise ValueError("The buffer capacity must be non-negative.")
        cls._BUFFER_STATE.capacity = new_capacity
        if cls.get_current_buffer_size() > new_capacity:
            cls._flush_buffer()

    @classmethod
    @abstractmethod
    def get_current_buffer_size(cls) -> int:
        """Get the total amount of data currently stored in the buffer.

        Returns
        -------
        int
            The size of all data in the buffer, in the units of the buffering
            implementation.
        """

    # -- helpers for subclasses ----------------------------------------------
    def _read_blob(self) -> tuple[bytes | None, Any]:
        """Read the file: ``(contents or None, metadata)``."""
        return _read_with_metadata(self._filename)

    @staticmethod
    def _flush_file(
        filename: str,
        ours: bytes,
        base: bytes | None,
        metadata: Any,
        encode: Any,
        decode: Any,
        durable: bool = False,
    ) -> None:
        """Write ``ours`` to ``filename`` unless that would overwrite foreign changes.

        Raises
        ------
        MetadataError
            If the file changed on disk in a way that conflicts with ``ours``.
        """
        with ProcessLock(filename) as lock:
            lock._mark_final()  # each replace below is the last act under the lock
            stat = lock.stat
            if stat is None:  # not locked (locks refused): read the file by name
                disk, disk_metadata = _read_with_metadata(filename)
            else:
                disk = lock.read()
                disk_metadata = None if disk is None else _metadata(stat)
            # The metadata check is complemented by comparing the contents, which
            # also catches same-size in-place edits within one timestamp tick.
            if disk_metadata == metadata and disk == base:
                lock.replace(ours, durable=durable)
                return
            if disk == ours:
                return
            our_data = decode(ours)

            def parse(blob: bytes | None) -> Any:
                return decode(blob) if blob and blob.strip() else _MISSING

            try:
                merged = _merge(parse(base), parse(disk), our_data)
            except _MergeConflict:
                raise MetadataError(filename, our_data) from None
            if merged is _MISSING:
                return
            lock.replace(encode(merged), durable=durable)

    @classmethod
    def _flush_backend(cls) -> None:
        # Collections whose own buffered context is still open stay buffered.
        # The concrete buffers (serialized, memory) accept ``_keep``; the base
        # keeps the documented signature ``_flush_buffer()``.
        cls._flush_buffer(_keep=cls._BUFFER_STATE.local)  # type: ignore[call-arg]

    @staticmethod
    def _raise_issues(issues: dict[str, Exception]) -> None:
        """Raise :class:`~.BufferedError` mapping every file that failed to its error."""
        if issues:
            raise BufferedError(issues)


__all__ = ["FileBufferedCollection"]
