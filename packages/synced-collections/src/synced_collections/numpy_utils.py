"""Optional NumPy support: convert NumPy data to plain Python types.

NumPy is never imported by this module; it is only looked up in
``sys.modules``. If a program has not imported NumPy, no object can be a NumPy
object, so the checks are skipped at no cost.

Conversions
-----------
As in signac 1.7, every conversion emits :class:`NumpyConversionWarning`,
whatever the path (item assignment, ``update``, ``append``, nested values,
initial data, the JSON encoder), because the NumPy type is lost:

- ``numpy.ndarray`` (any shape) becomes a (nested) list, or a Python number
  for 0-d arrays;
- NumPy scalars (``numpy.int64(1)``, ``numpy.float32(0.5)``,
  ``numpy.bool_(True)``) become their ``.item()``: the equal Python ``int``,
  ``float`` or ``bool``.

Complex numbers and ``numpy.longdouble`` cannot be stored as JSON numbers
without loss; they raise :class:`TypeError` (without a warning).
"""

from __future__ import annotations

import sys
from typing import Any

from ._warn import warn_at_caller


class NumpyConversionWarning(UserWarning):
    """Warn about the conversion of NumPy data to a plain Python type.

    Emitted whenever a NumPy array or scalar is stored in a synced collection
    (or encoded by :func:`~synced_collections.utils.default`): arrays are
    stored as (nested) lists and scalars as Python numbers, and read back so.
    """


def _numpy() -> Any:
    return sys.modules.get("numpy")


def _is_numpy_type(data: Any) -> bool:
    """Check whether ``data`` is a NumPy array or a NumPy scalar."""
    numpy = _numpy()
    if numpy is None:
        return False
    return isinstance(data, (numpy.ndarray, numpy.generic))


def _is_atleast_1d_numpy_array(data: Any) -> bool:
    numpy = _numpy()
    return numpy is not None and isinstance(data, numpy.ndarray) and data.ndim > 0


def _is_complex(data: Any) -> bool:
    numpy = _numpy()
    if numpy is None:
        return isinstance(data, complex)
    return isinstance(data, (complex, numpy.complexfloating))


def _check_numpy_dtype(data: Any) -> None:
    """Raise TypeError for NumPy data that has no lossless JSON representation."""
    numpy = _numpy()
    dtype = data.dtype
    if numpy.issubdtype(dtype, numpy.complexfloating):
        raise TypeError(
            f"NumPy complex data ({dtype}) cannot be stored in a synced collection; "
            "store the real and imaginary parts separately."
        )
    if dtype == numpy.dtype(numpy.longdouble) and numpy.dtype(numpy.longdouble).itemsize > 8:
        raise TypeError(
            f"NumPy long double data ({dtype}) cannot be stored in a synced collection "
            "without losing precision; convert it to float64 first."
        )
    if dtype.kind not in "biufUO":
        raise TypeError(f"NumPy data of dtype {dtype} cannot be stored in a synced collection.")


def _convert_numpy(data: Any) -> Any:
    """Convert a NumPy array or scalar to the equivalent plain Python object.

    Parameters
    ----------
    data : numpy.ndarray or numpy.generic
        The NumPy object.

    Returns
    -------
    object
        A (nested) list for arrays of one or more dimensions, a Python scalar
        otherwise.

    Raises
    ------
    TypeError
        For complex and long double data.
    """
    _check_numpy_dtype(data)
    warn_at_caller(
        f"Converted NumPy data of type {type(data).__name__} ({data.dtype}) to "
        f"{'a list' if getattr(data, 'ndim', 0) else 'a Python scalar'}: it reads back as such.",
        NumpyConversionWarning,
    )
    return data.tolist()


__all__ = ["NumpyConversionWarning"]
