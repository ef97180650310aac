"""Validation and copying of documents (JSON-shaped mappings)."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

from .errors import InvalidDocumentError


def _where(path: list[Any]) -> str:
    return "".join(f"[{p!r}]" for p in path) or "the document"


def json_copy(value: Any, path: list[Any] | None = None) -> Any:
    """Return a deep copy of *value* made of JSON types, validating it.

    Mappings become dicts, tuples and lists become lists, numpy scalars and
    arrays become Python numbers and lists.

    Raises
    ------
    TypeError
        A key is not a string or a value is not JSON-encodable.
    InvalidDocumentError
        A key contains a dot (dots separate nested keys in filters).
    """
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return value
    if path is None:
        path = []
    if t is dict or isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                if isinstance(k, str):
                    k = str(k)
                else:
                    raise TypeError(
                        f"Document keys must be strings: {k!r} at {_where(path)} is a "
                        f"{type(k).__name__}."
                    )
            if "." in k:
                raise InvalidDocumentError(
                    f"Document keys must not contain dots: {k!r} at {_where(path)}."
                )
            out[k] = json_copy(v, [*path, k])
        return out
    if t is list or t is tuple or isinstance(value, (list, tuple)):
        return [json_copy(v, [*path, i]) for i, v in enumerate(value)]
    if isinstance(value, bool):  # pragma: no cover
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        return str(value)
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays
    if tolist is not None and callable(tolist):
        return json_copy(tolist(), path)
    raise TypeError(
        f"Documents must be JSON-encodable: {value!r} (type {t.__name__}) at {_where(path)}."
    )


def fast_copy(value: Any) -> Any:
    """Return a deep copy of a JSON-shaped value (dicts and lists are copied)."""
    t = type(value)
    if t is dict:
        return {k: (v if type(v) in _SCALARS else fast_copy(v)) for k, v in value.items()}
    if t is list:
        return [v if type(v) in _SCALARS else fast_copy(v) for v in value]
    if isinstance(value, Mapping):
        return {k: fast_copy(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [fast_copy(v) for v in value]
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})
