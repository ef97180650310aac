"""Define common utilities: type resolution and JSON encoding."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .numpy_utils import _convert_numpy, _is_numpy_type


class AbstractTypeResolver:
    """Mapping between recognized types and their abstract parents.

    ``isinstance`` checks against the ABCs of :mod:`collections.abc` are slow.
    This class amortizes their cost: the first time an object of a concrete
    type is classified, the result is cached per type, so later checks are a
    dict lookup.

    Parameters
    ----------
    abstract_type_identifiers : Mapping
        A mapping from a string identifier for a group of types (e.g.
        ``"MAPPING"``) to a callable that returns True for objects of that
        group. The callables are tried in order.
    cache_blocklist : Sequence, optional
        Identifiers whose results must not be cached, because objects of the
        same concrete type may belong to different groups (Default value =
        None).

    Attributes
    ----------
    abstract_type_identifiers : Dict[str, Callable[Any, bool]]
        The identifiers and their callables.
    type_map : Dict[Type, str]
        The cache: concrete type to identifier.
    """

    def __init__(
        self,
        abstract_type_identifiers: Mapping[str, Callable[[Any], bool]],
        cache_blocklist: Sequence[str] | None = None,
    ):
        self.abstract_type_identifiers = dict(abstract_type_identifiers)
        self.type_map: dict[type, str | None] = {}
        self.cache_blocklist = tuple(cache_blocklist) if cache_blocklist else ()

    def get_type(self, obj: Any) -> str | None:
        """Get the type string corresponding to this data type.

        Parameters
        ----------
        obj : Any
            Any object whose type to check.

        Returns
        -------
        str
            The identifier of the group the object belongs to, or None if no
            callable recognizes it.
        """
        obj_type = type(obj)
        try:
            return self.type_map[obj_type]
        except KeyError:
            pass
        for data_type, identifier in self.abstract_type_identifiers.items():
            if identifier(obj):
                if data_type not in self.cache_blocklist:
                    self.type_map[obj_type] = data_type
                return data_type
        if not self.cache_blocklist:
            # With a blocklist, a later object of this type may match a
            # blocklisted identifier: only cache "unidentified" without one.
            self.type_map[obj_type] = None
        return None


def default(o: Any) -> Any:
    """Get a JSON-serializable version of compatible types.

    Synced collections serialize to their plain (``_to_base``) form, other
    objects with a ``_data`` attribute to that attribute; NumPy arrays become
    lists and NumPy scalars Python numbers. Suitable as the ``default``
    argument of :func:`json.dumps`.

    Parameters
    ----------
    o : Any
        The object to encode.

    Returns
    -------
    object
        A JSON-serializable object.

    Raises
    ------
    TypeError
        If the object cannot be serialized.

    Warnings
    --------
    - JSON encoding of NumPy arrays is not invertible: they read back as lists.
    - The in-memory data of a synced collection is used as is; it is not
      reloaded from its resource first.
    """
    if _is_numpy_type(o):
        return _convert_numpy(o)
    to_base = getattr(o, "_to_base", None)
    if to_base is not None and hasattr(o, "_data"):
        return to_base()
    try:  # as documented: any object with a ``_data`` attribute
        return o._data
    except AttributeError:
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable") from None


class SyncedCollectionJSONEncoder(json.JSONEncoder):
    """A :class:`json.JSONEncoder` that handles objects encodeable using :func:`default`.

    Warnings
    --------
    - JSON encoding of NumPy arrays is not invertible: they read back as lists.
    - The in-memory data of a synced collection is used as is; it is not
      reloaded from its resource first.
    """

    def default(self, o: Any) -> Any:
        """Return a serializable object for ``o`` or raise :class:`TypeError`."""
        try:
            return default(o)
        except TypeError:
            return super().default(o)


__all__ = ["AbstractTypeResolver", "SyncedCollectionJSONEncoder", "default"]
