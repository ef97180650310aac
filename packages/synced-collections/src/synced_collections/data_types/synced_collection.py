"""Implement the :class:`SyncedCollection` class."""

from __future__ import annotations

import threading
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from inspect import isabstract
from typing import Any, ClassVar

from .._warn import warn_at_caller
from ..errors import KeyTypeError
from ..numpy_utils import _convert_numpy, _numpy
from ..utils import AbstractTypeResolver


def _is_numpy(data: Any) -> bool:
    numpy = _numpy()
    return numpy is not None and isinstance(data, (numpy.ndarray, numpy.generic))


# Classification of values stored in collections (cached per concrete type).
_type_resolver = AbstractTypeResolver(
    {
        # NumPy first: numpy.float64 is also a float, but is converted to one.
        "NUMPY": _is_numpy,
        "PRIMITIVE": lambda data: data is None or isinstance(data, (str, int, float)),
        "SYNCEDCOLLECTION": lambda data: isinstance(data, SyncedCollection),
        "MAPPING": lambda data: isinstance(data, Mapping),
        "SEQUENCE": lambda data: (
            isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray))
        ),
    },
)

_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
# (backend, built-in container type) -> synced collection class.
_from_base_cache: dict[tuple[str, type], Any] = {}

# One reentrant lock per resource (keyed by the root collection's ``_lock_id``).
_thread_locks: dict[Any, threading.RLock] = {}
_thread_locks_guard = threading.Lock()


def _thread_lock_for(lock_id: Any) -> threading.RLock:
    lock = _thread_locks.get(lock_id)
    if lock is None:
        with _thread_locks_guard:
            lock = _thread_locks.setdefault(lock_id, threading.RLock())
    return lock


# Per class: the state of a new nested collection apart from _data and _parent
# (see SyncedCollection._new_child), or False where it cannot be copied.
_child_templates: dict[type, Any] = {}
_IMMUTABLE_TYPES = frozenset({type(None), bool, int, float, str, bytes, tuple})


def _child_template(cls: type, child: Any) -> Any:
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is not None and not (klass.__module__ or "").startswith("synced_collections."):
            if klass is not object:
                return False
        if "__new__" in klass.__dict__ and klass is not object:
            return False
    if getattr(cls, "_fill", None) is SyncedCollection._fill:
        return False
    template = {
        key: value for key, value in vars(child).items() if key not in ("_data", "_parent", "_root")
    }
    if any(type(value) not in _IMMUTABLE_TYPES for value in template.values()):
        return False
    return template


def _root_of(parent: Any) -> Any:
    """Return the ``_root`` of a child of ``parent``: its root, or the parent itself."""
    root = getattr(parent, "_root", None)  # (users may delete the attribute)
    return parent if root is None else root


_LEGACY_KEY_TYPES = (int, bool, type(None))


def _convert_key(key: Any) -> Any:
    """Convert the 1.x key types int, bool and None to str, with a deprecation warning."""
    if type(key) is str or isinstance(key, str):
        return key
    if isinstance(key, _LEGACY_KEY_TYPES):
        warn_at_caller(
            f"Use of {type(key).__name__} as key is deprecated and will be removed in "
            f"signac 2.0; the key {key!r} is stored as the string {str(key)!r}.",
            DeprecationWarning,
        )
        return str(key)
    return key


def _legacy_keys_to_str(data: Any, path: set[int]) -> Any:
    """Convert int, bool and None keys to str at any depth (copying only what changes).

    Other keys are left for the validators to reject; so are self-containing
    structures (they are not descended into twice). Runs before validation on
    every write of a JSON collection, so plain containers are tested by exact
    type first (ABC checks cost more than the walk).
    """
    kind = type(data)
    if kind in _PLAIN_TYPES:
        return data
    if kind is list or kind is tuple:
        for value in data:
            if type(value) not in _PLAIN_TYPES:
                break
        else:
            return data
        is_mapping = False
    elif kind is dict:
        for key, value in data.items():
            if type(key) is not str or type(value) not in _PLAIN_TYPES:
                break
        else:
            return data
        is_mapping = True
    elif isinstance(data, SyncedCollection):
        return data
    elif isinstance(data, Mapping):
        is_mapping = True
    else:
        return data  # other sequences (and NumPy arrays) hold no mappings to convert here
    marker = id(data)
    if marker in path:
        return data
    path.add(marker)
    try:
        if is_mapping:
            converted = {}
            changed = False
            for key, value in data.items():
                new_key = key if type(key) is str else _convert_key(key)
                new_value = _legacy_keys_to_str(value, path)
                changed = changed or new_key is not key or new_value is not value
                converted[new_key] = new_value
            return converted if changed else data
        items = [_legacy_keys_to_str(value, path) for value in data]
        return items if any(new is not old for new, old in zip(items, data)) else data
    finally:
        path.discard(marker)


class _NullLock:
    """A do-nothing stand-in for a lock when multithreading support is off."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NULL_LOCK = _NullLock()


class _LoadAndSave:
    """A context manager for :class:`SyncedCollection` to wrap saving and loading.

    Any write operation on a synced collection must be preceded by a load and
    followed by a save. Entering the context acquires the thread lock of the
    collection's resource (when multithreading support is active) and loads;
    leaving it saves and releases the lock. Subclasses customize this, for
    instance to add an inter-process lock.

    If the block raises, nothing is saved and the in-memory data is reloaded
    from the resource so that it does not keep a partial modification.

    Parameters
    ----------
    collection : SyncedCollection
        The collection being modified.
    """

    __slots__ = ("_collection", "_lock")

    def __init__(self, collection: SyncedCollection):
        self._collection = collection
        self._lock: Any = None

    def __enter__(self) -> None:
        self._lock = self._collection._thread_lock
        self._lock.__enter__()
        try:
            self._collection._load()
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                try:
                    self._collection._save()
                except BaseException:
                    self._collection._resync_after_error()
                    raise
            else:
                self._collection._resync_after_error()
        finally:
            self._lock.__exit__(exc_type, exc, tb)


class SyncedCollection(Collection):
    """An abstract :class:`~collections.abc.Collection` type that is synced with a backend.

    Subclasses fall into two orthogonal groups that are combined by multiple
    inheritance:

    **Concrete collection types** (e.g. :class:`~.SyncedDict`,
    :class:`~.SyncedList`) implement the Python API of a collection and the
    abstract methods :meth:`is_base_type`, :meth:`_to_base` and
    :meth:`_update`.

    **Backends** (e.g. :class:`~.JSONCollection`) implement
    :meth:`_load_from_resource`, :meth:`_save_to_resource` and the
    :attr:`_backend` identifier.

    **Validation.** Validators are callables that raise on invalid data. A
    subclass lists its validators in ``_validators``; they are inherited. At
    class creation :meth:`_register_validators` collects them along the MRO into
    ``_all_validators``, unless the class defines ``_all_validators`` itself, in
    which case exactly those are used.

    A collection initialized with both data and resource information validates
    the data, but does not compare it with the resource: it is assumed to be
    consistent (this avoids a resource access).

    **Thread safety.** Writes are serialized by a reentrant lock per resource,
    reads happen freely; this is valid only if the backend's
    :meth:`_save_to_resource` is atomic. Backends opt in by setting
    ``_supports_threading = True``; for those, multithreading support is on by
    default and can be switched with :meth:`enable_multithreading` and
    :meth:`disable_multithreading`.

    **Copies and pickling.** A copy, a deep copy or an unpickled collection
    refers to the same resource as the original, so modifying it modifies the
    resource. Call the collection (``doc()``) for an independent plain copy.

    Parameters
    ----------
    parent : SyncedCollection, optional
        The collection within which this collection is nested. If None, the
        collection owns its own data (Default value = None).
    """

    registry: ClassVar[defaultdict[str, list[type[SyncedCollection]]]] = defaultdict(list)
    _validators: ClassVar[Sequence[Callable[[Any], None]]] = ()
    _all_validators: ClassVar[tuple[Callable[[Any], None], ...]] = ()
    _supports_threading: ClassVar[bool] = False
    _threading_support_is_active: ClassVar[bool] = False
    _LoadSaveType: ClassVar[type[_LoadAndSave]] = _LoadAndSave

    def __init__(self, parent: SyncedCollection | None = None, *args: Any, **kwargs: Any):
        if args or kwargs:
            unexpected = ", ".join([*map(repr, args), *kwargs])
            raise TypeError(f"{type(self).__name__} got unexpected arguments: {unexpected}")
        # Private state is written to __dict__ on the hot paths (construction, load,
        # save): attribute assignment on an AttrDict goes through its Python-level
        # __setattr__, which costs more than the rest of the constructor. Only names
        # that no subclass turns into properties (signac's state point derives
        # _filename and _data): those are assigned normally.
        state = self.__dict__
        state["_parent"] = parent
        #: None on a top-level collection, the top-level collection on nested ones.
        state["_root"] = None if parent is None else _root_of(parent)
        state["_suspend_sync_"] = 0

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls._register_validators()
        # Where a class declares its support, multithreading is switched on (or
        # off); subclasses inherit the switch, so disabling it on a base class
        # (e.g. JSONCollection) disables it for all its subclasses.
        if "_supports_threading" in cls.__dict__:
            cls._threading_support_is_active = cls._supports_threading
        if not isabstract(cls):
            SyncedCollection.registry[cls._backend_name()].append(cls)

    @classmethod
    def _register_validators(cls) -> None:
        """Register all inherited validators to this class.

        If the class defines ``_all_validators`` itself, those are used.
        Otherwise the ``_validators`` of every class in the MRO are collected
        (most basic class first, without duplicates).
        """
        if "_all_validators" in cls.__dict__:
            cls._all_validators = tuple(cls.__dict__["_all_validators"])
            return
        validators: list[Callable[[Any], None]] = []
        for base in reversed(cls.__mro__):
            for validator in base.__dict__.get("_validators", ()):
                if validator not in validators:
                    validators.append(validator)
        cls._all_validators = tuple(validators)

    # -- abstract backend API ------------------------------------------------
    @property
    @abstractmethod
    def _backend(self) -> str:
        """str: A unique string identifier for the resource backend.

        Subclasses may override this property with a plain class attribute.
        """

    @classmethod
    def _backend_name(cls) -> str:
        return cls._backend  # type: ignore[return-value]  # a class attribute in subclasses

    @abstractmethod
    def _load_from_resource(self) -> Any:
        """Load data from the underlying backend.

        Returns
        -------
        Collection or None
            An equivalent unsynced collection satisfying :meth:`is_base_type`,
            or None to signal that the in-memory data should not be changed
            (e.g. because the resource does not exist yet).
        """

    @abstractmethod
    def _save_to_resource(self) -> None:
        """Save data to the backend."""

    # -- abstract data type API ----------------------------------------------
    @classmethod
    @abstractmethod
    def is_base_type(cls, data: Any) -> bool:
        """Check whether data is of the same base type (such as list or dict) as this class.

        Parameters
        ----------
        data : Any
            The input data to test.

        Returns
        -------
        bool
            Whether or not the object can be converted into this synced collection type.
        """

    @abstractmethod
    def _to_base(self) -> Any:
        """Dynamically resolve the synced collection to the corresponding base type.

        The in-memory data is converted; nothing is loaded.

        Returns
        -------
        Collection
            An equivalent unsynced collection satisfying :meth:`is_base_type`.
        """

    @abstractmethod
    def _update(self, data: Any) -> None:
        """Update the in-memory representation to match the provided data.

        The update is in place, reusing nested collections where possible;
        afterwards ``self == data``.

        Parameters
        ----------
        data : Collection
            A collection satisfying :meth:`is_base_type`.
        """

    # -- conversion ----------------------------------------------------------
    @classmethod
    def _from_base(cls, data: Any, **kwargs: Any) -> Any:
        """Dynamically resolve the type of object to the corresponding synced collection.

        ``data`` must already be validated. Mappings and non-string sequences
        become synced collections of the same backend (found through the
        registry filled by ``__init_subclass__`` and :meth:`is_base_type`);
        NumPy data becomes plain Python data; other values are returned as is.

        Parameters
        ----------
        data : Collection
            Data to be converted from base type.
        **kwargs
            Any keyword arguments to pass to the collection constructor.

        Returns
        -------
        Collection
            Synced object of corresponding base type.
        """
        data_type = type(data)
        if data_type in _PLAIN_TYPES:
            return data
        backend = cls._backend_name()
        target = _from_base_cache.get((backend, data_type))
        if target is not None:
            return target._new_child(data, kwargs)
        kind = _type_resolver.get_type(data)
        if kind == "PRIMITIVE":
            return data
        if kind == "SYNCEDCOLLECTION":
            data = data()
        elif kind == "NUMPY":
            data = _convert_numpy(data)
            if _type_resolver.get_type(data) == "PRIMITIVE":
                return data
        for base_cls in SyncedCollection.registry[backend]:
            if base_cls.is_base_type(data):
                if data_type in (dict, list, tuple):
                    _from_base_cache[(backend, data_type)] = base_cls
                return base_cls(data=data, _validate=False, **kwargs)
        return data

    @classmethod
    def _new_child(cls, data: Any, kwargs: dict[str, Any]) -> Any:
        """Construct a nested collection holding ``data`` (already validated).

        Nested collections are created for every container in loaded data, so
        this is a hot path. When every ``__init__`` in the class's MRO is one of
        this package's (so construction has no side effects beyond setting
        attributes) and a nested collection's state apart from ``_data`` and
        ``_parent`` consists of immutable values, that state is recorded once
        per class and copied into new objects instead of running the chain of
        constructors; the data type fills in ``_data`` with :meth:`_fill`.
        """
        template = _child_templates.get(cls)
        if template and len(kwargs) == 1 and "parent" in kwargs:
            child = cls.__new__(cls)
            state = child.__dict__
            state.update(template)
            parent = state["_parent"] = kwargs["parent"]
            state["_root"] = _root_of(parent)
            child._fill(data)
            return child
        child = cls(data=data, _validate=False, **kwargs)
        if template is None and len(kwargs) == 1 and "parent" in kwargs:
            _child_templates[cls] = _child_template(cls, child)
        return child

    def _fill(self, data: Any) -> None:
        """Set the in-memory data of a new collection from validated base-type data."""
        raise NotImplementedError

    # -- validation ----------------------------------------------------------
    #: Convert int, bool and None keys to str (with a DeprecationWarning) before
    #: validation, at any depth (signac 1.7's JSON collections).
    _convert_legacy_keys: ClassVar[bool] = False

    def _prepare(self, data: Any) -> Any:
        """Validate new data, converting legacy keys where enabled; return the data to store.

        The conversion walk only runs when validation rejects a key, so data with
        string keys costs one validation pass.
        """
        try:
            self._validate(data)
        except KeyTypeError:
            if not self._convert_legacy_keys:
                raise
            converted = _legacy_keys_to_str(data, set())
            if converted is data:
                raise
            self._validate(converted)
            return converted
        return data

    def _validate(self, data: Any) -> None:
        """Validate the input data.

        Parameters
        ----------
        data : Collection
            A collection satisfying :meth:`is_base_type`.
        """
        for validator in self._all_validators:
            validator(data)

    # -- synchronization -----------------------------------------------------
    @property
    def _top(self) -> Any:
        """The top-level collection (``self`` if it has no parent): the one that syncs."""
        collection = self
        while collection._parent is not None:
            collection = collection._parent
        return collection

    @property
    def _lock_id(self) -> Any:
        """Identify the resource for thread locking (the root object by default)."""
        return id(self)

    @property
    def _thread_lock(self) -> Any:
        if not type(self)._threading_support_is_active:
            return _NULL_LOCK
        return _thread_lock_for(self._top._lock_id)

    @contextmanager
    def _suspend_sync(self) -> Iterator[None]:
        """Prevent loads and saves of this collection within the context."""
        self._suspend_sync_ += 1
        try:
            yield
        finally:
            self._suspend_sync_ -= 1

    def _update_suspended(self, data: Any) -> None:
        """:meth:`_update` with loads and saves suspended (as :meth:`_suspend_sync`, inlined)."""
        state = self.__dict__  # (see __init__)
        state["_suspend_sync_"] += 1
        try:
            self._update(data)
        finally:
            state["_suspend_sync_"] -= 1

    def _load(self) -> None:
        """Load the data from the backend.

        Only the root of nested collections reads the resource; nested
        collections delegate to their parent.
        """
        if self._suspend_sync_ > 0:
            return
        if self._parent is not None:
            self._parent._load()
            return
        # Under the write lock, so that a read never replaces data that a
        # concurrent writer in another thread has modified but not yet saved.
        with self._thread_lock:
            data = self._load_from_resource()
            if data is not None:
                self._update_suspended(data)

    def _save(self) -> None:
        """Save the data to the backend.

        Only the root of nested collections writes the resource; nested
        collections delegate to their parent.
        """
        if self._suspend_sync_ > 0:
            return
        if self._parent is not None:
            self._parent._save()
            return
        self._save_to_resource()

    def _resync_after_error(self) -> None:
        """Reload after a failed modification so memory matches the resource again."""
        try:
            self._load()
        except Exception:  # the original error is the one to report
            pass

    # -- threading -----------------------------------------------------------
    @classmethod
    def enable_multithreading(cls) -> None:
        """Enable safety checks and thread locks required for thread safety.

        Raises
        ------
        ValueError
            If this class does not support multithreading.
        """
        if not cls._supports_threading:
            raise ValueError(f"{cls.__name__} does not support multithreaded execution.")
        cls._threading_support_is_active = True

    # Note: the switches set the flag on the class they are called on; subclasses
    # that were not switched individually follow it.

    @classmethod
    def disable_multithreading(cls) -> None:
        """Disable all safety checks and thread locks required for thread safety.

        The locks have a nontrivial cost, so single-threaded programs may turn
        them off.
        """
        cls._threading_support_is_active = False

    # -- common behaviour ----------------------------------------------------
    def __call__(self) -> Any:
        """Get an equivalent plain (unsynced) copy of the data, loading it first."""
        self._load()
        return self._to_base()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SyncedCollection):
            return self() == other()
        return self() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self())

    def __str__(self) -> str:
        return str(self())

    def __len__(self) -> int:
        self._load()
        return len(self._data)

    def __iter__(self) -> Iterator[Any]:
        self._load()
        return iter(self._data)

    def __contains__(self, item: object) -> bool:
        self._load()
        return item in self._data

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_suspend_sync_"] = 0
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    _data: Any
    _parent: SyncedCollection | None
    _root: SyncedCollection | None
    _suspend_sync_: int


__all__ = ["SyncedCollection"]
