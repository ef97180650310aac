"""Defines a buffering protocol for :class:`~.SyncedCollection` objects.

Synchronization can be expensive; buffering lets many in-memory modifications
happen before data is synchronized. Every buffered collection exposes a local
context manager, ``with collection.buffered:`` (``collection.buffered()`` works
too), and every backend a class-level one, :meth:`BufferedCollection.buffer_backend`,
that puts all buffered collections of that backend in buffered mode. The
contexts nest freely; the buffer is flushed when the last one is exited.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from ..data_types.synced_collection import SyncedCollection


class _BufferState:
    """The shared state of one buffering implementation.

    ``depth`` counts open backend-wide contexts; ``local`` counts the open
    ``buffered`` contexts of collections per resource (``_lock_id``), whose data
    stays buffered until their last context closes.
    """

    __slots__ = ("depth", "local", "lock")

    def __init__(self) -> None:
        self.depth = 0
        self.local: dict[Any, int] = {}
        self.lock = threading.RLock()


class _BufferBackendContext:
    """The backend-wide buffering context: a reusable, re-entrant counter.

    ``buffer_backend()`` returns it; calling it with no arguments returns
    itself, so ``with cls.buffer_backend():`` and ``with cm():`` are the same.
    When the last backend context exits, the buffer is flushed, except data of
    collections whose own ``buffered`` context is still open (they flush when
    that closes).
    """

    __slots__ = ("_cls", "_capacities", "_capacity")

    def __init__(self, cls: type[BufferedCollection], capacity: int | None = None):
        self._cls = cls
        self._capacity = capacity
        self._capacities: list[Any] = []

    def __call__(self) -> _BufferBackendContext:
        return self

    def __enter__(self) -> _BufferBackendContext:
        cls = self._cls
        state = cls._BUFFER_STATE
        with state.lock:
            if self._capacity is not None:
                self._capacities.append(cls.get_buffer_capacity())  # type: ignore[attr-defined]
                cls.set_buffer_capacity(self._capacity)  # type: ignore[attr-defined]
            state.depth += 1
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        cls = self._cls
        state = cls._BUFFER_STATE
        with state.lock:
            state.depth -= 1
            last = state.depth == 0
            try:
                if last:
                    cls._flush_backend()
            finally:
                if self._capacity is not None:
                    cls.set_buffer_capacity(self._capacities.pop())  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._cls.__name__}>"


class _BufferedContext:
    """The local ``buffered`` context of one collection (usable with or without a call).

    Reusable and re-entrant: it counts on the top-level collection, which is
    flushed when its last context (local or backend-wide) closes.
    """

    __slots__ = ("_collection",)

    def __init__(self, collection: BufferedCollection):
        self._collection = collection

    def __call__(self) -> _BufferedContext:
        return self

    def __enter__(self) -> _BufferedContext:
        root = self._collection._top
        state = root._BUFFER_STATE
        with state.lock:
            root._buffered_ += 1
            key = root._lock_id
            state.local[key] = state.local.get(key, 0) + 1
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        root = self._collection._top
        state = root._BUFFER_STATE
        with state.lock:
            root._buffered_ -= 1
            key = root._lock_id
            count = state.local[key] - 1
            if count:
                state.local[key] = count
            else:
                del state.local[key]
            if not root._is_buffered:
                root._flush()


class BufferedCollection(SyncedCollection):
    """A :class:`~.SyncedCollection` defining an interface for buffering.

    **The default behavior of this class is not to buffer.** It defines the
    interface so that client code can always write ``with collection.buffered:``
    to say that the resource will not be modified by others during the block;
    subclasses decide what buffering means.

    :meth:`_load` and :meth:`_save` check whether buffering is active. If not,
    they behave as in :class:`~.SyncedCollection`; otherwise they call the
    hooks :meth:`_load_from_buffer` and :meth:`_save_to_buffer`, which by
    default access the resource directly.

    Thread safety depends on the buffering method and the backend.
    """

    _BUFFER_STATE: ClassVar[Any] = _BufferState()
    _backend_context: ClassVar[_BufferBackendContext | None] = None
    _buffered_: int

    def __init__(self, *args: Any, **kwargs: Any):
        self.__dict__["_buffered_"] = 0  # (private state: see SyncedCollection.__init__)
        super().__init__(*args, **kwargs)

    @property
    def buffered(self) -> _BufferedContext:
        """Context manager that buffers this collection (and its nested collections).

        Use as ``with collection.buffered:`` or ``with collection.buffered():``.
        When the last buffering context that covers the collection exits, its
        buffered data is flushed.
        """
        return _BufferedContext(self)

    @property
    def _is_buffered(self) -> bool:
        """Check if we should write to the buffer or not."""
        return self._top._buffered_ > 0 or self._BUFFER_STATE.depth > 0

    @classmethod
    def backend_is_buffered(cls) -> bool:
        """Check if this backend is currently buffered."""
        return cls._BUFFER_STATE.depth > 0

    @classmethod
    def buffer_backend(cls, *args: Any, **kwargs: Any) -> _BufferBackendContext:
        """Enter context to buffer all operations for this backend.

        Returns
        -------
        context manager
            A reusable, re-entrant counter context (calling it returns itself).
            Leaving the last one flushes the buffer, except collections whose
            own ``buffered`` context is still open.
        """
        context = cls.__dict__.get("_backend_context")
        if context is None:
            context = _BufferBackendContext(cls)
            cls._backend_context = context
        return context

    @classmethod
    def _flush_backend(cls) -> None:
        """Flush on leaving the last backend context (by default: the whole buffer)."""
        cls._flush_buffer()

    def _load(self) -> None:
        """Load data from the backend, or from the buffer in buffered mode."""
        if self._suspend_sync_ > 0:
            return
        if self._parent is not None:
            self._parent._load()
            return
        with self._thread_lock:
            if self._is_buffered:
                data = self._load_from_buffer()
            else:
                data = self._load_from_resource()
            if data is not None:
                self._update_suspended(data)

    def _save(self) -> None:
        """Save data to the backend, or to the buffer in buffered mode."""
        if self._suspend_sync_ > 0:
            return
        if self._parent is not None:
            self._parent._save()
            return
        if self._is_buffered:
            self._save_to_buffer()
        else:
            self._save_to_resource()

    def _load_from_buffer(self) -> Any:
        """Load data while buffered; by default directly from the resource.

        Returns
        -------
        Collection or None
            The buffered data (as in :meth:`_load_from_resource`).
        """
        return self._load_from_resource()

    def _save_to_buffer(self) -> None:
        """Store data while buffered; by default directly to the resource."""
        self._save_to_resource()

    def _flush(self) -> None:
        """Flush data associated with this instance from the buffer."""

    @classmethod
    def _flush_buffer(cls) -> None:
        """Flush all data in this class's buffer."""

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["_buffered_"] = 0
        return state


__all__ = ["BufferedCollection"]
