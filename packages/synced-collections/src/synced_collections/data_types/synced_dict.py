"""Implements the :class:`SyncedDict`.

A dict-like data structure that conforms to the :class:`~.SyncedCollection`
API; combined with any backend it gives a dict-like API to synchronized data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from .synced_collection import SyncedCollection, _convert_key

_MISSING = object()
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _convert_keys(data: Mapping[Any, Any]) -> Mapping[Any, Any]:
    for key in data:
        if type(key) is not str:
            return {_convert_key(k): v for k, v in data.items()}
    return data


class SyncedDict(SyncedCollection, MutableMapping):
    """Implement the dict data structure.

    The ``SyncedDict`` inherits from :class:`~.SyncedCollection` and
    :class:`~collections.abc.MutableMapping`, so it behaves like a dict. Every
    read loads the data from the backend, every write saves it.

    For signac 1.x compatibility, keys of type int, bool and None are
    converted to strings with a :class:`DeprecationWarning` wherever the
    collection's validators allow them (to be removed in signac 2.0).

    Parameters
    ----------
    data : Mapping, optional
        The initial data to populate the dict. If None, defaults to ``{}``
        (Default value = None).
    _validate : bool, optional
        Whether to validate ``data`` (internal; Default value = True).
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    While the ``SyncedDict`` object behaves like a ``dict``, copying (even deep
    copying) it gives an object synced with the same backend resource. For a
    true copy call the object (``d()``) to get a plain ``dict``.
    """

    def __init__(
        self, data: Mapping[Any, Any] | None = None, _validate: bool = True, *args, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if data is None:
            self._data: dict[Any, Any] = {}
        else:
            if _validate:
                data = self._prepare(data)
            self._fill(data)

    def _fill(self, data: Mapping[Any, Any]) -> None:
        data = _convert_keys(data)
        from_base = self._from_base
        plain = _PLAIN_TYPES
        self._data = {
            key: value if type(value) in plain else from_base(value, parent=self)
            for key, value in data.items()
        }

    @classmethod
    def is_base_type(cls, data: Any) -> bool:
        """Check whether the data is an instance of mapping.

        Parameters
        ----------
        data : Any
            Data to be checked.

        Returns
        -------
        bool
        """
        return type(data) is dict or isinstance(data, Mapping)

    def _to_base(self) -> dict[Any, Any]:
        # Stored values are plain leaves or synced collections: test the cheap case first
        # (an isinstance check against the ABC costs as much as the rest of the loop).
        plain = _PLAIN_TYPES
        return {
            key: value
            if type(value) in plain or not isinstance(value, SyncedCollection)
            else value._to_base()
            for key, value in self._data.items()
        }

    def _update(self, data: Mapping[Any, Any] | None = None) -> None:
        """Update the in-memory representation to match ``data``, in place.

        Nested collections of the same type are updated rather than replaced.

        Parameters
        ----------
        data : Mapping
            The new contents.

        Raises
        ------
        ValueError
            If ``data`` is not a mapping.
        """
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ValueError(
                f"Unsupported type: {type(data).__name__}. The data must be a mapping or None."
            )
        # Only the in-memory data changes here: nothing is loaded or saved.
        current = self._data
        if not current and type(data) is dict:  # e.g. the first load: nothing to compare
            from_base = self._from_base
            current.update(
                {
                    key: value if type(value) in _PLAIN_TYPES else from_base(value, parent=self)
                    for key, value in data.items()
                }
            )
            return
        for key, new_value in data.items():
            old_value = current.get(key, _MISSING)
            if old_value is new_value:
                continue
            old_type = type(old_value)
            if old_type in _PLAIN_TYPES:
                if type(new_value) is old_type and old_value == new_value:
                    continue
            elif isinstance(old_value, SyncedCollection) and old_value.is_base_type(new_value):
                if not isinstance(new_value, SyncedCollection):
                    old_value._update(new_value)
                    continue
            current[key] = self._from_base(new_value, parent=self)
        if len(current) != len(data):
            for key in [key for key in current if key not in data]:
                del current[key]

    # -- read access ---------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        self._load()
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        """D.get(k[,d]) -> D[k] if k in D, else d.  d defaults to None."""
        self._load()
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[Any]:
        self._load()
        return iter(list(self._data))

    def keys(self):
        """D.keys() -> a set-like object providing a view on D's keys."""
        self._load()
        return self._data.keys()

    def values(self):
        """D.values() -> a view on the values of a plain copy of D.

        As in signac 1.7, nested values are plain ``dict`` and ``list`` objects
        detached from the collection: modifying them does not modify it.
        """
        self._load()
        return self._to_base().values()

    def items(self):
        """D.items() -> a view on the items of a plain copy of D.

        As in signac 1.7, nested values are plain ``dict`` and ``list`` objects
        detached from the collection: modifying them does not modify it.
        """
        self._load()
        return self._to_base().items()

    # -- write access --------------------------------------------------------
    def __setitem__(self, key: Any, value: Any) -> None:
        if type(key) is not str or type(value) not in _PLAIN_TYPES:
            ((key, value),) = self._prepare({key: value}).items()
        else:
            self._validate({key: value})
        if type(key) is not str:
            key = _convert_key(key)
        with self._LoadSaveType(self):
            self._data[key] = (
                value if type(value) in _PLAIN_TYPES else self._from_base(value, parent=self)
            )

    def __delitem__(self, key: Any) -> None:
        with self._LoadSaveType(self):
            del self._data[key]

    def update(self, other: Any = None, **kwargs: Any) -> None:  # type: ignore[override]
        """D.update([E, ]**F) -> None.  Update D from mapping/iterable E and F.

        If E has a ``.keys()`` method: for k in E: D[k] = E[k]; otherwise: for
        (k, v) in E: D[k] = v. Then: for k, v in F.items(): D[k] = v. All new
        data is validated before anything is changed, and the backend is written
        once.
        """
        if other is None:
            new_data: dict[Any, Any] = {}
        elif isinstance(other, SyncedCollection):
            new_data = dict(other())
        elif hasattr(other, "keys"):
            new_data = {key: other[key] for key in other.keys()}
        else:
            new_data = {}
            for item in other:
                key, value = item
                new_data[key] = value
        new_data.update(kwargs)
        new_data = dict(_convert_keys(self._prepare(new_data)))
        with self._LoadSaveType(self):
            for key, value in new_data.items():
                self._data[key] = self._from_base(value, parent=self)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """D.setdefault(k[,d]) -> D.get(k,d), also set D[k]=d if k not in D."""
        self._load()
        if key in self._data:  # nothing to write
            return self._data[key]
        ((key, default),) = self._prepare({key: default}).items()
        if type(key) is not str:
            key = _convert_key(key)
        with self._LoadSaveType(self):
            if key not in self._data:
                self._data[key] = self._from_base(default, parent=self)
            return self._data[key]

    def pop(self, key: Any, default: Any = _MISSING) -> Any:
        """D.pop(k[,d]) -> v, remove specified key and return the corresponding value.

        If key is not found, d is returned if given, otherwise KeyError is raised.
        """
        self._load()
        if key not in self._data:  # nothing to write
            if default is _MISSING:
                raise KeyError(key)
            return default
        with self._LoadSaveType(self):
            if key not in self._data:
                if default is _MISSING:
                    raise KeyError(key)
                return default
            return self._data.pop(key)  # a nested collection is returned as is (signac 1.7)

    def popitem(self) -> tuple[Any, Any]:
        """D.popitem() -> (k, v), remove and return some (key, value) pair as a 2-tuple.

        Raises KeyError if D is empty.
        """
        with self._LoadSaveType(self):
            return self._data.popitem()  # a nested collection is returned as is (signac 1.7)

    def clear(self) -> None:
        """D.clear() -> None.  Remove all items from D."""
        with self._LoadSaveType(self):
            self._data.clear()

    def reset(self, data: Mapping[Any, Any]) -> None:
        """Update the instance with new data.

        Parameters
        ----------
        data : mapping
            Data to update the instance.

        Raises
        ------
        ValueError
            If the data is not a mapping.
        """
        if not self.is_base_type(data):
            raise ValueError(
                f"Unsupported type: {type(data).__name__}. The data must be a mapping."
            )
        if isinstance(data, SyncedCollection):
            data = data()
        data = _convert_keys(self._prepare(data))
        with self._LoadSaveType(self):
            new = {key: self._from_base(value, parent=self) for key, value in data.items()}
            self._data.clear()
            self._data.update(new)


__all__ = ["SyncedDict"]
