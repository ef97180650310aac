"""Indexes of a collection and the index-backed evaluation of parsed filters.

An :class:`Index` maps the hash key (:func:`._filters.hkey`) of every value
found at one dotted key to the set of primary keys of the documents holding
it. Equality and ``$in`` are dictionary lookups; ordering comparisons and
``$near`` bisect a sorted list of the distinct numbers (or strings) of the
index; the other operators test each *distinct* value once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ._filters import (
    MISSING,
    NO_PK,
    All,
    Fail,
    Filter,
    Leaf,
    Node,
    Not,
    Or,
    compare,
    compile_node,
    from_hkey,
    hkey,
    is_nan,
    okey,
    resolve,
    void_error,
)

_EMPTY: Any = frozenset()  # never mutated


def bucket_key(value: Any) -> tuple[Any, bool]:
    """Return the index bucket of a value: its equality key, and whether it is a float.

    Equal values share a bucket (``1`` and ``True``), except that floats are
    kept apart from integers, as in signac 1.7; the first value stored in a
    bucket represents it (``$type`` and ``$where`` look at the representative).
    """
    return hkey(value), type(value) is float


class Index:
    """The index of one dotted key: bucket (:func:`bucket_key`) -> set of ids."""

    __slots__ = ("key", "parts", "buckets", "present", "floats", "_numbers", "_strings")

    def __init__(self, key: str):
        self.key = key
        self.parts = tuple(key.split("."))
        self.buckets: dict[Any, set] = {}
        self.present: set = set()
        #: the ids whose value is a float (the float buckets, for ``$type``)
        self.floats: set = set()
        self._numbers: tuple[list, list] | None = None
        self._strings: tuple[list, list] | None = None

    def build(self, docs: Mapping[Any, Any]) -> None:
        """Fill the index from ``{id: doc}`` (in document order)."""
        parts = self.parts
        buckets = self.buckets
        present = self.present
        floats = self.floats
        if len(parts) == 1:
            k = parts[0]
            values: Iterator[tuple[Any, Any]] = (
                (_id, doc.get(k, MISSING)) for _id, doc in docs.items()
            )
        else:
            values = ((_id, resolve(doc, parts)) for _id, doc in docs.items())
        for _id, v in values:
            if v is MISSING:
                continue
            t = type(v)
            if t is str or t is int or t is bool or v is None:
                b = (v, False)
            elif t is float:
                b = (v, True)
                floats.add(_id)
            else:
                b = bucket_key(v)
            ids = buckets.get(b)
            if ids is None:
                buckets[b] = {_id}
            else:
                ids.add(_id)
            present.add(_id)
        self._numbers = self._strings = None

    def add(self, _id: Any, doc: Any) -> None:
        """Add one document."""
        v = resolve(doc, self.parts)
        if v is MISSING:
            return
        b = bucket_key(v)
        ids = self.buckets.get(b)
        if ids is None:
            self.buckets[b] = {_id}
            self._numbers = self._strings = None
        else:
            ids.add(_id)
        self.present.add(_id)
        if b[1]:
            self.floats.add(_id)

    def remove(self, _id: Any, doc: Any) -> None:
        """Remove one document (that was added before)."""
        v = resolve(doc, self.parts)
        if v is MISSING:
            return
        b = bucket_key(v)
        ids = self.buckets.get(b)
        if ids is not None:
            ids.discard(_id)
            if not ids:
                del self.buckets[b]
                self._numbers = self._strings = None
        self.present.discard(_id)
        self.floats.discard(_id)

    def clear(self) -> None:
        """Remove all documents."""
        self.buckets.clear()
        self.present.clear()
        self.floats.clear()
        self._numbers = self._strings = None

    def lookup(self, h: Any) -> set:
        """Return the ids of the values equal to the equality key *h*."""
        buckets = self.buckets
        a = buckets.get((h, False), _EMPTY)
        b = buckets.get((h, True), _EMPTY)
        if not b:
            return a
        if not a:
            return b
        return a | b

    def sorted_keys(self, strings: bool) -> tuple[list, list]:
        """Return ``(values, buckets)`` of the numbers (or strings), sorted by value."""
        if strings:
            if self._strings is None:
                keys = sorted([b for b in self.buckets if type(b[0]) is str])
                self._strings = ([b[0] for b in keys], keys)
            return self._strings
        if self._numbers is None:
            keys = sorted(
                [b for b in self.buckets if type(b[0]) in _NUMBER_TYPES and not is_nan(b[0])],
                key=_first,
            )
            self._numbers = ([b[0] for b in keys], keys)
        return self._numbers

    def union(self, keys: Any) -> set:
        """Return the union of the buckets *keys* (that exist)."""
        buckets = self.buckets
        sets = [buckets[k] for k in keys if k in buckets]
        if not sets:
            return set()
        if len(sets) == 1:
            return sets[0]
        return set().union(*sets)

    def has_string(self) -> bool:
        """Return whether some value is a string."""
        return any(type(b[0]) is str for b in self.buckets)


_NUMBER_TYPES = (int, float, bool)


def _first(b: tuple) -> Any:
    return b[0]


class IndexView(Mapping):
    """A live, read-only view of an index: value -> frozenset of primary keys.

    Values are looked up by equality, as in signac 1.7: ``view[1]`` also finds
    documents holding ``1.0`` or ``True``, and lists are looked up as lists or
    tuples. Iteration yields the distinct values (lists as tuples; an integer
    and a float of equal value apart).
    """

    def __init__(self, index: Index):
        self._index = index

    def __getitem__(self, value: Any) -> frozenset:
        try:
            ids = self._index.lookup(hkey(value))
        except TypeError:
            raise KeyError(value) from None
        if not ids:
            raise KeyError(value)
        return frozenset(ids)

    def __contains__(self, value: object) -> bool:
        try:
            return bool(self._index.lookup(hkey(value)))
        except TypeError:
            return False

    def __iter__(self) -> Iterator[Any]:
        return (from_hkey(b[0]) for b in list(self._index.buckets))

    def __len__(self) -> int:
        return len(self._index.buckets)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} key={self._index.key!r} values={len(self)}>"


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------

#: Operators whose per-document test equals the index evaluation, errors included.
_DIRECT_OPS = frozenset(
    {"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$regex", "$exists", "$near"}
)


class Evaluator:
    """Evaluate parsed filters on a collection's documents and indexes.

    The parts of a :class:`Filter` are evaluated in signac 1.7's order (see
    :mod:`._filters`), so the same errors are raised; where no part can raise,
    the cheapest conditions go first.

    Parameters
    ----------
    docs : dict
        ``{id: doc}``.
    get_index : callable
        ``get_index(key) -> Index``, building the index if needed.
    has_index : callable
        ``has_index(key) -> bool``.
    primary_key : str, optional
        The primary key: a :class:`Filter` lookup by it needs no index.

    Sets returned by :meth:`ids` may be internal sets of an index: callers must
    not mutate them.
    """

    def __init__(
        self,
        docs: dict,
        get_index: Callable[[str], Index],
        has_index: Callable[[str], bool],
        primary_key: str | None = None,
    ):
        self.docs = docs
        self.primary_key = primary_key
        self.get_index = get_index
        self.has_index = has_index

    def all_ids(self) -> set:
        return set(self.docs)

    def ids(self, node: Node, strict: bool = True) -> set:
        """Return the set of ids matching *node*.

        With *strict* False, a filter without any condition (1.7's failed
        assertion, see :func:`._filters.void_error`) matches nothing.
        """
        if isinstance(node, Leaf):
            return self._leaf(node)
        if isinstance(node, Filter):
            return self._filter(node, strict)
        if isinstance(node, Or):
            sets = [self.ids(c, strict) for c in node.children]
            return set().union(*sets)
        if isinstance(node, Not):
            return self.all_ids() - self.ids(node.child, strict)
        if isinstance(node, Fail):
            raise node.make_error()
        if isinstance(node, All):
            return self.all_ids()
        raise TypeError(f"Not a filter node: {node!r}")  # pragma: no cover

    def _cost(self, node: Node) -> int:
        """Rough order in which to evaluate the terms of a filter."""
        if isinstance(node, Leaf):
            indexed = self.has_index(node.key)
            if node.op in ("$eq", "$in"):
                return 0 if indexed else 2
            if node.op in ("$gt", "$gte", "$lt", "$lte", "$near"):
                return 1 if indexed else 3
            return 4 if indexed else 5
        return 6

    def _filter(self, node: Filter, strict: bool) -> set:
        result: set | None = None
        void_pk = False
        if node.pk is not NO_PK:
            pk = node.pk
            if pk in self.docs:
                result = {pk}
            else:
                void_pk = True  # 1.7 ignores the condition; it matches nothing
        terms = node.terms
        if len(terms) > 1 and not any(t.may_raise() for t in terms):
            terms = sorted(terms, key=self._cost)
        n = len(self.docs)
        docs = self.docs
        for term in terms:
            if (
                result is not None
                and len(result) * 8 < n
                and isinstance(term, Leaf)
                and term.op in _DIRECT_OPS
                and term.error is None
                and not self.has_index(term.key)
            ):
                # few candidates left: test them directly instead of indexing
                f = compile_node(term)
                result = {i for i in result if f(docs[i])}
            else:
                s = self.ids(term, strict)
                result = s if result is None else (result & s)
            if not result:
                return set()
        for part in node.logical:
            s = self.ids(part, strict)
            result = s if result is None else (result & s)
        if result is None:
            if not strict:
                return set()
            raise void_error()
        return set() if void_pk else result

    def _leaf(self, leaf: Leaf) -> set:
        op = leaf.op
        index = self.get_index(leaf.key)
        if leaf.error is not None:
            if index.has_string() if leaf.error_if == "str" else index.present:
                raise leaf.error()
            return set()
        if op == "$eq":
            return index.lookup(leaf.extra) if leaf.extra is not MISSING else _EMPTY
        if op == "$in":
            return self._leaf_in(index, leaf.extra)
        if op == "$ne":
            if leaf.extra is MISSING:
                return index.present
            return index.present - index.lookup(leaf.extra)
        if op == "$nin":
            return index.present - self._leaf_in(index, leaf.extra)
        if op == "$exists":
            if leaf.arg:
                return index.present
            return self.all_ids() - index.present
        if op in ("$gt", "$gte", "$lt", "$lte"):
            return self._compare(index, op, leaf.arg)
        if op == "$near":
            return self._near(index, leaf)
        if op == "$regex":
            search = leaf.extra.search
            return index.union(
                [b for b in index.buckets if type(b[0]) is str and search(b[0]) is not None]
            )
        if op == "$type":
            return self._type(index, leaf.arg)
        # $where: call the function on each distinct value (as 1.7 does), in order
        func = leaf.extra
        return index.union([b for b in list(index.buckets) if func(from_hkey(b[0]))])

    @staticmethod
    def _leaf_in(index: Index, hs: Any) -> set:
        sets = [s for s in (index.lookup(h) for h in hs) if s]
        if not sets:
            return set()
        return sets[0] if len(sets) == 1 else set().union(*sets)

    @staticmethod
    def _compare(index: Index, op: str, arg: Any) -> set:
        if arg is None or type(arg) is dict or is_nan(arg):
            return set()
        t = type(arg)
        if t in _NUMBER_TYPES or t is str:
            values, keys = index.sorted_keys(t is str)
            if op == "$gt":
                selected = keys[bisect_right(values, arg) :]
            elif op == "$gte":
                selected = keys[bisect_left(values, arg) :]
            elif op == "$lt":
                selected = keys[: bisect_left(values, arg)]
            else:
                selected = keys[: bisect_right(values, arg)]
            return index.union(selected)
        a = okey(arg)  # a list: compare with the lists, element by element
        return index.union(
            [b for b in index.buckets if type(b[0]) is tuple and compare(op, from_hkey(b[0]), a)]
        )

    @staticmethod
    def _near(index: Index, leaf: Leaf) -> set:
        value, rel_tol, abs_tol = leaf.extra
        values, keys = index.sorted_keys(False)
        if rel_tol < 1:
            width = max(abs_tol, rel_tol * abs(value) / (1 - rel_tol)) * (1 + 1e-12) + 1e-300
            lo = bisect_left(values, value - width)
            hi = bisect_right(values, value + width)
            candidates = keys[lo:hi]
        else:
            candidates = keys
        pred = leaf.pred
        return index.union([b for b in candidates if pred(b[0])])

    @staticmethod
    def _type(index: Index, name: str) -> set:
        if name == "float":
            return index.floats
        if name == "int":
            return index.union([b for b in index.buckets if not b[1] and type(b[0]) in (int, bool)])
        if name == "bool":
            return index.union([b for b in index.buckets if type(b[0]) is bool])
        if name == "null":
            return index.union([b for b in index.buckets if b[0] is None])
        kind = str if name == "str" else tuple
        return index.union([b for b in index.buckets if type(b[0]) is kind])
