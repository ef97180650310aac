"""Validators for the SyncedCollection API.

A validator is any callable that raises an exception when called with invalid
data. Validators act recursively on nested data, return nothing and have no
side effects: they only reject data. Collections run their validators before
any modification, so rejected data never reaches memory or the resource.

Custom validators can be added to a collection type through its
``_validators`` class attribute.

NaN and infinite floats are valid: they are written as the ``NaN``,
``Infinity`` and ``-Infinity`` literals accepted by Python's :mod:`json`.
Recursive (self-containing) structures raise :class:`ValueError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InvalidKeyError, KeyTypeError
from .numpy_utils import _check_numpy_dtype, _numpy
from .utils import AbstractTypeResolver


def _is_numpy(data: Any) -> bool:
    numpy = _numpy()
    return numpy is not None and isinstance(data, (numpy.ndarray, numpy.generic))


_resolver = AbstractTypeResolver(
    {
        "NUMPY": _is_numpy,
        "PRIMITIVE": lambda data: data is None or isinstance(data, (str, int, float)),
        "MAPPING": lambda data: isinstance(data, Mapping),
        "BYTES": lambda data: isinstance(data, (bytes, bytearray, memoryview)),
        "SEQUENCE": lambda data: isinstance(data, Sequence),
    },
)

_LEGACY_KEY_TYPES = (int, bool, type(None))
# Exact types that are always valid leaves (checked before the resolver: most values are).
_LEAF_TYPES = frozenset({str, int, float, bool, type(None)})


def _describe(key: Any) -> str:
    return f"{key!r} of type {type(key).__name__}"


def _walk(data: Any, check_key: Any, path: set[int]) -> None:
    """Validate ``data`` recursively, calling ``check_key`` on every mapping key."""
    data_type = type(data)
    if data_type in _LEAF_TYPES:
        return
    kind = "MAPPING" if data_type is dict else _resolver.get_type(data)
    if kind == "PRIMITIVE":
        return
    if kind == "MAPPING":
        marker = id(data)
        if marker in path:
            raise ValueError("Circular reference detected: a collection cannot contain itself.")
        path.add(marker)
        for key, value in data.items():
            check_key(key)
            if type(value) not in _LEAF_TYPES:
                _walk(value, check_key, path)
        path.discard(marker)
        return
    if kind == "SEQUENCE":
        marker = id(data)
        if marker in path:
            raise ValueError("Circular reference detected: a collection cannot contain itself.")
        path.add(marker)
        for value in data:
            if type(value) not in _LEAF_TYPES:
                _walk(value, check_key, path)
        path.discard(marker)
        return
    if kind == "NUMPY":
        _check_numpy_dtype(data)
        if data.dtype.kind == "O":
            _walk(data.tolist(), check_key, path)
        return
    raise TypeError(
        f"Object of type {type(data).__name__} is not JSON-serializable and cannot be "
        "stored in a synced collection."
    )


def _string_key(key: Any) -> None:
    if type(key) is not str and not isinstance(key, str):
        raise KeyTypeError(f"Mapping keys must be str, got {_describe(key)}.")


def _legacy_key_without_dot(key: Any) -> None:
    if isinstance(key, str):
        if "." in key:
            raise InvalidKeyError(f"Mapping keys may not contain dots ('.'): {key}.")
    elif not isinstance(key, _LEGACY_KEY_TYPES):
        raise KeyTypeError(
            f"Mapping keys must be str (or int, bool, None, converted to str), got {_describe(key)}."
        )


def _any_key(key: Any) -> None:
    return None


def json_format_validator(data: Any) -> None:
    """Validate input data can be serialized to JSON.

    Mapping keys must be strings; values must be None, str, int, float, bool,
    mappings, non-string sequences or NumPy data (which is converted).

    Parameters
    ----------
    data : Any
        Data to validate.

    Raises
    ------
    KeyTypeError
        If key data type is not supported.
    TypeError
        If the data type of ``data`` is not supported (including complex
        numbers and NumPy long doubles).
    ValueError
        If the data contains itself.
    """
    _walk(data, _string_key, set())


def no_dot_in_key(data: Any) -> None:
    """Raise an exception if there is a dot (``.``) in a mapping's key.

    Keys of type int, bool and None are accepted (signac 1.x converts them to
    strings); other non-string keys are rejected. Values are not otherwise
    checked.

    Parameters
    ----------
    data : Any
        Data to validate.

    Raises
    ------
    KeyTypeError
        If key data type is not supported.
    InvalidKeyError
        If the key contains invalid characters or is otherwise malformed.
    """
    _walk_keys(data, _legacy_key_without_dot, set())


def require_string_key(data: Any) -> None:
    """Raise an exception if key in a mapping is not a string.

    Almost all supported backends require string keys.

    Parameters
    ----------
    data : Any
        Data to validate.

    Raises
    ------
    KeyTypeError
        If key type is not a string.
    """
    _walk_keys(data, _string_key, set())


def _walk_keys(data: Any, check_key: Any, path: set[int]) -> None:
    kind = _resolver.get_type(data)
    if kind in ("MAPPING", "SEQUENCE"):
        marker = id(data)
        if marker in path:
            raise ValueError("Circular reference detected: a collection cannot contain itself.")
        path.add(marker)
        if kind == "MAPPING":
            for key, value in data.items():
                check_key(key)
                _walk_keys(value, check_key, path)
        else:
            for value in data:
                _walk_keys(value, check_key, path)
        path.discard(marker)


def json_attr_dict_validator(data: Any) -> None:
    """Validate data for a ``JSONAttrDict``.

    This validator combines into one pass, for efficiency:

    - JSON format validation (:func:`json_format_validator`);
    - ensuring no dots are present in string keys (:func:`no_dot_in_key`);
    - accepting keys of type int, bool and None, which the dict converts to
      strings with a :class:`DeprecationWarning`. This backwards compatibility
      layer will be removed in signac 2.0.

    Parameters
    ----------
    data : Any
        Data to validate.

    Raises
    ------
    KeyTypeError
        If key data type is not supported.
    InvalidKeyError
        If a string key contains a dot.
    TypeError
        If the data type of ``data`` is not supported.
    """
    _walk(data, _legacy_key_without_dot, set())


__all__ = [
    "json_attr_dict_validator",
    "json_format_validator",
    "no_dot_in_key",
    "require_string_key",
]
