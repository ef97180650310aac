"""State point normalization: from user input to plain JSON data and a job id."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Mapping
from typing import Any

from .errors import InvalidKeyError, KeyTypeError
from .warnings import SignacDeprecationWarning

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None  # type: ignore[assignment]

_PLAIN_SCALARS = (str, int, float, bool, type(None))


def _numpy_warning_class() -> type[Warning]:
    try:
        from synced_collections.numpy_utils import NumpyConversionWarning
    except ImportError:  # pragma: no cover - older synced-collections
        return UserWarning
    return NumpyConversionWarning  # type: ignore[no-any-return]


def _warn_at_caller(message: str, category: type[Warning]) -> None:
    """Warn with the location of the first caller outside this package."""
    frame = sys._getframe(1)
    level = 2
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "signac_core."
    ):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _convert_key(key: Any) -> str:
    if type(key) is str:
        if "." in key:
            raise InvalidKeyError(
                f"Keys may not contain dots ('.'): {key!r}. Use nested mappings "
                "instead, e.g. {'a': {'b': 0}} rather than {'a.b': 0}."
            )
        return key
    if isinstance(key, str):
        return _convert_key(str(key))
    if key is None or isinstance(key, (bool, int)) and not _is_numpy(key):
        converted = "None" if key is None else str(key)
        _warn_at_caller(
            f"Use of {type(key).__name__} as key is deprecated and will be removed in "
            f"version 2.0; the key {key!r} was converted to the string {converted!r}.",
            SignacDeprecationWarning,
        )
        return converted
    raise KeyTypeError(f"Keys must be str, int, bool or None, not {type(key).__name__} ({key!r}).")


def _is_numpy(value: Any) -> bool:
    return _np is not None and isinstance(value, (_np.ndarray, _np.generic))


def _convert_numpy(value: Any) -> Any:
    if _np.issubdtype(value.dtype, _np.complexfloating):
        raise TypeError(f"NumPy complex data ({value.dtype}) cannot be stored in a state point.")
    if isinstance(value, _np.ndarray):
        _warn_at_caller(
            "NumPy arrays are stored as lists and will read back as lists.",
            _numpy_warning_class(),
        )
    return value.tolist()


def normalize(value: Any) -> Any:
    """Return a plain-JSON copy of a state point (or any value in one).

    Tuples become lists, numpy arrays lists, numpy scalars Python numbers;
    keys are validated (no dots; ``int``/``bool``/``None`` keys become strings
    with a deprecation warning; other key types raise :class:`KeyTypeError`).

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
        For keys of unsupported types.
    TypeError
        For values that cannot be encoded as JSON.
    """
    kind = type(value)
    if kind is dict or isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            out[_convert_key(key)] = normalize(item)
        return out
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is list or kind is tuple:
        return [normalize(item) for item in value]
    if _is_numpy(value):
        return normalize(_convert_numpy(value))
    to_base = getattr(value, "_to_base", None)  # synced collections
    if to_base is not None:
        return normalize(to_base())
    if isinstance(value, _PLAIN_SCALARS):  # subclasses of plain types
        for base in (bool, int, float, str):
            if isinstance(value, base):
                return base(value)
    if isinstance(value, (list, tuple)):
        return [normalize(item) for item in value]
    raise TypeError(f"Object of type {kind.__name__} is not JSON serializable: {value!r}")


def calc_id_plain(statepoint: dict[str, Any]) -> str:
    """Return the id of an already normalized state point (see :func:`calc_id`)."""
    from ._hashing import calc_id

    return calc_id(statepoint)


def dumps(statepoint: Any) -> str:
    """Encode a state point as signac 1.x writes ``signac_statepoint.json``."""
    return json.dumps(statepoint)


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


_IMMUTABLE = frozenset({str, int, float, bool, type(None)})
