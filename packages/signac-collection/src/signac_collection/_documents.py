"""Validation and copying of documents (JSON-shaped mappings)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .errors import InvalidKeyError

_dumps = json.JSONEncoder(default=lambda obj: _mapping(obj)).encode
_loads = json.loads


def _mapping(obj: Any) -> dict:
    if isinstance(obj, Mapping):  # e.g. a synced dict or a mapping proxy
        return dict(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def json_round_trip(value: Any) -> Any:
    """Return ``json.loads(json.dumps(value))``, any mapping counting as a dict."""
    return _loads(_dumps(value))


def json_copy(doc: Any) -> Any:
    """Return the JSON round trip of *doc*: a deep copy made of JSON types.

    A document holds exactly what :func:`json.dumps` accepts (any mapping
    counts as a dict), normalised as the round trip does: tuples become lists,
    ``int``, ``float``, ``bool`` and ``None`` mapping keys become strings
    (``1`` -> ``'1'``), ``numpy.float64`` becomes ``float``.

    Raises
    ------
    TypeError
        A value is not JSON-encodable (a set, ``array.array``, a NumPy array,
        ``numpy.int64``, ...) or a mapping key is of another type.
    InvalidKeyError
        A mapping key contains a dot (dots separate nested keys in filters).
    """
    copy = json_round_trip(doc)
    _check_keys(copy)
    return copy


def _check_keys(value: Any) -> None:
    if type(value) is dict:
        for k, v in value.items():
            if "." in k:
                raise InvalidKeyError(f"Mapping keys may not contain dots ('.'): {k!r}.")
            if type(v) is dict or type(v) is list:
                _check_keys(v)
    elif type(value) is list:
        for v in value:
            if type(v) is dict or type(v) is list:
                _check_keys(v)


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
