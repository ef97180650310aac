"""DictManager and H5StoreManager: a directory of dict-like files."""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
import weakref
from collections.abc import Iterator
from typing import Any, ClassVar

from . import _convert
from ._attributes import KeysAsAttributes
from ._store import H5Store, relative_to_cwd
from .errors import H5StoreAlreadyOpenError

__all__ = ["DictManager", "H5StoreManager"]

#: (class, real path) -> the instance every manager in this process hands out for it
_SHARED: weakref.WeakValueDictionary[tuple[type, str], Any] = weakref.WeakValueDictionary()
_SHARED_LOCK = threading.Lock()


class DictManager(KeysAsAttributes):
    """Helper class to manage multiple dict-like files within a directory.

    Each key is one file, ``<prefix>/<key><suffix>``, accessed as an instance
    of :attr:`cls`. Subclasses set :attr:`cls` and :attr:`suffix`.

    All managers of a process hand out the same instance for the same file
    (while it is in use), so ``project.data`` of two ``Project`` instances of
    one project is one store: opening it through one opens it for both.

    Keys are plain file names: a key that is empty, is not a str, or contains
    a path separator (or NUL) is rejected with ``ValueError`` (``TypeError``
    for a non-str), a key with a dot with
    :class:`~signac_h5store.errors.InvalidKeyError` (as in signac 1.7; ``in``
    gives False). Reading a key that has no file yet gives a fresh instance
    whose file is created on first write; ``in``, ``len``, iteration and
    :meth:`keys` only see existing files. ``repr()`` shows the prefix
    relative to the current directory.

    Parameters
    ----------
    prefix : str or os.PathLike
        The directory shared by all managed files. It is not created by the
        manager; the files' own classes create files, not directories.
    """

    #: The class of the managed dict-like objects.
    cls: ClassVar[type[Any]]
    #: The file name suffix of the managed files.
    suffix: ClassVar[str]

    def __init__(self, prefix: str | os.PathLike[str]):
        if not hasattr(type(self), "cls") or not hasattr(type(self), "suffix"):
            raise TypeError(
                f"{type(self).__name__} must define the class attributes cls and suffix."
            )
        object.__setattr__(self, "_prefix", os.fspath(prefix))
        object.__setattr__(self, "_registry", {})

    @property
    def prefix(self) -> str:
        """str: The directory prefix shared by all managed files."""
        return self._prefix

    def _filename(self, key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"{type(self).__name__} keys must be str, not {type(key).__name__}.")
        separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
        if not key or "\x00" in key or any(sep in key for sep in separators):
            raise ValueError(
                f"Invalid {type(self).__name__} key {key!r}: a key names one file in "
                f"{self._prefix!r}, so it must be non-empty and must not contain a path "
                "separator."
            )
        _convert.check_no_dot(key, type(self).__name__)
        return os.path.join(self._prefix, key) + self.suffix

    def __getitem__(self, key: str) -> Any:
        filename = self._filename(key)
        try:
            return self._registry[key]
        except KeyError:
            pass
        shared_key = (self.cls, os.path.realpath(filename))
        with _SHARED_LOCK:
            value = _SHARED.get(shared_key)
            if value is None:
                value = _SHARED[shared_key] = self.cls(filename)
        self._registry[key] = value
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        """Replace the file ``key`` by a new file holding ``value``.

        As in signac 1.7, ``value`` is consumed as :meth:`dict.update` consumes
        it (a mapping, or an iterable of key/value pairs) into a temporary file
        in the same directory, which then replaces the file ``key``. On any
        error the temporary file is removed and the file ``key`` is unchanged.

        Raises
        ------
        ValueError
            If ``value`` is empty (``{}``, ``[]``, ``''``): there is nothing to
            write (delete the file with ``del manager[key]`` instead); or, as
            :meth:`dict.update` raises it, for items that are not pairs
            (``'abc'``); or for a value that cannot be stored.
        TypeError
            As :meth:`dict.update` raises it, for a value that is not iterable
            (``True``, ``0``, ``None``); or for a value that cannot be stored.
        InvalidKeyError
            If ``key``, or a key of ``value``, contains a dot.
        H5StoreAlreadyOpenError
            If the instance of the file ``key`` is open (it would go on writing
            to the replaced file).
        """
        filename = self._filename(key)
        self._check_closed(filename, "replace")
        tmp = os.path.join(self._prefix, f".{uuid.uuid4().hex}{self.suffix}.tmp")
        try:
            self.cls(tmp).update(value)
            if not os.path.exists(tmp):
                raise ValueError(
                    f"Cannot assign an empty value to {type(self).__name__}[{key!r}]: there "
                    f"is nothing to write (use `del manager[{key!r}]` to remove the file)."
                )
            os.replace(tmp, filename)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def _check_closed(self, filename: str, action: str) -> None:
        """Raise if the instance handed out for ``filename`` in this process is open."""
        with _SHARED_LOCK:
            instance = _SHARED.get((self.cls, os.path.realpath(filename)))
        if instance is not None and _is_open(instance):
            raise H5StoreAlreadyOpenError(f"Cannot {action} {filename!r}: {instance!r} is open.")

    def __delitem__(self, key: str) -> None:
        """Delete the file ``key``; raises ``KeyError`` if there is none."""
        filename = self._filename(key)
        self._check_closed(filename, "delete")
        try:
            os.unlink(filename)
        except FileNotFoundError:
            raise KeyError(key) from None
        self._registry.pop(key, None)

    def __contains__(self, key: object) -> bool:
        try:
            return os.path.isfile(self._filename(key))
        except (TypeError, ValueError):
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def keys(self) -> list[str]:
        """Return the keys (file names without suffix) of all existing files, sorted."""
        try:
            with os.scandir(self._prefix) as entries:
                names = [
                    entry.name[: -len(self.suffix)]
                    for entry in entries
                    if entry.name.endswith(self.suffix)
                    and len(entry.name) > len(self.suffix)
                    and entry.is_file()
                ]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(names)

    def __len__(self) -> int:
        return len(self.keys())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DictManager):
            return NotImplemented
        return type(self) is type(other) and os.path.realpath(self._prefix) == os.path.realpath(
            other._prefix
        )

    def __hash__(self) -> int:
        return hash((type(self), os.path.realpath(self._prefix)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(prefix={relative_to_cwd(self._prefix)!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"prefix": self._prefix}

    def __setstate__(self, state: dict[str, Any]) -> None:
        DictManager.__init__(self, state["prefix"])


def _is_open(instance: Any) -> bool:
    return getattr(instance, "_file", None) is not None


class H5StoreManager(DictManager):
    """Helper class to manage multiple instances of :class:`H5Store` within a directory.

    One file ``<prefix>/<name>.h5`` per key; ``stores['data']`` and
    ``stores.data`` both give the :class:`H5Store` of ``data.h5`` (the same
    instance each time). ``del stores['data']`` removes the file.
    ``stores['data'] = {...}`` replaces the file by a new one holding the
    given mapping or pairs (all values are checked first; if one cannot be
    stored, the file is left unchanged).

    Parameters
    ----------
    prefix : str or os.PathLike
        The directory prefix shared by all stores managed by this class.

    Examples
    --------
    Assuming that the ``stores/`` directory exists:

    >>> stores = H5StoreManager('stores/')  # doctest: +SKIP
    >>> stores.data  # doctest: +SKIP
    H5Store(filename='stores/data.h5')
    >>> stores.data.foo = True  # doctest: +SKIP
    >>> dict(stores.data)  # doctest: +SKIP
    {'foo': True}
    """

    #: The class of the managed stores: :class:`H5Store`.
    cls = H5Store
    #: The file name suffix of the managed stores.
    suffix = ".h5"
