"""Implements the :class:`SyncedList`.

A list-like data structure that conforms to the :class:`~.SyncedCollection`
API; combined with any backend it gives a list-like API to synchronized data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSequence, Sequence
from typing import Any

from ..numpy_utils import _convert_numpy, _is_atleast_1d_numpy_array
from .synced_collection import SyncedCollection

_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


class SyncedList(SyncedCollection, MutableSequence):
    """Implementation of list data structure.

    The ``SyncedList`` inherits from :class:`~.SyncedCollection` and
    :class:`~collections.abc.MutableSequence`, so it behaves like a ``list``.
    Only non-string sequences (and NumPy arrays of at least one dimension,
    converted to lists) are accepted as data.

    Parameters
    ----------
    data : Sequence, optional
        The initial data to populate the list. If None, defaults to ``[]``
        (Default value = None).
    _validate : bool, optional
        Whether to validate ``data`` (internal; Default value = True).
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    While the ``SyncedList`` object behaves like a ``list``, copying (even deep
    copying) it gives an object synced with the same backend resource. For a
    true copy call the object (``sl()``) to get a plain ``list``.
    """

    def __init__(self, data: Sequence[Any] | None = None, _validate: bool = True, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if data is None:
            self._data: list[Any] = []
        else:
            if not self.is_base_type(data):
                raise ValueError(
                    f"Unsupported type: {type(data).__name__}. The data must be a non-string sequence."
                )
            if _validate:
                data = self._prepare(data)
            self._fill(data)

    def _fill(self, data: Sequence[Any]) -> None:
        if _is_atleast_1d_numpy_array(data):
            data = _convert_numpy(data)
        from_base = self._from_base
        plain = _PLAIN_TYPES
        self._data = [
            value if type(value) in plain else from_base(value, parent=self) for value in data
        ]

    @classmethod
    def is_base_type(cls, data: Any) -> bool:
        """Check whether the data is a non-string Sequence.

        Parameters
        ----------
        data : Any
            Data to be checked.

        Returns
        -------
        bool
        """
        if type(data) is list:
            return True
        if isinstance(data, Sequence):
            return not isinstance(data, (str, bytes, bytearray))
        return _is_atleast_1d_numpy_array(data)

    # Ordering by the plain values (a list orders against a list, synced or not).
    def __lt__(self, other: Any) -> bool:
        return self() < (other() if isinstance(other, SyncedCollection) else other)  # type: ignore[no-any-return]

    def __le__(self, other: Any) -> bool:
        return self() <= (other() if isinstance(other, SyncedCollection) else other)  # type: ignore[no-any-return]

    def __gt__(self, other: Any) -> bool:
        return self() > (other() if isinstance(other, SyncedCollection) else other)  # type: ignore[no-any-return]

    def __ge__(self, other: Any) -> bool:
        return self() >= (other() if isinstance(other, SyncedCollection) else other)  # type: ignore[no-any-return]

    def _to_base(self) -> list[Any]:
        plain = _PLAIN_TYPES
        return [
            value
            if type(value) in plain or not isinstance(value, SyncedCollection)
            else value._to_base()
            for value in self._data
        ]

    def _update(self, data: Sequence[Any] | None = None) -> None:
        """Update the in-memory representation to match ``data``, in place.

        Parameters
        ----------
        data : non-string Sequence
            The new contents.

        Raises
        ------
        ValueError
            If ``data`` is not a non-string sequence.
        """
        if data is None:
            data = []
        if not self.is_base_type(data):
            raise ValueError(
                f"Unsupported type: {type(data).__name__}. The data must be a non-string sequence or None."
            )
        if _is_atleast_1d_numpy_array(data):
            data = _convert_numpy(data)
        # Only the in-memory data changes here: nothing is loaded or saved.
        current = self._data
        common = min(len(current), len(data))
        for index in range(common):
            old_value = current[index]
            new_value = data[index]
            if old_value is new_value:
                continue
            old_type = type(old_value)
            if old_type in _PLAIN_TYPES:
                if type(new_value) is old_type and old_value == new_value:
                    continue
            elif (
                isinstance(old_value, SyncedCollection)
                and old_value.is_base_type(new_value)
                and not isinstance(new_value, SyncedCollection)
            ):
                old_value._update(new_value)
                continue
            current[index] = self._from_base(new_value, parent=self)
        if len(current) > len(data):
            del current[len(data) :]
        else:
            current.extend(self._from_base(value, parent=self) for value in data[common:])

    # -- read access ---------------------------------------------------------
    def __getitem__(self, index: Any) -> Any:
        self._load()
        return self._data[index]

    def __iter__(self) -> Iterator[Any]:
        self._load()
        return iter(list(self._data))

    def __contains__(self, value: object) -> bool:
        self._load()
        return value in self._to_base()

    def __reversed__(self) -> Iterator[Any]:
        self._load()
        return reversed(list(self._data))

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """S.index(value, [start, [stop]]) -> integer -- return first index of value.

        Raises ValueError if the value is not present.
        """
        self._load()
        data = self._to_base()
        return data.index(value, start, len(data) if stop is None else stop)

    def count(self, value: Any) -> int:
        """S.count(value) -> integer -- return number of occurrences of value."""
        self._load()
        return self._to_base().count(value)

    # -- write access --------------------------------------------------------
    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            value = self._prepare(list(value))
        else:
            (value,) = self._prepare([value])
        with self._LoadSaveType(self):
            if isinstance(index, slice):
                self._data[index] = [self._from_base(item, parent=self) for item in value]
            else:
                self._data[index] = self._from_base(value, parent=self)

    def __delitem__(self, index: Any) -> None:
        with self._LoadSaveType(self):
            del self._data[index]

    def __iadd__(self, iterable: Iterable[Any]) -> SyncedList:
        self.extend(iterable)
        return self

    def append(self, item: Any) -> None:
        """S.append(value) -- append value to the end of the sequence."""
        (item,) = self._prepare([item])
        with self._LoadSaveType(self):
            self._data.append(self._from_base(item, parent=self))

    def extend(self, iterable: Iterable[Any]) -> None:
        """S.extend(iterable) -- extend sequence by appending elements from the iterable."""
        if isinstance(iterable, SyncedCollection):
            items = list(iterable())
        else:
            items = list(iterable)
        items = self._prepare(items)
        with self._LoadSaveType(self):
            self._data.extend(self._from_base(item, parent=self) for item in items)

    def insert(self, index: int, item: Any) -> None:
        """S.insert(index, value) -- insert value before index."""
        (item,) = self._prepare([item])
        with self._LoadSaveType(self):
            self._data.insert(index, self._from_base(item, parent=self))

    def pop(self, index: int = -1) -> Any:
        """S.pop([index]) -> item -- remove and return item at index (default last).

        Raise IndexError if list is empty or index is out of range.
        """
        with self._LoadSaveType(self):
            value = self._data.pop(index)
        return value._to_base() if isinstance(value, SyncedCollection) else value

    def remove(self, value: Any) -> None:
        """S.remove(value) -- remove first occurrence of value.

        Raise ValueError if the value is not present.
        """
        with self._LoadSaveType(self):
            del self._data[self._to_base().index(value)]

    def reverse(self) -> None:
        """S.reverse() -- reverse *IN PLACE*."""
        with self._LoadSaveType(self):
            self._data.reverse()

    def sort(self, *, key: Any = None, reverse: bool = False) -> None:
        """Sort the list in place (same arguments as :meth:`list.sort`)."""
        with self._LoadSaveType(self):
            pairs = list(zip(self._to_base(), self._data))
            pairs.sort(
                key=(lambda pair: pair[0]) if key is None else (lambda pair: key(pair[0])),
                reverse=reverse,
            )
            self._data[:] = [item for _, item in pairs]

    def clear(self) -> None:
        """S.clear() -> None -- remove all items from S."""
        with self._LoadSaveType(self):
            self._data.clear()

    def reset(self, data: Sequence[Any]) -> None:
        """Update the instance with new data.

        Parameters
        ----------
        data : non-string Sequence
            Data to update the instance.

        Raises
        ------
        ValueError
            If the data is not a non-string sequence.
        """
        if not self.is_base_type(data):
            raise ValueError(
                f"Unsupported type: {type(data).__name__}. The data must be a non-string sequence."
            )
        if isinstance(data, SyncedCollection):
            data = data()
        data = self._prepare(data)
        if _is_atleast_1d_numpy_array(data):
            data = _convert_numpy(data)
        with self._LoadSaveType(self):
            self._data[:] = [self._from_base(value, parent=self) for value in data]


__all__ = ["SyncedList"]
