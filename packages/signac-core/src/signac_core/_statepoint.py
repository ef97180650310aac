"""State point normalization: from user input to plain JSON data and a job id.

The key and NumPy rules are those of synced-collections (their one owner):
``int``, ``bool`` and ``None`` keys become strings with a
:class:`DeprecationWarning`, dotted keys raise
:class:`~synced_collections.errors.InvalidKeyError`, other key types
:class:`~synced_collections.errors.KeyTypeError`; NumPy data becomes plain
Python data with a ``NumpyConversionWarning``. NumPy is never imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

from synced_collections._warn import treat_as_internal
from synced_collections.data_types.synced_dict import _convert_key as _convert_legacy_key
from synced_collections.numpy_utils import _convert_numpy, _is_numpy_type
from synced_collections.validators import _legacy_key_without_dot

from ._hashing import calc_id
from .errors import KeyTypeError

# Key and NumPy warnings point at the user's line, past signac-core's frames.
treat_as_internal(os.path.dirname(__file__))

_PLAIN_SCALARS = (bool, int, float, str)
#: Keys that signac 1.7 hashes as JSON spells them ("true", "null"), not as str() does.
_JSON_SPELLED_KEYS = (bool, type(None))


def _convert_key(key: Any, legacy: list[Any] | None) -> str:
    if type(key) is str:
        _legacy_key_without_dot(key)
        return key
    _legacy_key_without_dot(key)  # KeyTypeError for unsupported key types
    if isinstance(key, str):
        return str(key)
    if legacy is not None and isinstance(key, _JSON_SPELLED_KEYS):
        legacy.append(key)
    return _convert_legacy_key(key)  # type: ignore[no-any-return]


def _normalize(value: Any, legacy: list[Any] | None) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict or isinstance(value, Mapping):
        return {_convert_key(key, legacy): _normalize(item, legacy) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_normalize(item, legacy) for item in value]
    if isinstance(value, str):  # e.g. numpy.str_: a str, converted silently
        return str(value)
    if _is_numpy_type(value):
        try:
            converted = _convert_numpy(value)
        except TypeError as error:
            raise KeyTypeError(str(error)) from error
        return _normalize(converted, legacy)
    to_base = getattr(value, "_to_base", None)  # synced collections
    if to_base is not None:
        return _normalize(to_base(), legacy)
    for base in _PLAIN_SCALARS:  # subclasses of plain types (bool before int)
        if isinstance(value, base):
            return base(value)
    if isinstance(value, (list, tuple)):
        return [_normalize(item, legacy) for item in value]
    raise KeyTypeError(
        f"Object of type {kind.__name__} cannot be stored in a state point: {value!r}"
    )


def normalize(value: Any) -> Any:
    """Return a plain-JSON copy of a state point (or any value in one).

    Tuples become lists, NumPy data plain Python data, ``int``/``bool``/
    ``None`` keys strings (with a deprecation warning).

    Parameters
    ----------
    value : object
        The state point or value.

    Returns
    -------
    object
        Plain JSON data.

    Raises
    ------
    InvalidKeyError
        For keys that contain dots.
    KeyTypeError
        For keys of unsupported types and values that cannot be stored as
        JSON (a ``TypeError``).
    """
    return _normalize(value, None)


def statepoint_and_id(statepoint: Any) -> tuple[dict[str, Any], str, bool]:
    """Return the plain state point, its job id as signac 1.7 computes it, and their agreement.

    signac 1.7 hashes the state point as given, so a ``bool`` or ``None`` key
    counts as ``"true"`` or ``"null"`` in the id while the state point holds
    ``"True"`` or ``"None"``; such a job cannot be initialized (its manifest
    would belong to another id): the third value is False then.

    Raises
    ------
    AttributeError
        When the state point is not a mapping (as in signac 1.7).
    """
    if not isinstance(statepoint, Mapping):
        raise AttributeError(f"'{type(statepoint).__name__}' object has no attribute 'items'")
    legacy: list[Any] = []
    plain = _normalize(statepoint, legacy)
    if not legacy:
        return plain, calc_id(plain), True
    try:
        blob = json.dumps(_with_json_keys(statepoint), sort_keys=True)
    except TypeError as error:  # keys of several types cannot be sorted (as in 1.7)
        raise KeyTypeError(str(error)) from error
    job_id = hashlib.md5(blob.encode()).hexdigest()
    return plain, job_id, job_id == calc_id(plain)


def _with_json_keys(value: Any) -> Any:
    """Return the state point as signac 1.7 hashed it: keys as JSON spells them."""
    if isinstance(value, Mapping) and not isinstance(value, str):
        return {
            key if isinstance(key, _JSON_SPELLED_KEYS) else _convert_key(key, None): (
                _with_json_keys(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_with_json_keys(item) for item in value]
    return value if isinstance(value, (str, int, float)) or value is None else normalize(value)


def copy_plain(value: Any) -> Any:
    """Deep-copy plain JSON data (much faster than :func:`copy.deepcopy`)."""
    kind = type(value)
    if kind is not dict and kind is not list:
        return value
    out = value.copy()
    if kind is dict:
        for key, item in out.items():
            kind = type(item)
            if kind is dict or kind is list:
                out[key] = copy_plain(item)
    else:
        for i, item in enumerate(out):
            kind = type(item)
            if kind is dict or kind is list:
                out[i] = copy_plain(item)
    return out
