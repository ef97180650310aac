"""Implements a JSON :class:`~.SyncedCollection` backend.

Every write is atomic (temporary file in the same directory, ``os.replace``;
with ``write_concern=True`` also ``fsync`` of the file and its directory) and
happens under an inter-process lock on the file held across the whole
load-modify-save cycle, so concurrent writers in several processes do not
lose each other's updates (see :mod:`synced_collections.files` for the file
systems this covers). Files are written as ``json.dumps(data)``: default
separators, no indentation, keys in insertion order.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from ..buffers.memory_buffered_collection import SharedMemoryFileBufferedCollection
from ..buffers.serialized_file_buffered_collection import SerializedFileBufferedCollection
from ..data_types.attr_dict import AttrDict
from ..data_types.synced_collection import SyncedCollection, _LoadAndSave
from ..data_types.synced_dict import SyncedDict
from ..data_types.synced_list import SyncedList
from ..files import (
    ProcessLock,
    _held,
    _read_locked,
    _replace_locked,
    read_small_file,
    write_atomic,
)
from ..validators import json_attr_dict_validator, json_format_validator


def _synced_data(obj: Any) -> Any:
    if isinstance(obj, SyncedCollection):
        return obj._data
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


# Encodes in-memory data with nested collections directly: the output is exactly
# json.dumps(collection()), without building the plain copy first (which costs as
# much as the encoding; see benchmarks/bench_synced_collections.py).
_encode_in_memory = json.JSONEncoder(default=_synced_data).encode
_decode_str = json.JSONDecoder().decode

#: True on Windows (win32 and cygwin), where JSON collections are not thread-safe.
ON_WINDOWS = sys.platform.startswith(("win32", "cygwin"))


class _JSONLoadAndSave(_LoadAndSave):
    """Load-modify-save under the thread lock and the file's inter-process lock.

    In buffered mode the inter-process lock is replaced by the buffer's lock,
    so that no flush can happen between the load and the save.
    """

    __slots__ = ("_process_lock",)

    def __enter__(self) -> None:
        collection = self._collection
        root = collection._top
        self._lock = collection._thread_lock
        self._lock.__enter__()
        self._process_lock = None
        try:
            if getattr(root, "_is_buffered", False):
                state = getattr(root, "_BUFFER_STATE", None)
                if state is not None:
                    state.lock.__enter__()
                    self._process_lock = state.lock
            elif root._use_process_lock:
                process_lock = ProcessLock(root._filename)
                process_lock.__enter__()
                self._process_lock = process_lock
            collection._load()
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        try:
            if self._process_lock is not None:
                self._process_lock.__exit__(None, None, None)
        finally:
            self._lock.__exit__(None, None, None)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                process_lock = self._process_lock
                if type(process_lock) is ProcessLock:
                    # The save is the last act under the lock: it may release it.
                    process_lock._mark_final()
                try:
                    self._collection._save()
                except BaseException:
                    self._collection._resync_after_error()
                    raise
            else:
                self._collection._resync_after_error()
        finally:
            self._release()


class JSONCollection(SyncedCollection):
    """A :class:`~.SyncedCollection` that synchronizes with a JSON file.

    The whole file is read for every read and written for every write. This
    backend is a good choice for accessibility and transparency (the data is a
    plain text file), not for high performance; use buffering for many
    operations in a row.

    The file is created on the first write (its directory must exist). A
    missing or empty file reads as empty (the in-memory data is kept).

    **Thread and process safety.** The collection is thread-safe (except on
    Windows, see :data:`ON_WINDOWS`). Every write goes to a temporary file
    that is atomically moved over the original with :func:`os.replace`, so a
    crash of the process never leaves a truncated or empty file.
    Load-modify-save cycles hold an inter-process lock on the file, so writers
    in different processes never lose updates.

    Parameters
    ----------
    filename : str
        The filename of the associated JSON file on disk.
    write_concern : bool, optional
        Also ``fsync`` the file and its directory on every write, so that it
        survives a power loss, not only a crash of the process (Default value
        = False).
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.
    """

    _backend = __name__
    _supports_threading = not ON_WINDOWS
    #: Hold the inter-process file lock across load-modify-save cycles. Subclasses
    #: that never read-modify-write the file themselves (e.g. because they write it
    #: by other means) may set this to False.
    _use_process_lock = True
    _validators = (json_format_validator,)
    _convert_legacy_keys = True
    _LoadSaveType = _JSONLoadAndSave
    _filename: Any
    _write_concern: bool
    _file_contents: bytes | None

    def __init__(
        self,
        filename: str | os.PathLike | None = None,
        write_concern: bool = False,
        *args,
        **kwargs,
    ):
        # (A subclass may derive _filename, a property: assigned normally.)
        self._filename = None if filename is None else os.path.abspath(os.fspath(filename))
        state = self.__dict__  # (private state: see SyncedCollection.__init__)
        state["_write_concern"] = write_concern
        state["_file_contents"] = None  # the file contents the data matches
        super().__init__(*args, **kwargs)
        if self._filename is None and self._parent is None:
            raise ValueError(f"{type(self).__name__} requires a filename or a parent.")

    @property
    def filename(self) -> str:
        """str: The name of the associated JSON file on disk (absolute path)."""
        return self._top._filename

    @property
    def _lock_id(self) -> Any:
        return self._filename

    @staticmethod
    def _encode(data: Any) -> bytes:
        return json.dumps(data).encode("utf-8")

    @staticmethod
    def _decode(blob: bytes) -> Any:
        try:
            # json.loads(bytes) first detects the encoding (UTF-8, -16, -32): skip that
            # for UTF-8, the encoding we write. Anything else (a UTF-16/32 text, a BOM,
            # invalid JSON) goes to json.loads, which decodes it or raises its error.
            return _decode_str(blob.decode("utf-8"))
        except ValueError:
            return json.loads(blob)

    def _load_from_resource(self) -> Any:
        """Load the data from the JSON file.

        Returns
        -------
        Collection or None
            The data, or None if the file does not exist or is empty.
        """
        held = _held(self._filename)
        if held is not None:
            if held.created and held.stat.st_size == 0:  # type: ignore[union-attr]
                self.__dict__["_file_contents"] = None
                return None  # created empty to be locked: nothing to read
            blob: bytes | None = _read_locked(held)
        else:
            try:
                blob = read_small_file(self._filename)
            except FileNotFoundError:
                blob = None
        if blob is not None and blob == self._file_contents:
            return None  # the in-memory data already matches the file: skip decoding
        self.__dict__["_file_contents"] = None
        if not blob or not blob.strip():
            return None
        data = self._decode(blob)
        if self.is_base_type(data):
            self.__dict__["_file_contents"] = blob  # (see SyncedCollection.__init__)
        return data

    def _save_to_resource(self) -> None:
        """Write the data to the JSON file atomically."""
        self.__dict__["_file_contents"] = None
        if type(self)._encode is JSONCollection._encode:
            blob = _encode_in_memory(self._data).encode("utf-8")
        else:
            blob = self._encode(self._to_base())
        held = _held(self._filename)
        if held is not None:
            _replace_locked(held, blob, self._write_concern)
        else:
            # Not locked (a subclass without the process lock, or a file system that
            # refuses locks): replace the target of a symbolic link, not the link.
            write_atomic(os.path.realpath(self._filename), blob, durable=self._write_concern)
        self.__dict__["_file_contents"] = blob

    def _resync_after_error(self) -> None:
        self._top._file_contents = None
        super()._resync_after_error()


class JSONDict(JSONCollection, SyncedDict):
    r"""A dict-like data structure that synchronizes with a persistent JSON file.

    Examples
    --------
    >>> doc = JSONDict('data.json', write_concern=True)
    >>> doc['foo'] = "bar"
    >>> assert doc['foo'] == "bar"
    >>> assert 'foo' in doc
    >>> del doc['foo']
    >>> doc['foo'] = dict(bar=True)
    >>> doc
    {'foo': {'bar': True}}

    Parameters
    ----------
    filename : str, optional
        The filename of the associated JSON file on disk (Default value = None).
    write_concern : bool, optional
        Also ``fsync`` the file and its directory on every write (Default value = False).
    data : collections.abc.Mapping, optional
        The initial data. If None, defaults to ``{}`` (Default value = None).
    parent : JSONCollection, optional
        A parent instance of JSONCollection or None. If None, the collection
        owns its own data (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    Copies (even deep copies) of a ``JSONDict`` modify the same file. Call the
    object (``doc()``) for a plain ``dict`` copy.
    """

    def __init__(self, filename=None, write_concern=False, data=None, parent=None, *args, **kwargs):
        super().__init__(filename, write_concern, *args, data=data, parent=parent, **kwargs)


class JSONList(JSONCollection, SyncedList):
    r"""A list-like data structure that synchronizes with a persistent JSON file.

    Only non-string sequences are supported by this class.

    Examples
    --------
    >>> synced_list = JSONList('data.json', write_concern=True)
    >>> synced_list.append("bar")
    >>> assert synced_list[0] == "bar"
    >>> assert len(synced_list) == 1
    >>> del synced_list[0]

    Parameters
    ----------
    filename : str, optional
        The filename of the associated JSON file on disk (Default value = None).
    write_concern : bool, optional
        Also ``fsync`` the file and its directory on every write (Default value = False).
    data : non-str collections.abc.Sequence, optional
        The initial data. If None, defaults to ``[]`` (Default value = None).
    parent : JSONCollection, optional
        A parent instance of JSONCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    Copies (even deep copies) of a ``JSONList`` modify the same file. Call the
    object (``synced_list()``) for a plain ``list`` copy.
    """

    def __init__(self, filename=None, write_concern=False, data=None, parent=None, *args, **kwargs):
        super().__init__(filename, write_concern, *args, data=data, parent=parent, **kwargs)


class JSONAttrDict(JSONDict, AttrDict):
    """A dict-like data structure that synchronizes with a persistent JSON file.

    Unlike :class:`JSONDict`, this class also supports attribute-based access
    to dictionary contents, e.g. ``doc.foo == doc['foo']``. Keys may not
    contain dots; keys of type int, bool and None are converted to strings
    with a deprecation warning (signac 1.x behaviour, removed in 2.0).

    Examples
    --------
    >>> doc = JSONAttrDict('data.json', write_concern=True)
    >>> doc['foo'] = "bar"
    >>> assert doc.foo == doc['foo'] == "bar"
    >>> doc['foo'] = dict(bar=True)
    >>> doc.foo.bar = False
    >>> doc
    {'foo': {'bar': False}}

    Parameters are those of :class:`JSONDict`.
    """

    _backend = __name__ + ".attr"
    _all_validators = (json_attr_dict_validator,)


class JSONAttrList(JSONList):
    """A :class:`JSONList` whose dict-like children will be of type :class:`JSONAttrDict`."""

    _backend = __name__ + ".attr"
    _all_validators = (json_attr_dict_validator,)


class BufferedJSONCollection(SerializedFileBufferedCollection, JSONCollection):
    """A :class:`JSONCollection` that supports I/O buffering.

    The buffering behavior is that of :class:`~.SerializedFileBufferedCollection`.
    """

    _backend = __name__ + ".buffered"


class BufferedJSONDict(BufferedJSONCollection, SyncedDict):
    """A buffered :class:`JSONDict`."""

    def __init__(self, filename=None, write_concern=False, data=None, parent=None, *args, **kwargs):
        super().__init__(
            *args,
            filename=filename,
            write_concern=write_concern,
            data=data,
            parent=parent,
            **kwargs,
        )


class BufferedJSONList(BufferedJSONCollection, SyncedList):
    """A buffered :class:`JSONList`."""

    def __init__(self, filename=None, write_concern=False, data=None, parent=None, *args, **kwargs):
        super().__init__(
            *args,
            filename=filename,
            write_concern=write_concern,
            data=data,
            parent=parent,
            **kwargs,
        )


class BufferedJSONAttrDict(BufferedJSONDict, AttrDict):
    """A buffered :class:`JSONAttrDict`."""

    _backend = __name__ + ".buffered_attr"
    _all_validators = (json_attr_dict_validator,)


class BufferedJSONAttrList(BufferedJSONList):
    """A :class:`BufferedJSONList` whose dict-like children will be of type :class:`BufferedJSONAttrDict`."""

    _backend = __name__ + ".buffered_attr"
    _all_validators = (json_attr_dict_validator,)


class MemoryBufferedJSONCollection(SharedMemoryFileBufferedCollection, JSONCollection):
    """A :class:`JSONCollection` that supports I/O buffering.

    The buffering behavior is that of :class:`~.SharedMemoryFileBufferedCollection`.
    """

    _backend = __name__ + ".memory_buffered"


class MemoryBufferedJSONDict(MemoryBufferedJSONCollection, SyncedDict):
    """A buffered :class:`JSONDict`."""

    def __init__(self, filename=None, write_concern=False, data=None, parent=None, *args, **kwargs):
        super().__init__(
            *args,
            filename=filename,
            write_concern=write_concern,
            data=data,
            parent=parent,
            **kwargs,
        )


class MemoryBufferedJSONList(MemoryBufferedJSONCollection, SyncedList):
    """A buffered :class:`JSONList`."""

    def __init__(self, filename=None, write_concern=False, data=None, parent=None, *args, **kwargs):
        super().__init__(
            *args,
            filename=filename,
            write_concern=write_concern,
            data=data,
            parent=parent,
            **kwargs,
        )


class MemoryBufferedJSONAttrDict(MemoryBufferedJSONDict, AttrDict):
    """A buffered :class:`JSONAttrDict`."""

    _backend = __name__ + ".memory_buffered_attr"
    _all_validators = (json_attr_dict_validator,)


class MemoryBufferedJSONAttrList(MemoryBufferedJSONList):
    """A :class:`MemoryBufferedJSONList` whose dict-like children will be of type :class:`MemoryBufferedJSONAttrDict`."""

    _backend = __name__ + ".memory_buffered_attr"
    _all_validators = (json_attr_dict_validator,)


__all__ = [
    "ON_WINDOWS",
    "BufferedJSONAttrDict",
    "BufferedJSONAttrList",
    "BufferedJSONCollection",
    "BufferedJSONDict",
    "BufferedJSONList",
    "JSONAttrDict",
    "JSONAttrList",
    "JSONCollection",
    "JSONDict",
    "JSONList",
    "MemoryBufferedJSONAttrDict",
    "MemoryBufferedJSONAttrList",
    "MemoryBufferedJSONCollection",
    "MemoryBufferedJSONDict",
    "MemoryBufferedJSONList",
    "json_attr_dict_validator",
]
