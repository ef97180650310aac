"""Buffering for file-based backends using shared in-memory data.

The buffer holds references to the in-memory data objects of collections.
All collections that point to the same file share one data object while
buffered, so a change through one is seen by all without any encoding,
decoding or copying.
"""

from __future__ import annotations

from typing import Any

from .file_buffered_collection import FileBufferedCollection, _FileBufferState


class _Entry:
    """One buffered file: the shared data, its owner, the contents at load time."""

    __slots__ = ("base", "collection", "metadata", "modified")

    def __init__(self, collection: Any, base: bytes | None, metadata: Any):
        self.collection = collection
        self.base = base
        self.metadata = metadata
        self.modified = False


class SharedMemoryFileBufferedCollection(FileBufferedCollection):
    """A :class:`~.SyncedCollection` that defers all I/O when buffered.

    Collections store a reference to their data in the buffer; all collections
    referencing the same file share the same underlying data object while
    buffered, so changes in one are transparently reflected in the others.

    The buffer size and capacity are measured in the number of *modified*
    collections in the buffer (default capacity: 1000). Read-only operations
    load data into the buffer but do not count; unmodified data is only
    dropped from the buffer when the buffering context exits or the buffer is
    flushed.

    Notes
    -----
    This class must be inherited before any other collection class.

    **Thread safety.** Buffer reads, writes and flushes are serialized by one
    lock; the backend must write atomically for the buffered collection to be
    thread safe.

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
    - Modifying two collections that point to the same file while they are in
      different buffering modes is unsupported.
    - The buffer size has no upper bound if all operations are read-only. Use
      :class:`~.SerializedFileBufferedCollection` for a strict memory limit.
    """

    _BUFFER_CAPACITY = 1000
    _BUFFER_STATE = _FileBufferState(_BUFFER_CAPACITY)

    def __init__(self, parent: Any = None, filename: Any = None, *args: Any, **kwargs: Any):
        super().__init__(parent, filename, *args, **kwargs)

    @classmethod
    def get_current_buffer_size(cls) -> int:
        """Get the number of modified collections currently stored in the buffer.

        Returns
        -------
        int
            The number of modified collections currently in the buffer.
        """
        return cls._BUFFER_STATE.size

    def _entry(self) -> _Entry:
        state = self._BUFFER_STATE
        entry = state.buffer.get(self._filename)
        if entry is None:
            contents, metadata = self._read_blob()
            if contents and contents.strip():
                with self._suspend_sync():
                    self._update(self._decode(contents))
            entry = _Entry(self, contents, metadata)
            state.buffer[self._filename] = entry
        elif entry.collection is not self and entry.collection._data is not self._data:
            self._data = entry.collection._data  # share the buffered data object
        return entry

    def _load_from_buffer(self) -> None:
        with self._BUFFER_STATE.lock:
            self._entry()

    def _save_to_buffer(self) -> None:
        state = self._BUFFER_STATE
        with state.lock:
            entry = self._entry()
            if not entry.modified:
                entry.modified = True
                state.size += 1
        if state.size > state.capacity:
            type(self)._flush_buffer()

    @staticmethod
    def _flush_entry(filename: str, entry: _Entry) -> None:
        collection = entry.collection
        contents = collection._encode(collection._to_base())
        if contents == entry.base:
            return
        collection._flush_file(
            filename,
            contents,
            entry.base,
            entry.metadata,
            collection._encode,
            collection._decode,
            bool(getattr(collection, "_write_concern", False)),
        )

    def _flush(self) -> None:
        state = self._BUFFER_STATE
        with state.lock:
            entry = state.buffer.pop(self._filename, None)
            if entry is None or not entry.modified:
                return
            state.size -= 1
            self._flush_entry(self._filename, entry)

    @classmethod
    def _flush_buffer(cls, _keep: Any = ()) -> None:
        """Flush all data in this class's buffer.

        Raises
        ------
        BufferedError
            If files could not be written; ``files`` maps each to its error.
        """
        state = cls._BUFFER_STATE
        issues: dict[str, Exception] = {}
        with state.lock:
            entries = []
            for filename, entry in list(state.buffer.items()):
                if filename in _keep:
                    continue
                del state.buffer[filename]
                state.size -= 1 if entry.modified else 0
                entries.append((filename, entry))
            for filename, entry in entries:
                if not entry.modified:
                    continue
                try:
                    cls._flush_entry(filename, entry)
                except Exception as error:
                    issues[filename] = error
        cls._raise_issues(issues)


__all__ = ["SharedMemoryFileBufferedCollection"]
