"""Buffering for file-based backends using a serialized buffer.

All collections in buffered mode encode their data into a single buffer of
serialized data on save and decode from it on load.
"""

from __future__ import annotations

from typing import Any

from .file_buffered_collection import FileBufferedCollection, _FileBufferState


class _Entry:
    """One buffered file: current contents, contents at load time, metadata."""

    __slots__ = (
        "base",
        "contents",
        "decode",
        "durable",
        "encode",
        "metadata",
        "modified",
        "version",
    )

    def __init__(self, contents: bytes | None, metadata: Any, encode: Any, decode: Any):
        self.encode = encode
        self.decode = decode
        self.contents = contents
        self.base = contents
        self.metadata = metadata
        self.modified = False
        self.version = 0
        self.durable = False


class SerializedFileBufferedCollection(FileBufferedCollection):
    """A :class:`~.FileBufferedCollection` based on a serialized data store.

    Data is encoded (for JSON backends into JSON) and stored in one buffer
    shared by all collections of all backends using this class; it is the
    synchronization point for collections pointing to the same file.

    The buffer size and capacity are measured in bytes of file data in the
    buffer (metadata used for the integrity checks is not counted). The
    default capacity is 32 MiB. When the capacity is exceeded, the whole
    buffer is flushed.

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
    - Encoding and decoding on every save has a cost; the
      :class:`~.SharedMemoryFileBufferedCollection` avoids it. Loads of
      collections whose data is already current skip the decoding.
    """

    _BUFFER_CAPACITY = 32 * 2**20
    _BUFFER_STATE = _FileBufferState(_BUFFER_CAPACITY)
    _buffer_seen: Any

    def __init__(self, parent: Any = None, filename: Any = None, *args: Any, **kwargs: Any):
        self.__dict__["_buffer_seen"] = None  # (private state: see SyncedCollection.__init__)
        super().__init__(parent, filename, *args, **kwargs)

    @classmethod
    def get_current_buffer_size(cls) -> int:
        """Get the number of bytes of file data currently stored in the buffer.

        Returns
        -------
        int
            The number of bytes of file data currently in the buffer.
        """
        return cls._BUFFER_STATE.size

    def _entry(self) -> _Entry:
        state = self._BUFFER_STATE
        entry = state.buffer.get(self._filename)
        if entry is None:
            contents, metadata = self._read_blob()
            entry = _Entry(contents, metadata, self._encode, self._decode)
            state.buffer[self._filename] = entry
            state.size += len(contents or b"")
        return entry

    def _load_from_buffer(self) -> Any:
        state = self._BUFFER_STATE
        with state.lock:
            entry = self._entry()
            seen = (entry, entry.version)
            if self._buffer_seen == seen:
                return None  # the in-memory data is what the buffer holds
            self._buffer_seen = seen
            contents = entry.contents
            if not contents or not contents.strip():
                return None
            # Loads never flush: the data must stay buffered until the save
            # that usually follows; an exceeded capacity is handled on save.
            return self._decode(contents)

    def _save_to_buffer(self) -> None:
        state = self._BUFFER_STATE
        with state.lock:
            entry = self._entry()
            contents = self._encode(self._to_base())
            state.size += len(contents) - len(entry.contents or b"")
            entry.contents = contents
            entry.modified = True
            entry.durable = entry.durable or bool(getattr(self, "_write_concern", False))
            entry.version += 1
            self._buffer_seen = (entry, entry.version)
        if state.size > state.capacity:
            type(self)._flush_buffer()

    def _flush(self) -> None:
        state = self._BUFFER_STATE
        with state.lock:
            entry = state.buffer.pop(self._filename, None)
            if entry is None:
                return
            state.size -= len(entry.contents or b"")
            self._buffer_seen = None
            if entry.modified:
                self._flush_file(
                    self._filename,
                    entry.contents,
                    entry.base,
                    entry.metadata,
                    entry.encode,
                    entry.decode,
                    entry.durable,
                )

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
                state.size -= len(entry.contents or b"")
                entries.append((filename, entry))
            for filename, entry in entries:
                if not entry.modified:
                    continue
                try:
                    cls._flush_file(
                        filename,
                        entry.contents,
                        entry.base,
                        entry.metadata,
                        entry.encode,
                        entry.decode,
                        entry.durable,
                    )
                except Exception as error:
                    issues[filename] = error
        cls._raise_issues(issues)

    def _resync_after_error(self) -> None:
        self._buffer_seen = None
        super()._resync_after_error()

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["_buffer_seen"] = None
        return state


__all__ = ["SerializedFileBufferedCollection"]
