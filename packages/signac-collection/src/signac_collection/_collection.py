"""The :class:`Collection`: documents in memory or in a file, searchable by filters."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any

from ._documents import fast_copy, json_copy
from ._files import FileBinding
from ._filters import All, Node, parse_filter_tree
from ._io import _CollectionIO
from ._query import Evaluator, Index, IndexView
from .errors import DuplicateKeyError, InvalidDocumentError

__all__ = ["Collection"]

Doc = dict[str, Any]


class _CollectionSearchResults:
    """The result of :meth:`Collection.find`: re-iterable, with a length.

    The result always reflects the current state of the collection: the
    matching documents are determined when :meth:`Collection.find` is called,
    and determined again (once) after the collection has changed, so the
    length and the iterated documents agree and every document yielded
    matches the filter.
    """

    __slots__ = ("_collection", "_node", "_limit", "_ids", "_changes")

    def __init__(self, collection: Collection, node: Node, limit: int = 0):
        self._collection = collection
        self._node = node
        self._limit = limit
        self._ids = collection._find_node(node, limit)
        self._changes = collection._changes

    def _current(self) -> list[Any]:
        collection = self._collection
        collection._check_open()
        if self._changes != collection._changes:
            self._ids = collection._find_node(self._node, self._limit)
            self._changes = collection._changes
        return self._ids

    @property
    def ids(self) -> list[Any]:
        """The primary keys of the matching documents, in collection order."""
        return list(self._current())

    def __iter__(self) -> Iterator[Doc]:
        return self._collection._iter_docs(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def count(self) -> int:
        """Return the number of matching documents."""
        return len(self._current())

    def __repr__(self) -> str:
        return f"<search results: {len(self)} documents>"


class Collection(_CollectionIO):
    """A collection of documents, searchable with MongoDB-style filters.

    A document is a mapping of string keys to JSON values. The collection keeps
    its documents in memory, optionally associated with a file on disk (see
    :meth:`open`). For example, to find the names of all members aged 32::

        members = Collection([{'name': 'John', 'age': 32}, {'name': 'Alice', 'age': 28}])
        for doc in members.find({'age': 32}):
            print(doc['name'])

    Documents are validated and copied when they are stored, and copied when
    they are returned, so changing a returned document never changes the
    collection; use :meth:`replace_one`, :meth:`update` or item assignment.

    Parameters
    ----------
    docs : iterable of dict, optional
        Initialize the collection with these documents (JSON copies are
        stored). Documents without a primary key are assigned one, which is
        also set on the given document, as in signac 1.7.
    primary_key : str
        The name of the key that identifies documents (default ``'_id'``).
        Looking documents up by primary key is O(1) on average.
    compresslevel : int
        The gzip compression level (0-9) for files written by this collection;
        any positive value implies compression (default 0).
    _trust : bool
        Store the given documents as they are, without validating or copying
        them (for callers that already hold private, valid documents). A
        missing primary key is then set on the given document.

    Raises
    ------
    ValueError
        When *docs* is a string (use :meth:`open` for files).
    """

    def __init__(
        self,
        docs: Iterable[Mapping[str, Any]] | None = None,
        primary_key: str = "_id",
        compresslevel: int = 0,
        _trust: bool = False,
    ):
        if isinstance(docs, (str, bytes, os.PathLike)):
            raise ValueError(
                "The first argument of Collection() is an iterable of documents; "
                "to open a collection file, use Collection.open(filename)."
            )
        if not isinstance(primary_key, str) or not primary_key or "." in primary_key:
            raise ValueError(f"Invalid primary key name: {primary_key!r}")
        if not isinstance(compresslevel, int) or not 0 <= compresslevel <= 9:
            raise ValueError(f"compresslevel must be an integer from 0 to 9, not {compresslevel!r}")
        self._primary_key = primary_key
        self.compresslevel = compresslevel
        self._docs: dict[Any, Doc] = {}
        self._seq: dict[Any, int] = {}
        self._next_seq = 0
        self._next_id = 0
        self._indexes: dict[str, Index] = {}
        self._binding: FileBinding | None = None
        #: signac 1.7's in-memory buffer, filled by flush(); None for a file-backed collection
        self._file: io.StringIO | io.BytesIO | None = (
            io.BytesIO() if compresslevel > 0 else io.StringIO()
        )
        self._dirty = False
        #: counts changes of the documents (search results re-evaluate when it moved)
        self._changes = 0
        self._closed = False
        self._evaluator = Evaluator(
            self._docs, self._get_index, self._indexes.__contains__, primary_key
        )
        if docs is not None:
            self._load(docs, _trust)

    # ------------------------------------------------------------------
    # internals
    # ------------------------------------------------------------------

    def _load(self, docs: Iterable[Any], trust: bool) -> None:
        """Add *docs* to an empty collection (no indexes yet); later duplicates win.

        Documents without a primary key get one that no document of *docs*
        has, so a generated key never shadows a given one; as in signac 1.7,
        it is also written into the given document (when that is mutable).
        """
        pk = self._primary_key
        store = self._docs
        seq = self._seq
        loaded: list[tuple[Any, Any]] = []
        missing = False
        for doc in docs:
            if trust:
                if not isinstance(doc, Mapping):
                    raise TypeError(f"A document must be a mapping, not {type(doc).__name__}")
                stored = doc
            else:
                stored = self._validated(doc)
            if not missing and pk not in stored:
                missing = True
            loaded.append((doc, stored))
        given: set[Any] = set()
        if missing:
            given = {d[pk] for _, d in loaded if pk in d}
        for doc, stored in loaded:
            _id = stored.get(pk)
            if _id is None:
                _id = self._new_id()
                while _id in given:
                    _id = self._new_id()
                stored[pk] = _id
                if doc is not stored and isinstance(doc, MutableMapping):
                    doc[pk] = _id
            if _id not in seq:
                seq[_id] = self._next_seq
                self._next_seq += 1
            store[_id] = stored
        if self._indexes:  # pragma: no cover - only called on new collections
            for index in self._indexes.values():
                index.clear()
                index.build(store)

    def _validated(self, doc: Any) -> Doc:
        """Return the JSON round trip of *doc* (see :func:`._documents.json_copy`)."""
        if not isinstance(doc, Mapping):
            raise TypeError(f"A document must be a mapping, not {type(doc).__name__}: {doc!r}")
        copy = json_copy(doc)
        if self._primary_key in copy:
            _check_id(copy[self._primary_key])
        return copy

    def _new_id(self) -> str:
        while True:
            _id = f"{self._next_id:032x}"
            self._next_id += 1
            if _id not in self._docs:
                return _id

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("The collection is closed.")

    def _store(self, _id: Any, doc: Doc) -> None:
        """Insert or replace the document *doc* (already validated) under *_id*."""
        old = self._docs.get(_id)
        if old is not None:
            for index in self._indexes.values():
                index.remove(_id, old)
        else:
            self._seq[_id] = self._next_seq
            self._next_seq += 1
        self._docs[_id] = doc
        for index in self._indexes.values():
            index.add(_id, doc)
        self._dirty = True
        self._changes += 1

    def _remove(self, _id: Any) -> None:
        doc = self._docs.pop(_id)
        del self._seq[_id]
        for index in self._indexes.values():
            index.remove(_id, doc)
        self._dirty = True
        self._changes += 1

    def _get_index(self, key: str) -> Index:
        index = self._indexes.get(key)
        if index is None:
            index = Index(key)
            index.build(self._docs)
            self._indexes[key] = index
        return index

    def _ordered(self, ids: set, limit: int = 0) -> list[Any]:
        """Return *ids* in collection (insertion) order, at most *limit* of them."""
        n = len(ids)
        if n == 0:
            return []
        if n * 16 < len(self._docs):
            result = sorted(ids, key=self._seq.__getitem__)
        else:
            result = [i for i in self._docs if i in ids]
        if limit:
            del result[limit:]
        return result

    # ------------------------------------------------------------------
    # searching
    # ------------------------------------------------------------------

    def find_ids(self, filter: Mapping[str, Any] | None = None, limit: int = 0) -> list[Any]:
        """Return the primary keys of the documents matching *filter*.

        This is :meth:`find` without copying documents: it uses (and builds)
        the indexes of the keys in the filter, and returns the primary keys in
        collection order.

        Parameters
        ----------
        filter : dict, optional
            All documents must match the given filter (Default value = None).
        limit : int
            Do not return more than *limit* ids; 0 (the default) means no limit.

        Returns
        -------
        list
            The primary keys of the matching documents.

        Raises
        ------
        ValueError
            The filter is invalid.
        TypeError
            The filter is not JSON-encodable.
        """
        _check_limit(limit)
        return self._find_node(self._parse(filter), limit)

    def _parse(self, filter: Any) -> Node:
        return parse_filter_tree(filter, self._primary_key)

    def _find_node(self, node: Node, limit: int = 0, strict: bool = True) -> list[Any]:
        """Return the ids matching *node* in collection order.

        With *strict* False (the changing methods), a filter without any
        condition, e.g. a primary key that names no document, matches nothing
        instead of failing 1.7's assertion.
        """
        self._check_open()
        if isinstance(node, All):
            ids = list(self._docs)
            return ids[:limit] if limit else ids
        return self._ordered(self._evaluator.ids(node, strict), limit)

    def _find_to_change(self, filter: Any, limit: int = 0) -> list[Any]:
        return self._find_node(self._parse(filter), limit, strict=False)

    def find(
        self, filter: Mapping[str, Any] | None = None, limit: int = 0
    ) -> _CollectionSearchResults:
        """Find all documents matching *filter*, but not more than *limit*.

        Nested values are addressed with dots: ``{'nested.value': 42}`` matches
        ``{'nested': {'value': 42}}`` (as does ``{'nested': {'value': 42}}``,
        which is flattened to the former). The result can be iterated over
        several times and has a length::

            docs = collection.find({'a': {'$lt': 5}})
            print(len(docs))
            for doc in docs:
                pass

        Operators (the operator may also sit in the key: ``{'a.$lt': 5}``):

        - ``$eq``, ``$ne``, ``$gt``, ``$gte``, ``$lt``, ``$lte``: comparisons as
          in Python, lists as tuples (``1 == 1.0 == True``); a comparison Python
          refuses (``'a' < 1``) does not match.
        - ``$and``, ``$or`` (a non-empty list of filters), ``$not`` (a filter,
          at the top level of a filter).
        - ``$exists``: ``{'a': {'$exists': True}}``.
        - ``$in``, ``$nin``: ``{'a': {'$in': [0, 1, 2]}}``.
        - ``$regex``: ``{'protocol': {'$regex': 'foo'}}`` (``re.search``).
        - ``$type``: ``'int'`` (booleans included), ``'float'``, ``'bool'``,
          ``'str'``, ``'list'``, ``'null'``.
        - ``$where``: the source of a Python function of the value, e.g.
          ``{'foo': {'$where': "lambda x: x.startswith('bar')"}}`` (it is
          evaluated with :func:`eval`: never use untrusted filters; its errors
          propagate).
        - ``$near``: ``[value, rel_tol, abs_tol]`` as in :func:`math.isclose`
          (defaults ``rel_tol=1e-9``, ``abs_tol=0``).

        Documents lacking a key match no condition on it except ``$not`` and
        ``{'$exists': False}``. As in signac 1.7, the plain conditions are
        evaluated in order until one leaves no candidate, then ``$not``,
        ``$and`` and ``$or``; an error in a part that is not reached is not
        raised.

        Parameters
        ----------
        filter : dict, optional
            All documents must match the given filter (Default value = None).
        limit : int
            Do not return more than *limit* documents; 0 (the default) means
            no limit.

        Returns
        -------
        _CollectionSearchResults
            A re-iterable result over all matching documents. After a change
            of the collection it finds the matching documents again, so it
            always agrees with the collection's current state.

        Raises
        ------
        InvalidFilterError
            In case that the filter argument is invalid (a ``ValueError`` and a
            ``KeyError``: :class:`~signac_collection.errors.FilterKeyError` for an
            unknown or misplaced operator, :class:`~signac_collection.errors.FilterValueError`
            for a bad argument).
        TypeError
            In case that the filter is not JSON-encodable.
        AssertionError
            The filter holds no condition: its primary key names no document
            (or a logical operator has a null argument), as in signac 1.7.
        RuntimeError
            The collection is closed.
        """
        _check_limit(limit)
        return _CollectionSearchResults(self, self._parse(filter), limit)

    def find_one(self, filter: Mapping[str, Any] | None = None) -> Doc | None:
        """Return one document that matches the filter or None.

        Parameters
        ----------
        filter : dict, optional
            The returned document must match the given filter (Default value = None).

        Returns
        -------
        dict or None
            A matching document (the first in collection order) or None.

        Raises
        ------
        ValueError
            In case that the filter argument is invalid.
        """
        ids = self.find_ids(filter, limit=1)
        return fast_copy(self._docs[ids[0]]) if ids else None

    def index(self, key: str, build: bool = False) -> IndexView:
        """Get (and optionally build) the index for a given key.

        The index maps each value found at *key* to the primary keys of the
        documents holding it, e.g.::

            age_index = member_collection.index('age', build=True)
            for _id in age_index[32]:
                print(member_collection[_id]['name'])

        :meth:`find` builds the indexes it needs. An index is kept current with
        every later change of the collection, and the returned view is live.

        Parameters
        ----------
        key : str
            The (dotted) key of the requested index.
        build : bool
            If True, build a missing index, otherwise raise KeyError (Default value = False).

        Returns
        -------
        Mapping
            A read-only mapping: value -> frozenset of primary keys.

        Raises
        ------
        KeyError
            In case *build* is False and the index has not been built yet.
        """
        self._check_open()
        if key in self._indexes:
            return IndexView(self._indexes[key])
        if not build:
            raise KeyError(key)
        return IndexView(self._get_index(key))

    # ------------------------------------------------------------------
    # changing
    # ------------------------------------------------------------------

    def insert_one(self, doc: Mapping[str, Any]) -> Any:
        """Insert one document into the collection.

        If the document has no value for the primary key yet, it is assigned
        one, and the given document is updated with it (it must therefore be
        mutable)::

            _id = collection.insert_one(doc)
            assert _id in collection

        Parameters
        ----------
        doc : dict
            The document to be inserted.

        Returns
        -------
        str
            The primary key of the inserted document.

        Raises
        ------
        DuplicateKeyError
            A document with the same primary key exists (a ``ValueError``).
        TypeError
            The document is not JSON-encodable, or its primary key not a string.
        InvalidKeyError
            A key of the document contains a dot (a ``ValueError``).
        """
        self._check_open()
        stored = self._validated(doc)
        pk = self._primary_key
        if pk in stored:
            _id = stored[pk]
            if _id in self._docs:
                raise DuplicateKeyError(f"A document with {pk} {_id!r} exists already.")
        else:
            _id = self._new_id()
            doc[pk] = _id  # type: ignore[index]
            stored[pk] = _id
        self._store(_id, stored)
        return _id

    def replace_one(
        self,
        filter: Mapping[str, Any] | None,
        replacement: Mapping[str, Any],
        upsert: bool = False,
    ) -> Any:
        """Replace one document that matches the given filter.

        The first document matching the filter is replaced by *replacement*,
        which keeps the replaced document's primary key. If *upsert* is True
        and no document matches, *replacement* is inserted.

        Parameters
        ----------
        filter : dict
            A document that should be replaced must match this filter.
        replacement : dict
            The replacement document.
        upsert : bool
            Insert the replacement if no document matches (Default value = False).

        Returns
        -------
        str or None
            The primary key of the replaced (or upserted) document, or None.

        Raises
        ------
        ValueError
            The filter is invalid, or the replacement carries a different primary key.
        """
        self._check_open()
        ids = self._find_to_change(filter, limit=1)
        if ids:
            _id = ids[0]
            stored = self._validated(replacement)
            pk = self._primary_key
            if pk in stored and stored[pk] != _id:
                raise InvalidDocumentError(
                    f"The replacement's {pk} {stored[pk]!r} differs from the replaced "
                    f"document's {_id!r}."
                )
            stored[pk] = _id
            self._store(_id, stored)
            return _id
        if upsert:
            return self.insert_one(replacement)
        return None

    def update(self, docs: Iterable[Mapping[str, Any]]) -> None:
        """Update the collection with these documents.

        Documents whose primary key exists replace the existing ones; the
        others are inserted (and assigned a primary key if they have none,
        which is also set on the given document: it must be mutable).

        All documents are checked before the collection changes: if one of
        them is invalid, the collection is left as it was.

        Parameters
        ----------
        docs : iterable of dict
            A sequence of documents to be upserted into the collection.

        Raises
        ------
        TypeError
            A document is not a JSON-encodable mapping, or lacks a primary
            key and is immutable.
        InvalidKeyError
            A key of a document contains a dot (a ``ValueError``).
        """
        self._check_open()
        pk = self._primary_key
        given: list[tuple[Any, Doc]] = []
        for doc in docs:
            stored = self._validated(doc)
            if pk not in stored and not isinstance(doc, MutableMapping):
                raise TypeError(
                    f"A document without {pk!r} must be mutable to be assigned one, not "
                    f"{type(doc).__name__}."
                )
            given.append((doc, stored))
        taken = {stored[pk] for _, stored in given if pk in stored}
        for doc, stored in given:
            if pk in stored:
                self._store(stored[pk], stored)
            else:
                _id = self._new_id()
                while _id in taken:
                    _id = self._new_id()
                stored[pk] = _id
                doc[pk] = _id  # type: ignore[index]
                self._store(_id, stored)

    def delete_one(self, filter: Mapping[str, Any] | None) -> None:
        """Delete one document that matches the filter.

        Parameters
        ----------
        filter : dict
            The document that should be deleted must match this filter.
        """
        self._check_open()
        for _id in self._find_to_change(filter, limit=1):
            self._remove(_id)

    def delete_many(self, filter: Mapping[str, Any] | None) -> None:
        """Delete all documents that match the filter.

        Parameters
        ----------
        filter : dict
            A document that should be deleted must match this filter
            (``None`` or ``{}`` deletes all documents).
        """
        self._check_open()
        for _id in self._find_to_change(filter):
            self._remove(_id)

    def clear(self) -> None:
        """Remove all documents from the collection."""
        self._check_open()
        self._docs.clear()
        self._seq.clear()
        for index in self._indexes.values():
            index.clear()
        self._dirty = True
        self._changes += 1

    # ------------------------------------------------------------------
    # mapping-like access by primary key
    # ------------------------------------------------------------------

    @property
    def primary_key(self) -> str:
        """Get the name of the collection's primary key (default='_id')."""
        return self._primary_key

    @property
    def ids(self) -> Iterator[Any]:
        """Get an iterator over the primary keys in the collection."""
        self._check_open()
        return iter(list(self._docs))

    def __len__(self) -> int:
        self._check_open()
        return len(self._docs)

    def __iter__(self) -> Iterator[Doc]:
        self._check_open()
        return self._iter_docs(list(self._docs))

    def _iter_docs(self, ids: list[Any]) -> Iterator[Doc]:
        docs = self._docs
        for _id in ids:
            doc = docs.get(_id)
            if doc is not None:  # deleted while iterating
                yield fast_copy(doc)

    def __contains__(self, _id: object) -> bool:
        try:
            return _id in self._docs
        except TypeError:
            return False

    def __getitem__(self, _id: Any) -> Doc:
        self._check_open()
        return fast_copy(self._docs[_id])

    def __setitem__(self, _id: Any, doc: Mapping[str, Any], _trust: bool = False) -> None:
        """Store *doc* under the primary key *_id*.

        As in signac 1.7, the primary key is first set on *doc* when it has
        none, then a JSON copy is stored (so ``c[_id] == doc`` afterwards).
        With *_trust*, *doc* itself is stored, unvalidated: the caller
        promises a valid document it does not change afterwards.

        Raises
        ------
        TypeError
            *_id* is not a string, or *doc* is not JSON-encodable.
        InvalidKeyError
            A key of *doc* contains a dot.
        InvalidDocumentError
            *doc* carries a different primary key.
        """
        self._check_open()
        _check_id(_id)
        pk = self._primary_key
        if pk not in doc and isinstance(doc, MutableMapping):
            doc[pk] = _id
        stored: Any = doc if _trust else self._validated(doc)
        if stored.get(pk, _id) != _id:
            raise InvalidDocumentError(
                f"The document's {pk} {stored[pk]!r} differs from the key {_id!r}."
            )
        if pk not in stored:  # an immutable document
            stored[pk] = _id
        self._store(_id, stored)

    def __delitem__(self, _id: Any) -> None:
        self._check_open()
        if _id not in self._docs:
            raise KeyError(_id)
        self._remove(_id)

    def __repr__(self) -> str:
        where = f" file={self._binding.filename!r}" if self._binding is not None else ""
        return f"<{type(self).__name__}{where} documents={len(self._docs)} primary_key={self._primary_key!r}>"


def _check_limit(limit: Any) -> None:
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(f"limit must be an integer, not {type(limit).__name__}")
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")


def _check_id(_id: Any) -> None:
    if type(_id) is not str:
        raise TypeError(f"A primary key must be a string, not {type(_id).__name__}: {_id!r}.")
