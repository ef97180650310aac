"""Optional NumPy support: convert NumPy data to plain Python types.

NumPy is never imported by this module; it is only looked up in
``sys.modules``. If a program has not imported NumPy, no object can be a NumPy
object, so the checks are skipped at no cost.

Conversions
-----------
- ``numpy.ndarray`` (any shape, including 0-d) becomes a list (or a Python
  number for 0-d arrays) and emits :class:`NumpyConversionWarning`, because
  the array type is lost.
- NumPy scalars (``numpy.int64(1)``, ``numpy.float32(0.5)``,
  ``numpy.bool_(True)``) become the equal Python ``int``, ``float`` or ``bool``
  silently.
- Complex numbers and ``numpy.longdouble`` cannot be stored as JSON numbers
  without loss; they raise :class:`TypeError`.
"""

from __future__ import annotations

import sys
from typing import Any

from ._warn import warn_at_caller


class NumpyConversionWarning(UserWarning):
    """Warn about the conversion of NumPy data to a plain Python type.

    Raised when a NumPy array is stored in a synced collection: the data is
    stored as a (nested) list and reads back as a list.
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
    numpy = _numpy()
    _check_numpy_dtype(data)
    if isinstance(data, numpy.ndarray):
        warn_at_caller(
            "NumPy arrays are stored as lists and will read back as lists.",
            NumpyConversionWarning,
        )
    return data.tolist()


__all__ = ["NumpyConversionWarning"]
