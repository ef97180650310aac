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
    """Return what a JSON round trip makes of *doc*: a deep copy made of JSON types.

    A document holds exactly what :func:`json.dumps` accepts (any mapping
    counts as a dict), normalised as the round trip does: tuples become lists,
    ``int``, ``float``, ``bool`` and ``None`` mapping keys become strings
    (``1`` -> ``'1'``), ``numpy.float64`` becomes ``float``. The copy is made
    directly (a round trip through a string is several times slower);
    ``tests/test_collection.py`` checks it against :func:`json_round_trip`.

    Raises
    ------
    TypeError
        A value is not JSON-encodable (a set, ``array.array``, a NumPy array,
        ``numpy.int64``, ...) or a mapping key is of another type.
    InvalidKeyError
        A mapping key contains a dot (dots separate nested keys in filters).
    """
    t = type(doc)
    if t is str or t is int or t is float or t is bool or doc is None:
        return doc
    if t is dict or isinstance(doc, Mapping):
        out = {}
        for k, v in doc.items():
            if type(k) is not str:
                k = _json_key(k)
            if "." in k:
                raise InvalidKeyError(f"Mapping keys may not contain dots ('.'): {k!r}.")
            tv = type(v)
            out[k] = (
                v
                if tv is str or tv is int or tv is float or tv is bool or v is None
                else json_copy(v)
            )
        return out
    if t is list or t is tuple or isinstance(doc, (list, tuple)):
        return [json_copy(v) for v in doc]
    if isinstance(doc, str):
        return str.__str__(doc)
    if isinstance(doc, int) and not isinstance(doc, bool):
        return int(doc)
    if isinstance(doc, float):
        return float(doc)
    raise TypeError(f"Object of type {t.__name__} is not JSON serializable")


def _json_key(key: Any) -> str:
    """Return the string ``json.dumps`` makes of a non-str mapping key."""
    if isinstance(key, str):
        return str.__str__(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _dumps(float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


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
