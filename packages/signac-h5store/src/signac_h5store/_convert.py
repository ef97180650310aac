"""Conversion between Python values and HDF5 objects.

Writing happens in two steps. :func:`prepare` converts a value into a tree of
nodes and raises for anything that cannot be stored, *before* the file is
touched; :func:`write` then creates the HDF5 objects. Pandas objects are
written afterwards by :func:`write_pandas` through PyTables, with the h5py
handle closed (h5py and PyTables ship separate HDF5 libraries, which must not
have the same file open at once).

On-disk layout (as signac 1.x with h5py 3 writes it):

=====================  ===================================================
value                  HDF5 object
=====================  ===================================================
mapping                group, one member per key
None                   empty dataset (``h5py.Empty('f')``)
bool                   0-d dataset, h5py's boolean enum
int, float, complex    0-d dataset, int64 (uint64 above 2**63-1), float64,
                       complex128
str                    0-d dataset, variable-length UTF-8 string
bytes                  0-d dataset, variable-length ASCII string; opaque
                       (``V<n>``) if the bytes contain a NUL
numpy scalar           0-d dataset of its dtype; for the dtypes above the
                       attribute ``signac_h5store_numpy_scalar`` marks it,
                       so it reads back as a numpy scalar, not a Python one
numpy array,           dataset with the array's dtype and shape
``array.array``, list,
tuple of numbers
pandas DataFrame,      group written by ``pandas.HDFStore.put``
Series                 (attribute ``pandas_type``)
=====================  ===================================================
"""

from __future__ import annotations

import array
import importlib.util
import sys
import uuid
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import InvalidKeyError

if TYPE_CHECKING:  # h5py and numpy are imported lazily to keep `import signac` fast
    import h5py

NUMPY_SCALAR_ATTR = "signac_h5store_numpy_scalar"
TMP_PREFIX = "_signac_h5store_tmp_"
PANDAS_INSTALL_HINT = (
    "pip install 'signac-h5store[pandas]' (with the signac meta-package: pip install "
    "'signac[pandas]'; or: pip install pandas tables)"
)

#: dtypes that Python scalars are stored with; they read back as Python values
_PYTHON_DTYPES = frozenset({"bool", "int64", "uint64", "float64", "complex128"})
_NUMERIC_KINDS = frozenset("biufc")
_SUPPORTED = (
    "None, bool, int, float, complex, str, bytes, numpy arrays and scalars, "
    "array.array, lists and tuples of numbers, mappings with str keys of supported values, "
    "and pandas DataFrame and Series"
)


class Group(dict):
    """A prepared mapping: member name -> prepared node."""


class Data:
    """A prepared dataset: the ``data`` for ``create_dataset`` and its marker."""

    __slots__ = ("data", "numpy_scalar")

    def __init__(self, data: Any, numpy_scalar: bool = False):
        self.data = data
        self.numpy_scalar = numpy_scalar

    @property
    def is_array(self) -> bool:
        """Whether this is an array (not a scalar, string or None)."""
        return getattr(self.data, "ndim", 0) > 0


class Pandas:
    """A prepared pandas object (written later, through PyTables)."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any):
        self.obj = obj


Node = Group | Data | Pandas


# ---------------------------------------------------------------- names
def check_name(name: Any) -> str:
    """Return ``name`` if it is a valid member name of a stored mapping."""
    if not isinstance(name, str):
        raise TypeError(f"Keys of an H5Store must be str, not {type(name).__name__} ({name!r}).")
    if not name or name == "." or "/" in name or "\x00" in name:
        raise ValueError(
            f"Invalid key {name!r} in a mapping stored in an H5Store: keys must be "
            "non-empty, must not be '.' and must not contain '/' or NUL."
        )
    return name


def split_key(key: Any, *, absolute_ok: bool) -> tuple[str, ...]:
    """Split a key (``'a'`` or the path ``'a/b'``) into its member names.

    A leading ``'/'`` (the root) is accepted only where ``absolute_ok``: on the
    store itself, where ``'/a'`` and ``'a'`` are the same key.
    """
    if type(key) is str and key and key != "." and "/" not in key and "\x00" not in key:
        return (key,)
    if not isinstance(key, str):
        raise TypeError(f"Keys of an H5Store must be str, not {type(key).__name__} ({key!r}).")
    path = key[1:] if absolute_ok and key.startswith("/") else key
    parts = tuple(path.split("/"))
    if any(part in ("", ".") or "\x00" in part for part in parts):
        where = "" if absolute_ok else " (a key of a group is relative: no leading '/')"
        raise ValueError(
            f"Invalid key {key!r}: a key is a name or a path of names separated by '/'; "
            f"names must be non-empty, must not be '.' and must not contain NUL{where}."
        )
    return parts


def check_no_dot(key: str, where: str) -> None:
    """Raise :class:`InvalidKeyError` if ``key``, about to be written, contains a dot.

    As in signac 1.7, only the keys given to a store, group or manager are
    checked, not the keys inside a mapping stored as a value.
    """
    if "." in key:
        raise InvalidKeyError(f"Keys written to an {where} must not contain dots ('.'): {key!r}.")


# ---------------------------------------------------------------- pandas
def pandas_module() -> Any:
    """Return pandas if it has been imported (a pandas object implies it has)."""
    return sys.modules.get("pandas")


def is_pandas(value: Any) -> bool:
    """Whether ``value`` is a pandas DataFrame or Series (without importing pandas)."""
    pd = pandas_module()
    return pd is not None and isinstance(value, (pd.DataFrame, pd.Series))


def require_h5py() -> None:
    """Raise an ImportError naming the extra if h5py or NumPy is missing (without importing them)."""
    missing = [name for name in ("h5py", "numpy") if importlib.util.find_spec(name) is None]
    if missing:
        raise ImportError(
            f"H5Store needs {' and '.join(missing)}, which is not installed: pip install "
            "'signac-h5store[h5]' (with the signac meta-package: pip install 'signac[h5]')."
        )


def require_pandas(action: str) -> Any:
    """Import pandas and PyTables, or raise an ImportError saying what to install."""
    try:
        import pandas
        import tables  # noqa: F401
    except ImportError as error:
        raise ImportError(
            f"{action} needs pandas and PyTables ('tables'), which are not installed: "
            f"{PANDAS_INSTALL_HINT}."
        ) from error
    return pandas


# ---------------------------------------------------------------- prepare
def prepare(value: Any) -> Node:
    """Convert ``value`` into a node, raising for anything that cannot be stored."""
    import numpy as np

    if value is None:
        import h5py

        return Data(h5py.Empty("f"))
    kind = type(value)
    if kind is bool:
        return Data(np.bool_(value))
    if kind is float:
        return Data(np.float64(value))
    if kind is int:
        return Data(_int_scalar(value))
    if kind is str:
        return Data(_check_str(value))
    if isinstance(value, np.generic):
        return _prepare_numpy_scalar(value)
    if isinstance(value, bool):
        return Data(np.bool_(value))
    if isinstance(value, int):
        return Data(_int_scalar(int(value)))
    if isinstance(value, float):
        return Data(np.float64(value))
    if isinstance(value, complex):
        return Data(np.complex128(value))
    if isinstance(value, str):
        return Data(_check_str(str(value)))
    if isinstance(value, (bytes, bytearray)):
        return Data(_bytes_data(bytes(value)))
    if isinstance(value, np.ndarray):
        return Data(_check_array(value))
    if isinstance(value, (list, tuple)):
        return Data(_list_array(value))
    if isinstance(value, array.array):  # its typecode maps to the numpy dtype
        return Data(_check_array(np.asarray(value)))
    if is_pandas(value):
        require_pandas("Storing a pandas object in an H5Store")
        return Pandas(value)
    import h5py

    if isinstance(value, h5py.Dataset):
        return prepare(value[()])
    if isinstance(value, Mapping):
        materialize = getattr(value, "_materialize", None)
        if materialize is not None:  # an H5Store or H5Group: read it into memory
            value = materialize()
        return Group((check_name(k), prepare(v)) for k, v in value.items())
    raise TypeError(
        f"An H5Store cannot store a value of type {type(value).__module__}."
        f"{type(value).__qualname__}; supported: {_SUPPORTED}."
    )


def _int_scalar(value: int) -> Any:
    import numpy as np

    if -(2**63) <= value < 2**63:
        return np.int64(value)
    if 0 <= value < 2**64:
        return np.uint64(value)
    raise ValueError(f"The int {value} does not fit into 64 bits and cannot be stored in HDF5.")


def _check_str(value: str) -> str:
    if "\x00" in value:
        raise ValueError("A str stored in an H5Store must not contain NUL characters.")
    value.encode("utf-8")  # raises UnicodeEncodeError (a ValueError) for lone surrogates
    return value


def _bytes_data(value: bytes) -> Any:
    if b"\x00" in value:
        import numpy as np

        return np.void(value)  # opaque: exact bytes, NULs included
    return value


def _prepare_numpy_scalar(value: Any) -> Data:
    import numpy as np

    dtype = value.dtype
    if dtype.kind == "U":
        return Data(_check_str(str(value)))
    if dtype.kind == "S":
        return Data(_bytes_data(bytes(value)))
    if dtype.kind in _NUMERIC_KINDS or dtype.kind == "V":
        _check_dtype(dtype)
        return Data(value, numpy_scalar=dtype.name in _PYTHON_DTYPES)
    return Data(_check_array(np.asarray(value)))  # raises with a clear message


def _check_dtype(dtype: Any) -> None:
    import h5py

    try:
        h5py.h5t.py_create(dtype, logical=True)
    except (TypeError, ValueError) as error:
        raise TypeError(f"HDF5 cannot store the numpy dtype {dtype}: {error}.") from None


def _check_array(array: Any) -> Any:
    kind = array.dtype.kind
    if kind == "O":
        raise TypeError(
            "HDF5 cannot store numpy arrays of dtype object; convert it to a numeric "
            "dtype, or store its items one by one."
        )
    if kind == "U":
        raise TypeError(
            f"HDF5 cannot store numpy arrays of unicode strings ({array.dtype}); encode "
            "them to bytes first, e.g. array.astype('S') or np.char.encode(array, 'utf-8')."
        )
    if kind in "mM":
        raise TypeError(
            f"HDF5 cannot store numpy {array.dtype} arrays; store e.g. array.astype('int64') "
            "(or array.view('int64')) and the unit separately."
        )
    _check_dtype(array.dtype)
    return array


def _list_array(value: list | tuple) -> Any:
    import numpy as np

    try:
        array = np.asarray(value)
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(
            f"Lists and tuples stored in an H5Store must be rectangular arrays of numbers: {error}"
        ) from None
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(
            "Lists and tuples stored in an H5Store must contain only numbers (bool, int, "
            f"float, complex, fitting into 64 bits); got items of dtype {array.dtype}. "
            "Store a dict, or a numpy array of a supported dtype, instead."
        )
    return array


# ---------------------------------------------------------------- write
def write(group: h5py.Group, name: str, node: Node, pending: list[tuple[str, Any]]) -> None:
    """Create ``node`` as member ``name`` of ``group``.

    Pandas objects are not written here: their (absolute path, object) pairs
    are appended to ``pending`` for :func:`write_pandas`.
    """
    if isinstance(node, Data):
        dataset = group.create_dataset(name, data=node.data)
        if node.numpy_scalar:
            dataset.attrs[NUMPY_SCALAR_ATTR] = True
    elif isinstance(node, Group):
        sub = group.create_group(name)
        for key, child in node.items():
            write(sub, key, child, pending)
    else:
        pending.append((group.name.rstrip("/") + "/" + name, node.obj))


def write_pandas(filename: str, pending: list[tuple[str, Any]]) -> None:
    """Write pandas objects through ``pandas.HDFStore`` (h5py must be closed)."""
    pd = require_pandas("Storing a pandas object in an H5Store")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="tables")  # NaturalNameWarning
        with pd.HDFStore(filename, mode="a") as hdf:
            for path, obj in pending:
                hdf.put(path, obj, track_times=False)


def tmp_name() -> str:
    """Return a member name for writing a new value before it replaces an old one."""
    return TMP_PREFIX + uuid.uuid4().hex


# ---------------------------------------------------------------- read
def is_pandas_group(group: h5py.Group) -> bool:
    """Whether ``group`` holds a pandas object written by ``pandas.HDFStore``."""
    return "pandas_type" in group.attrs


def read_pandas(filename: str, path: str) -> Any:
    """Read the pandas object at ``path`` (h5py must be closed)."""
    pd = require_pandas(f"Reading the pandas object '{path}' of an H5Store")
    return pd.read_hdf(filename, key=path, mode="r")


def read_scalar(dataset: h5py.Dataset) -> Any:
    """Read a 0-d or empty dataset as a Python (or numpy) scalar."""
    import h5py

    if dataset.shape is None:
        return None
    dtype = dataset.dtype
    kind = dtype.kind
    if kind in "OS":
        info = h5py.check_string_dtype(dtype)
        if info is not None:
            value = dataset[()]
            if info.encoding == "utf-8":
                return value.decode("utf-8") if isinstance(value, bytes) else str(value)
            return bytes(value)
    elif kind == "V" and dtype.names is None:
        return dataset[()].tobytes()
    value = dataset[()]
    if dtype.name in _PYTHON_DTYPES and NUMPY_SCALAR_ATTR not in dataset.attrs:
        return value.item()
    return value


# ---------------------------------------------------------------- compare
def values_equal(a: Any, b: Any) -> bool:
    """Compare stored values: mappings recursively, arrays elementwise."""
    import numpy as np

    if isinstance(a, Mapping) or isinstance(b, Mapping):
        if not (isinstance(a, Mapping) and isinstance(b, Mapping)):
            return False
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    if is_pandas(a) or is_pandas(b):
        return type(a) is type(b) and bool(a.equals(b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return bool(np.array_equal(np.asarray(a), np.asarray(b)))
        except (TypeError, ValueError):
            return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False
