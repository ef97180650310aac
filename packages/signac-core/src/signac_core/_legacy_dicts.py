"""signac 1.x's old synced dicts: ``_SyncedDict``, ``SyncedAttrDict`` and the legacy ``JSONDict``.

Compatibility surface of the deprecated modules ``signac.core.synceddict``,
``signac.core.attrdict`` and ``signac.core.jsondict`` (see
``docs/compat-1x.md``); new code uses :mod:`synced_collections`. They behave
as in signac 1.7, down to how often they sync, which client test suites
count:

- A dict syncs through its root parent's public ``load()`` / ``save()``: a
  nested dict's parent is the dict holding it; the root is a dict without
  parent (whose hooks ``_load`` / ``_save`` do the I/O) or any object with
  ``load()`` and ``save()`` given as ``parent``.
- Every read (item, ``get``, ``len``, ``in``, iteration, ``keys``,
  ``values``, ``items``, calling, ``str``, ``repr``, ``==``) costs one load;
  every write (item, ``pop``, ``popitem``, ``setdefault``, ``del``,
  ``update``) one load and one save; ``clear()`` one save.
- Nested mappings are stored as child dicts of the same type (the same object
  on every access), lists as :class:`_SyncedList` (item get one load; set, del,
  ``append``, ``insert``, ``pop``, ... one load and one save; ``len`` free).
- ``copy.copy`` shares data and parent; ``copy.deepcopy`` is a detached copy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from copy import deepcopy
from typing import Any

from synced_collections._warn import warn_at_caller as _warn_at_caller

from ._statepoint import _convert_key as _convert_statepoint_key
from ._workspace import write_atomic

_OWN_ATTRIBUTES = frozenset({"_data", "_parent", "_suspend_sync_"})


def _convert_key(key: Any) -> str:
    """Convert a key as state points do (int, bool and None keys become str with a warning)."""
    return _convert_statepoint_key(key, None)


def _is_numpy(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "tolist")


class _SyncedList(list):  # type: ignore[type-arg]
    """A list inside a :class:`_SyncedDict` that syncs through the dict holding it."""

    def __init__(self, iterable: Any, parent: _SyncedDict):
        self._parent = parent
        super().__init__(parent._dfs_convert(value) for value in iterable)

    def _fill(self, iterable: Any) -> None:
        list.__setitem__(self, slice(None), [self._parent._dfs_convert(v) for v in iterable])

    @contextmanager
    def _write(self) -> Iterator[None]:
        self._parent._synced_load()
        yield
        self._parent._synced_save()

    def __getitem__(self, index: Any) -> Any:
        self._parent._synced_load()
        return super().__getitem__(index)

    def __setitem__(self, index: Any, value: Any) -> None:
        with self._write():
            if isinstance(index, slice):
                value = [self._parent._dfs_convert(item) for item in value]
            else:
                value = self._parent._dfs_convert(value)
            super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        with self._write():
            super().__delitem__(index)

    def __iadd__(self, values: Any) -> _SyncedList:  # type: ignore[misc]
        self.extend(values)
        return self

    def append(self, value: Any) -> None:
        with self._write():
            super().append(self._parent._dfs_convert(value))

    def extend(self, values: Any) -> None:
        with self._write():
            super().extend(self._parent._dfs_convert(value) for value in values)

    def insert(self, index: Any, value: Any) -> None:
        with self._write():
            super().insert(index, self._parent._dfs_convert(value))

    def pop(self, index: Any = -1) -> Any:
        with self._write():
            return super().pop(index)

    def remove(self, value: Any) -> None:
        with self._write():
            super().remove(value)

    def clear(self) -> None:
        with self._write():
            super().clear()

    def reverse(self) -> None:
        with self._write():
            super().reverse()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        with self._write():
            super().sort(*args, **kwargs)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [deepcopy(value, memo) for value in list.__iter__(self)]

    def __reduce__(self) -> Any:
        return (list, (list(list.__iter__(self)),))


class _SyncedDict(MutableMapping):  # type: ignore[type-arg]
    """A mapping synced through a root's ``load()`` / ``save()`` (signac 1.x).

    .. deprecated:: 1.7
       This will be removed in 2.0. Use :mod:`synced_collections`.

    Parameters
    ----------
    initialdata : Mapping, optional
        The initial data (Default value = None).
    parent : object, optional
        The object this dict syncs through: anything with ``load()`` and
        ``save()`` methods (Default value = None: the dict is its own root).

    Raises
    ------
    InvalidKeyError
        For a key with a dot.
    KeyTypeError
        For a key that is not str, int, bool or None (those become str).
    """

    _data: dict[str, Any]
    _parent: Any
    _suspend_sync_: int

    def __init__(self, initialdata: Mapping[Any, Any] | None = None, parent: Any = None):
        if not isinstance(parent, _SyncedDict):  # not a child made by a parent dict
            _warn_at_caller(
                f"{type(self).__name__} is deprecated since signac 1.7 and will be removed in "
                "2.0; use the collections of signac.synced_collections instead.",
                DeprecationWarning,
            )
        self._setup(initialdata, parent)

    def _setup(self, initialdata: Mapping[Any, Any] | None, parent: Any) -> None:
        object.__setattr__(self, "_suspend_sync_", 1)
        object.__setattr__(self, "_parent", parent)
        object.__setattr__(self, "_data", {})
        if initialdata is not None:
            for key, value in initialdata.items():
                self._data[_convert_key(key)] = self._dfs_convert(value)
        object.__setattr__(self, "_suspend_sync_", 0)

    # -- syncing -------------------------------------------------------------------
    def load(self) -> None:
        """Load the data of the root (through the parent, if there is one)."""
        if self._parent is None:
            self._load()
        else:
            self._parent.load()

    def save(self) -> None:
        """Save the data of the root (through the parent, if there is one)."""
        if self._parent is None:
            self._save()
        else:
            self._parent.save()

    def _load(self) -> None:
        """Read the root's resource (none here: an in-memory dict); subclasses call ``_update``."""

    def _save(self) -> None:
        """Write the root's resource (none here: an in-memory dict)."""

    def _is_suspended(self) -> bool:
        node: Any = self
        while isinstance(node, _SyncedDict):
            if node._suspend_sync_:
                return True
            node = node._parent
        return False

    def _synced_load(self) -> None:
        if not self._is_suspended():
            self.load()

    def _synced_save(self) -> None:
        if not self._is_suspended():
            self.save()

    @contextmanager
    def _suspend_sync(self) -> Iterator[None]:
        """Do not sync inside this (re-entrant) context."""
        object.__setattr__(self, "_suspend_sync_", self._suspend_sync_ + 1)
        try:
            yield
        finally:
            object.__setattr__(self, "_suspend_sync_", self._suspend_sync_ - 1)

    # -- conversion ------------------------------------------------------------------
    def _child(self, mapping: Mapping[Any, Any]) -> _SyncedDict:
        return type(self)(mapping, parent=self)

    def _dfs_convert(self, value: Any) -> Any:
        if isinstance(value, _SyncedDict):
            return self._child(value._to_plain())
        if isinstance(value, Mapping):
            return self._child(value)
        if _is_numpy(value):
            value = value.tolist()
        if isinstance(value, (list, tuple)):
            return _SyncedList(value, self)
        return value

    def _update(self, mapping: Any) -> None:
        """Replace the data with ``mapping``, keeping nested dicts and lists as objects."""
        if not isinstance(mapping, Mapping):
            raise ValueError(f"The data must be a mapping, not {type(mapping).__name__}.")
        with self._suspend_sync():
            data = self._data
            for key, value in mapping.items():
                current = data.get(key)
                if isinstance(current, _SyncedDict) and isinstance(value, Mapping):
                    current._update(value)
                elif isinstance(current, _SyncedList) and isinstance(value, list):
                    current._fill(value)
                else:
                    data[key] = self._dfs_convert(value)
            for key in [key for key in data if key not in mapping]:
                del data[key]

    @staticmethod
    def _plain(value: Any) -> Any:
        if isinstance(value, _SyncedDict):
            return value._to_plain()
        if isinstance(value, _SyncedList):
            return [_SyncedDict._plain(item) for item in list.__iter__(value)]
        return value

    def _to_plain(self) -> dict[str, Any]:
        return {key: self._plain(value) for key, value in self._data.items()}

    # -- reads ---------------------------------------------------------------------------
    def __call__(self) -> dict[str, Any]:
        """Return the data as a plain dict (a copy)."""
        self._synced_load()
        return self._to_plain()

    def __getitem__(self, key: Any) -> Any:
        self._synced_load()
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value of ``key``, or ``default``."""
        self._synced_load()
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._synced_load()
        return key in self._data

    def __len__(self) -> int:
        self._synced_load()
        return len(self._data)

    def __iter__(self) -> Iterator[str]:
        self._synced_load()
        return iter(list(self._data))

    def keys(self) -> Any:
        """Return the keys."""
        self._synced_load()
        return self._data.keys()

    def values(self) -> Any:
        """Return the values, as plain data."""
        self._synced_load()
        return self._to_plain().values()

    def items(self) -> Any:
        """Return the items, with plain values."""
        self._synced_load()
        return self._to_plain().items()

    def __eq__(self, other: object) -> bool:
        self._synced_load()
        if isinstance(other, _SyncedDict):
            return self._to_plain() == other()
        return self._to_plain() == other

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return str(self())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self()!r})"

    # -- writes --------------------------------------------------------------------------
    def __setitem__(self, key: Any, value: Any) -> None:
        self._synced_load()
        with self._suspend_sync():
            self._data[_convert_key(key)] = self._dfs_convert(value)
        self._synced_save()

    def __delitem__(self, key: Any) -> None:
        self._synced_load()
        del self._data[key]
        self._synced_save()

    def pop(self, key: Any, *default: Any) -> Any:
        """Remove ``key`` and return its value (or ``default``)."""
        self._synced_load()
        value = self._data.pop(key, *default)
        self._synced_save()
        return value

    def popitem(self) -> tuple[str, Any]:
        """Remove and return an item."""
        self._synced_load()
        item = self._data.popitem()
        self._synced_save()
        return item

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """Return the value of ``key``, first setting it to ``default`` if missing."""
        self._synced_load()
        with self._suspend_sync():
            key = _convert_key(key)
            if key not in self._data:
                self._data[key] = self._dfs_convert(default)
            value = self._data[key]
        self._synced_save()
        return value

    def update(self, other: Any = (), /, **kwargs: Any) -> None:
        """Update from a mapping or an iterable of pairs, and keyword arguments."""
        self._synced_load()
        with self._suspend_sync():
            pairs = other.items() if isinstance(other, Mapping) else other
            for key, value in [*pairs, *kwargs.items()]:
                self._data[_convert_key(key)] = self._dfs_convert(value)
        self._synced_save()

    def clear(self) -> None:
        """Remove all items."""
        self._data.clear()
        self._synced_save()

    # -- copies ----------------------------------------------------------------------------
    #: The class of detached copies (``copy.deepcopy``).
    _DETACHED: type[_SyncedDict]

    def _detached_copy(self) -> _SyncedDict:
        copy = self._DETACHED.__new__(self._DETACHED)
        copy._setup(deepcopy(self._to_plain()), None)
        return copy

    def __deepcopy__(self, memo: dict[int, Any]) -> _SyncedDict:
        return self._detached_copy()


_SyncedDict._DETACHED = _SyncedDict


class SyncedAttrDict(_SyncedDict):
    """A :class:`_SyncedDict` whose keys are also attributes (``d.a.b = 1``).

    .. deprecated:: 1.7
       This will be removed in 2.0. Use :mod:`synced_collections`.

    Parameters
    ----------
    initialdata : Mapping, optional
        The initial data (Default value = None).
    parent : object, optional
        The object this dict syncs through (Default value = None).
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _OWN_ATTRIBUTES:
            raise AttributeError(name)
        try:
            return self.__getitem__(name)
        except KeyError as error:
            raise AttributeError(name) from error

    def __setattr__(self, name: str, value: Any) -> None:
        if "_data" not in self.__dict__ or name.startswith("__") or name in self.__dict__:
            object.__setattr__(self, name, value)
        else:
            self.__setitem__(name, value)

    def __delattr__(self, name: str) -> None:
        if name in self.__dict__:
            object.__delattr__(self, name)
        else:
            self.__delitem__(name)


SyncedAttrDict._DETACHED = SyncedAttrDict


class JSONDict(SyncedAttrDict):
    """signac 1.x's JSON-file dict (``signac.core.jsondict.JSONDict``): not ``signac.JSONDict``.

    Every read reloads the file; every write saves it. A value that JSON
    cannot encode raises ``TypeError`` and the file keeps its contents. Files
    are written to a temporary file and renamed into place whatever
    ``write_concern`` says.

    .. deprecated:: 1.7
       This will be removed in 2.0. Use ``signac.JSONDict``
       (:class:`~synced_collections.backends.collection_json.BufferedJSONAttrDict`).

    Parameters
    ----------
    filename : str, optional
        The JSON file (Default value = None).
    write_concern : bool
        Accepted as in signac 1.x; writes are always atomic
        (Default value = False).
    parent : _SyncedDict, optional
        The dict holding this one (Default value = None).

    Raises
    ------
    ValueError
        Unless exactly one of ``filename`` and ``parent`` is given.
    """

    _filename: str | None
    _write_concern: bool

    def __init__(
        self, filename: str | None = None, write_concern: bool = False, parent: Any = None
    ):
        if (filename is None) == (parent is None):
            raise ValueError("Provide exactly one of filename or parent (not both, not neither).")
        object.__setattr__(
            self, "_filename", None if filename is None else os.path.abspath(filename)
        )
        object.__setattr__(self, "_write_concern", write_concern)
        super().__init__(parent=parent)

    def _child(self, mapping: Mapping[Any, Any]) -> _SyncedDict:
        child = type(self)(parent=self)
        with child._suspend_sync():
            child.update(mapping)
        return child

    def _load(self) -> None:
        try:
            with open(self._filename, "rb") as file:  # type: ignore[arg-type]
                blob = file.read()
        except FileNotFoundError:
            blob = b""
        self._update(json.loads(blob) if blob.strip() else {})

    def _save(self) -> None:
        blob = json.dumps(self._to_plain())  # TypeError before anything is written
        write_atomic(self._filename, blob)  # type: ignore[arg-type]

    def reset(self, mapping: Mapping[Any, Any]) -> None:
        """Replace all data with ``mapping`` and save it.

        Parameters
        ----------
        mapping : Mapping
            The new data.

        Raises
        ------
        ValueError
            If ``mapping`` is not a mapping.
        """
        if not isinstance(mapping, Mapping):
            raise ValueError(f"The data must be a mapping, not {type(mapping).__name__}.")
        backup = self._data
        with self._suspend_sync():
            object.__setattr__(self, "_data", {})
            try:
                for key, value in mapping.items():
                    self._data[_convert_key(key)] = self._dfs_convert(value)
            except BaseException:
                object.__setattr__(self, "_data", backup)
                raise
        try:
            self.save()
        except BaseException:
            object.__setattr__(self, "_data", backup)
            raise

    @contextmanager
    def buffered(self) -> Iterator[SyncedAttrDict]:
        """Work on an in-memory copy, written to the file when the block ends.

        Changes inside the block are invisible to the file and to other
        instances; they are saved when the block ends without an exception.

        Yields
        ------
        SyncedAttrDict
            The buffered copy.
        """
        buffer = SyncedAttrDict.__new__(SyncedAttrDict)  # detached: no deprecation warning
        buffer._setup(self(), None)
        yield buffer
        self.reset(buffer._to_plain())


__all__ = ["JSONDict", "SyncedAttrDict", "_SyncedDict", "_SyncedList"]
