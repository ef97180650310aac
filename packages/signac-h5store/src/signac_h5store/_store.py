"""H5Store and H5Group: dict-like access to an HDF5 file."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from . import _convert
from ._attributes import KeysAsAttributes
from .errors import H5StoreAlreadyOpenError, H5StoreClosedError, H5StoreReadOnlyError

if TYPE_CHECKING:
    import h5py

__all__ = ["H5Group", "H5Store"]

_MODES = ("r", "r+", "a", "w", "w-", "x")
_CREATING_MODES = ("w", "w-", "x")
_MISSING = object()


class _H5Mapping(KeysAsAttributes, MutableMapping):
    """Mapping behaviour shared by the store and its groups.

    Both delegate to the store's private methods, which take a key as a tuple
    of member names (the path from the root of the file).
    """

    _store: H5Store
    _parts: tuple[str, ...]
    _absolute_ok: bool

    def _key(self, key: Any) -> tuple[str, ...]:
        return self._parts + _convert.split_key(key, absolute_ok=self._absolute_ok)

    def _write_key(self, key: Any) -> tuple[str, ...]:
        if isinstance(key, str):
            _convert.check_no_dot(key, type(self._store).__name__)
        return self._key(key)

    def __getitem__(self, key: str) -> Any:
        return self._store._get(self._key(key), key)

    def __setitem__(self, key: str, value: Any) -> None:
        parts = self._write_key(key)
        self._store._set(parts, _convert.prepare(value), key)

    def __delitem__(self, key: str) -> None:
        self._store._delete(self._key(key), key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._store._members(self._parts))

    def __len__(self) -> int:
        return len(self._store._members(self._parts))

    def __contains__(self, key: object) -> bool:
        try:
            parts = self._key(key)
        except (TypeError, ValueError):
            return False
        return self._store._contains(parts)

    # -- comparison
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        if isinstance(other, _H5Mapping):
            if (
                os.path.realpath(other._store.filename) == os.path.realpath(self._store.filename)
                and other._parts == self._parts
            ):
                return True
            other = other._materialize()
        return _convert.values_equal(self._materialize(), other)

    __hash__ = None  # type: ignore[assignment]

    def _materialize(self) -> dict[str, Any]:
        """Read this mapping into a dict; arrays become numpy arrays."""
        return self._store._get(self._parts, "/".join(self._parts), materialize=True)

    # -- MutableMapping methods with HDF5-aware implementations
    def setdefault(self, key: str, value: Any = None) -> Any:
        """Set a value for a key if that key is not already set.

        Parameters
        ----------
        key : str
            The key.
        value
            The value to store if ``key`` is not in the store yet.

        Returns
        -------
        object
            The value stored at ``key``, read back from the file: a mapping
            default returns an :class:`H5Group`, an array an ``h5py.Dataset``
            (so for arrays the store must be open).
        """
        store = self._store
        parts = self._key(key)
        with store._lock:
            if not store._contains(parts):
                self._write_key(key)
                node = _convert.prepare(value)
                if isinstance(node, _convert.Data) and node.is_array and store._file is None:
                    raise H5StoreClosedError(
                        f"setdefault({key!r}, <array>) returns the stored dataset, which "
                        "requires an open store: use `with store: store.setdefault(...)`."
                    )
                store._set(parts, node, key)
            return store._get(parts, key)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        """Remove ``key`` and return its value, read into memory.

        Arrays are returned as numpy arrays (the dataset no longer exists),
        groups as dicts.

        Parameters
        ----------
        key : str
            The key to remove.
        default
            Returned if ``key`` is missing; if not given, a missing key raises
            ``KeyError``.

        Returns
        -------
        object
            The removed value, or *default*.

        Raises
        ------
        KeyError
            If ``key`` is missing and no *default* is given.
        """
        store = self._store
        parts = self._key(key)
        with store._lock:
            if not store._contains(parts):
                if default is _MISSING:
                    raise KeyError(key)
                return default
            with store._ensure_open(write=True):
                value = store._get(parts, key, materialize=True)
                store._delete(parts, key)
            return value

    def popitem(self) -> tuple[str, Any]:
        """Remove and return some ``(key, value)`` pair.

        Returns
        -------
        tuple
            The removed key and its value (read into memory, as for :meth:`pop`).

        Raises
        ------
        KeyError
            If the mapping is empty.
        """
        store = self._store
        with store._lock:
            for key in self:
                return key, self.pop(key)
        raise KeyError(f"popitem(): {type(self).__name__} is empty")

    def clear(self) -> None:
        """Remove all data from this mapping.

        .. danger:: All data is removed; this cannot be undone.
        """
        self._store._clear(self._parts)

    def update(self, other: Any = (), /, **kwargs: Any) -> None:
        """Update from a mapping or an iterable of pairs, and keyword arguments.

        All keys and values are checked before anything is written: if one of
        them cannot be stored, the file is left unchanged. Nothing to write
        (``update({})``) leaves the file untouched (a missing file is not
        created).

        Parameters
        ----------
        other : mapping or iterable of pairs, optional
            Read as :meth:`dict.update` reads it: if it has a ``keys()`` method,
            ``self[k] = other[k]`` for each key; otherwise ``self[k] = v`` for
            each ``(k, v)`` pair.
        **kwargs
            Stored after *other*: ``self[k] = v`` for each item.

        Raises
        ------
        TypeError, ValueError
            What :meth:`dict.update` raises for *other* (e.g. ``TypeError`` for
            ``update(0)``, ``ValueError`` for ``update('abc')``); and for a key
            or value that cannot be stored.
        InvalidKeyError
            For a key that contains a dot.
        """
        if isinstance(other, _H5Mapping):  # arrays are read even if it is closed
            items = other._materialize()
        else:
            items = dict(other)
        items.update(kwargs)
        prepared = [(self._write_key(k), _convert.prepare(v), k) for k, v in items.items()]
        if not prepared:
            return
        store = self._store
        with store._ensure_open(write=True):
            for parts, node, key in prepared:
                store._set(parts, node, key)


class H5Group(_H5Mapping):
    """A group (a nested mapping) of an :class:`H5Store`.

    Returned when a stored mapping is read; behaves like the store itself:
    item and attribute access, nested groups, and equality with mappings
    (``h5s.group == {'a': 1}``). It holds no file handle of its own: every
    operation goes through its store (so arrays need the store open).

    ``repr()`` gives ``H5Group(store=H5Store(filename=...), path='/a/b')``,
    which evaluates to an equal group.

    Parameters
    ----------
    store : H5Store
        The store this group belongs to (the attribute ``_store``).
    path : str
        The path of the group in the HDF5 file, e.g. ``'/a/b'`` (the
        attribute ``_path``).
    """

    def __init__(self, store: H5Store, path: str | Iterable[str]):
        if isinstance(path, str):
            parts = _convert.split_key(path, absolute_ok=True) if path.strip("/") else ()
        else:
            parts = tuple(path)
        self._store = store
        self._parts = parts
        self._path = "/" + "/".join(parts)
        self._absolute_ok = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(store={self._store!r}, path={self._path!r})"


class H5Store(_H5Mapping):
    """An HDF5-backed container for storing array-like and dictionary-like data.

    The H5Store is a ``MutableMapping`` and behaves like a ``dict``, but all
    data is stored persistently in the associated HDF5 file on disk.

    Supported values: None, bool, int, float, complex, str, bytes, numpy
    arrays and scalars, ``array.array`` (of a numeric typecode), lists and
    tuples of numbers, pandas DataFrame and Series (requires pandas and
    PyTables: the ``[pandas]`` extra), and mappings (with str keys) of
    supported values, which are stored as HDF5 groups and read back as
    :class:`H5Group`. Scalars read back as the Python type they were stored
    as (numpy scalars as numpy scalars); arrays, ``array.array``, lists and
    tuples read back as ``h5py.Dataset`` of the matching dtype (use
    ``h5s['x'][()]`` to load one into memory).

    Values can be accessed as attributes (``h5s.foo``) or by key
    (``h5s['foo']``); a key may also be a path into nested groups
    (``h5s['a/b']``). Keys written through the store or a group must not
    contain dots (:class:`~signac_h5store.errors.InvalidKeyError`); keys
    inside a stored mapping are not checked for dots.

    ``repr()`` gives ``H5Store(filename='<path relative to the current
    directory>')``, which evaluates to an equal store; ``str()`` gives the
    file's base name.

    Opening: scalars, strings and mappings can be read and written without
    opening the file explicitly: each operation then opens and closes it (in
    read-only mode for reads). **Arrays need an open store**: reading one from
    a closed store raises :class:`~signac_h5store.errors.H5StoreClosedError`,
    because the returned ``h5py.Dataset`` would refer to a closed file. Open
    the store with ``with h5s:`` or :meth:`open`.

    Concurrency: HDF5 locks the file while it is open, so a store open for
    writing excludes every other process, and a store open for reading
    excludes writers in other processes; the one that comes second gets an
    :class:`~signac_h5store.errors.H5StoreAlreadyOpenError` at once (no
    waiting). Within one process, several stores of the same file share the
    open file and see each other's writes, except that a file open read-only
    cannot be opened for writing at the same time (also
    ``H5StoreAlreadyOpenError``). Pass ``locking=False`` (forwarded to
    ``h5py.File``) to switch HDF5 file locking off, at your own risk.
    One instance is thread-safe: operations hold a lock, and ``with h5s:``
    holds it for the whole block.

    Parameters
    ----------
    filename : str
        The filename of the underlying HDF5 file.
    **kwargs
        Forwarded to the ``h5py.File`` constructor (e.g. ``locking``,
        ``libver``, ``driver``). ``mode`` sets the default opening mode
        (:attr:`mode`).

    Raises
    ------
    ValueError
        If ``filename`` is not a non-empty str (as in signac 1.7, also for a
        ``pathlib.Path``: pass ``str(path)``), or ``mode`` is invalid.

    Examples
    --------
    >>> with H5Store('file.h5') as h5s:  # doctest: +SKIP
    ...     h5s['foo'] = 'bar'
    ...     assert 'foo' in h5s
    ...     assert h5s.foo == 'bar'
    ...     assert h5s['foo'] == 'bar'

    Read-only access:

    >>> with H5Store('file.h5').open(mode='r') as h5s:  # doctest: +SKIP
    ...     pass
    """

    def __init__(self, filename: str, **kwargs: Any):
        if not isinstance(filename, str) or not filename:
            raise ValueError(
                f"The H5Store filename must be a non-empty str, not {filename!r} (of type "
                f"{type(filename).__name__}); pass a path object as str(path)."
            )
        mode = kwargs.pop("mode", "a")
        _check_mode(mode)
        _convert.require_h5py()
        self._filename = filename
        self._mode = mode
        self._kwargs = kwargs
        self._file: h5py.File | None = None
        self._open_mode: str | None = None
        self._opened_once = False
        self._depth = 0
        self._lock = threading.RLock()
        self._store = self
        self._parts = ()
        self._absolute_ok = True

    # -- pickling: the file name and options, never the open handle
    def __getstate__(self) -> dict[str, Any]:
        return {"filename": self._filename, "mode": self._mode, "kwargs": self._kwargs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        H5Store.__init__(self, state["filename"], mode=state["mode"], **state["kwargs"])

    def __repr__(self) -> str:
        return f"{type(self).__name__}(filename={relative_to_cwd(self._filename)!r})"

    def __str__(self) -> str:
        return os.path.basename(self._filename)

    # -- public properties
    @property
    def filename(self) -> str:
        """str: The H5Store filename."""
        return self._filename

    @property
    def mode(self) -> str:
        """str: The default opening mode of this H5Store (``'a'`` unless given)."""
        return self._mode

    @property
    def file(self) -> h5py.File:
        """The underlying ``h5py.File``; the store must be open.

        Use it for what the mapping interface does not offer, e.g.
        ``create_dataset()`` with chunking or compression.

        Returns
        -------
        h5py.File
            The h5py file object this store is operating on.

        Raises
        ------
        H5StoreClosedError
            When the store is closed.
        """
        file = self._file
        if file is None:
            raise H5StoreClosedError(
                f"{self!r} is closed: open it (`with store:` or store.open()) to access .file."
            )
        return file

    # -- opening and closing
    def open(self, mode: str | None = None) -> H5Store:
        """Open the underlying HDF5 file.

        Parameters
        ----------
        mode : str, optional
            The file open mode (as for ``h5py.File``): ``'r'`` (read-only),
            ``'r+'``, ``'a'``, ``'w'``, ``'w-'`` or ``'x'``. Defaults to
            :attr:`mode` (``'a'``, append). A creating mode (``'w'``, ``'w-'``,
            ``'x'``) given as default applies to the first opening of this
            instance only; later openings use ``'a'``, so data written through
            this instance is not truncated away.

        Returns
        -------
        H5Store
            This H5Store instance (so ``with store.open(mode='r'):`` works).

        Raises
        ------
        H5StoreAlreadyOpenError
            If this store is already open, or the file is locked by another
            process or open in this process in an incompatible mode.
        """
        with self._lock:
            if self._file is not None:
                raise H5StoreAlreadyOpenError(
                    f"{self!r} is already open (mode {self._open_mode!r}); close it first."
                )
            if mode is None:
                mode = self._default_mode()
            else:
                _check_mode(mode)
            self._open(mode)
        return self

    def close(self) -> None:
        """Close the underlying HDF5 file (no-op if it is closed)."""
        with self._lock:
            self._close()

    def flush(self) -> None:
        """Flush the underlying HDF5 file to disk (no-op if it is closed)."""
        with self._lock:
            if self._file is not None:
                self._file.flush()

    def __enter__(self) -> H5Store:
        self._lock.acquire()
        try:
            if self._file is None:
                self._open(self._default_mode())
        except BaseException:
            self._lock.release()
            raise
        self._depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self._depth -= 1
            if self._depth <= 0:
                self._depth = 0
                self._close()
        finally:
            self._lock.release()

    # -- private: file handling
    def _default_mode(self) -> str:
        if self._mode in _CREATING_MODES and self._opened_once:
            return "a"
        return self._mode

    def _open(self, mode: str) -> None:
        import h5py

        try:
            file = h5py.File(self._filename, mode, **self._kwargs)
        except (FileNotFoundError, FileExistsError, PermissionError, IsADirectoryError):
            raise
        except OSError as error:
            message = str(error)
            if isinstance(error, BlockingIOError) or "lock" in message:
                raise H5StoreAlreadyOpenError(
                    f"Cannot open {self._filename!r} in mode {mode!r}: it is locked, because "
                    "another process has it open (HDF5 file locking: a writer excludes all "
                    "others, readers exclude writers). Try again once it is closed."
                ) from error
            if "already open" in message:
                raise H5StoreAlreadyOpenError(
                    f"Cannot open {self._filename!r} in mode {mode!r}: another handle in this "
                    "process has it open in an incompatible mode (a read-only handle "
                    "excludes writing, any handle excludes truncating). Close it first."
                ) from error
            raise
        self._file = file
        self._open_mode = mode
        self._opened_once = True

    def _close(self) -> None:
        file = self._file
        if file is not None:
            self._file = None
            self._open_mode = None
            file.close()

    @contextmanager
    def _ensure_open(self, write: bool = False, create: bool = True) -> Iterator[Any]:
        """Yield the open file, opening it for the duration if it is closed.

        Yields None instead of opening if the file does not exist and the
        operation would not create it (reads, and writes with ``create=False``).
        """
        with self._lock:
            if self._file is not None:
                if write and self._open_mode == "r":
                    raise self._read_only_error()
                yield self._file
                return
            if write and self._mode == "r":
                raise self._read_only_error()
            if not self._opened_once and self._mode in _CREATING_MODES:
                mode = self._mode
            elif not (write and create) and not os.path.exists(self._filename):
                yield None
                return
            elif write:
                mode = "r+" if self._mode == "r+" else "a"
            else:
                mode = "r"
            self._open(mode)
            try:
                yield self._file
            finally:
                self._close()

    def _read_only_error(self) -> H5StoreReadOnlyError:
        return H5StoreReadOnlyError(
            f"{self!r} is open read-only (mode 'r'): writing is not allowed; the file is "
            "unchanged. Open it with mode 'a' (the default) to write."
        )

    @contextmanager
    def _suspended(self) -> Iterator[None]:
        """Close the h5py handle for PyTables I/O, and reopen it afterwards."""
        mode = self._open_mode
        self._close()
        try:
            yield
        except Exception as error:  # PyTables' HDF5ExtError is no OSError
            if "unable to lock" in str(error) or isinstance(error, BlockingIOError):
                raise H5StoreAlreadyOpenError(
                    f"Cannot access the pandas data in {self._filename!r}: the file is held "
                    "open by another handle (another H5Store of the same file in this "
                    "process, or another process)."
                ) from error
            raise
        finally:
            if mode is not None:
                self._open("r+" if mode in _CREATING_MODES else mode)

    # -- private: operations on keys given as tuples of member names
    def _get(self, parts: tuple[str, ...], key: Any, materialize: bool = False) -> Any:
        with self._lock:
            implicit = self._file is None
            with self._ensure_open() as file:
                if file is None:
                    if not parts and materialize:
                        return {}
                    raise KeyError(key)
                try:
                    obj = file["/".join(parts)] if parts else file
                except (KeyError, ValueError, TypeError):
                    raise KeyError(key) from None
                return self._read(obj, parts, key, implicit, materialize)

    def _read(
        self, obj: Any, parts: tuple[str, ...], key: Any, implicit: bool, materialize: bool
    ) -> Any:
        import h5py

        if isinstance(obj, h5py.Dataset):
            shape = obj.shape
            if not shape:  # () for a scalar, None for an empty dataset (None)
                return _convert.read_scalar(obj)
            if materialize:
                return obj[()]
            if implicit:
                raise H5StoreClosedError(
                    f"{key!r} is an array (shape {shape}, dtype {obj.dtype}): arrays can only "
                    f"be accessed while the store is open, e.g. `with store: x = "
                    f"store[{key!r}][()]`."
                )
            return obj
        if isinstance(obj, h5py.Group):
            if _convert.is_pandas_group(obj):
                path = obj.name
                with self._suspended():
                    return _convert.read_pandas(self._filename, path)
            if materialize:
                names = list(obj)
                return {name: self._get(parts + (name,), name, materialize=True) for name in names}
            return H5Group(self, parts)
        return obj  # e.g. a committed datatype: as h5py gives it

    def _set(self, parts: tuple[str, ...], node: _convert.Node, key: Any) -> None:
        import h5py

        with self._ensure_open(write=True) as file:
            parent = file
            for i, name in enumerate(parts[:-1]):
                child = parent.get(name)
                if child is None:
                    parent = parent.create_group(name)
                elif isinstance(child, h5py.Group) and not _convert.is_pandas_group(child):
                    parent = child
                else:
                    raise ValueError(
                        f"Cannot store {key!r}: {'/'.join(parts[: i + 1])!r} exists and is "
                        "not a group."
                    )
            name = parts[-1]
            exists = name in parent
            target = _convert.tmp_name() if exists else name
            parent_path = parent.name
            pending: list[tuple[str, Any]] = []
            try:
                _convert.write(parent, target, node, pending)
                if pending:
                    with self._suspended():
                        _convert.write_pandas(self._filename, pending)
                    parent = self.file[parent_path]
                if exists:
                    del parent[name]
                    parent.move(target, name)
            except BaseException:
                self._discard(parent_path, target)
                raise

    def _discard(self, parent_path: str, name: str) -> None:
        """Remove a partly written value after a failure (best effort)."""
        try:
            parent = self._file.get(parent_path) if self._file is not None else None
            if parent is not None and name in parent:
                del parent[name]
        except Exception:  # pragma: no cover - the original error matters more
            pass

    def _delete(self, parts: tuple[str, ...], key: Any) -> None:
        with self._ensure_open(write=True, create=False) as file:
            path = "/".join(parts)
            if file is None or not _path_in(file, path):
                raise KeyError(key)
            del file[path]

    def _members(self, parts: tuple[str, ...]) -> list[str]:
        import h5py

        with self._ensure_open() as file:
            if file is None:
                if parts:
                    raise KeyError("/".join(parts))
                return []
            group = file["/".join(parts)] if parts else file
            if not isinstance(group, h5py.Group):
                raise KeyError("/".join(parts))
            return list(group)

    def _contains(self, parts: tuple[str, ...]) -> bool:
        with self._ensure_open() as file:
            return file is not None and _path_in(file, "/".join(parts))

    def _clear(self, parts: tuple[str, ...]) -> None:
        with self._ensure_open(write=True, create=False) as file:
            if file is None:
                if parts:
                    raise KeyError("/".join(parts))
                return
            group = file["/".join(parts)] if parts else file
            for name in list(group):
                del group[name]


def relative_to_cwd(path: str) -> str:
    """Return the real path of ``path`` relative to the current directory.

    Symbolic links are resolved first, so that the result names the same file
    (``link/../x`` is not ``x`` if ``link`` is a symbolic link). On Windows, a
    path on another drive than the current directory is returned absolute.
    """
    real = os.path.realpath(path)
    try:
        return os.path.relpath(real)
    except ValueError:  # Windows: another drive
        return real


def _path_in(file: Any, path: str) -> bool:
    try:
        return path in file
    except (KeyError, ValueError, TypeError):
        return False


def _check_mode(mode: Any) -> None:
    if mode not in _MODES:
        raise ValueError(f"Invalid H5Store mode {mode!r}; use one of {', '.join(_MODES)}.")
