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
    FALSE,
    MISSING,
    TRUE,
    All,
    And,
    Leaf,
    Node,
    Not,
    Or,
    compile_node,
    hkey,
    order_class,
    resolve,
    unhkey,
)

_EMPTY: Any = frozenset()  # never mutated


class Index:
    """The index of one dotted key: hash key of the value -> set of ids."""

    __slots__ = ("key", "parts", "buckets", "present", "floats", "_numbers", "_strings")

    def __init__(self, key: str):
        self.key = key
        self.parts = tuple(key.split("."))
        self.buckets: dict[Any, set] = {}
        self.present: set = set()
        #: ids whose value is a float (1 and 1.0 share a bucket; $type tells them apart)
        self.floats: set = set()
        self._numbers: list | None = None
        self._strings: list | None = None

    def build(self, docs: Mapping[Any, Any]) -> None:
        """Fill the index from ``{id: doc}``."""
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
            if t is str or t is int:
                h = v
            elif t is float:
                h = v
                floats.add(_id)
            else:
                h = hkey(v)
                if isinstance(v, float):
                    floats.add(_id)
            b = buckets.get(h)
            if b is None:
                buckets[h] = {_id}
            else:
                b.add(_id)
            present.add(_id)
        self._numbers = self._strings = None

    def add(self, _id: Any, doc: Any) -> None:
        """Add one document."""
        v = resolve(doc, self.parts)
        if v is MISSING:
            return
        h = hkey(v)
        if isinstance(v, float):
            self.floats.add(_id)
        b = self.buckets.get(h)
        if b is None:
            self.buckets[h] = {_id}
            self._numbers = self._strings = None
        else:
            b.add(_id)
        self.present.add(_id)

    def remove(self, _id: Any, doc: Any) -> None:
        """Remove one document (that was added before)."""
        v = resolve(doc, self.parts)
        if v is MISSING:
            return
        h = hkey(v)
        b = self.buckets.get(h)
        if b is not None:
            b.discard(_id)
            if not b:
                del self.buckets[h]
                self._numbers = self._strings = None
        self.present.discard(_id)
        self.floats.discard(_id)

    def clear(self) -> None:
        """Remove all documents."""
        self.buckets.clear()
        self.present.clear()
        self.floats.clear()
        self._numbers = self._strings = None

    def sorted_keys(self, cls: int) -> list:
        """Return the sorted distinct numbers (cls 1) or strings (cls 2)."""
        if cls == 1:
            if self._numbers is None:
                # hkey() turns every number into an int or a float; drop NaN
                self._numbers = sorted(
                    [h for h in self.buckets if (type(h) is float or type(h) is int) and h == h]
                )
            return self._numbers
        if self._strings is None:
            self._strings = sorted([h for h in self.buckets if type(h) is str])
        return self._strings

    def union(self, keys: Any) -> set:
        """Return the union of the buckets of *keys* (keys that exist)."""
        buckets = self.buckets
        sets = [buckets[k] for k in keys if k in buckets]
        if not sets:
            return set()
        if len(sets) == 1:
            return sets[0]
        return set().union(*sets)

    def union_sorted(self, keys: list) -> set:
        """Return the union of the buckets of *keys*, a slice of :meth:`sorted_keys`."""
        if not keys:
            return set()
        if len(keys) == 1:
            return self.buckets[keys[0]]
        return set().union(*map(self.buckets.__getitem__, keys))


class IndexView(Mapping):
    """A live, read-only view of an index: value -> frozenset of primary keys.

    Values are looked up by JSON equality: ``view[1]`` also finds documents
    holding ``1.0``, lists are looked up as lists or tuples, and ``True`` is
    not ``1``. Iteration yields the distinct values (lists as tuples).
    """

    def __init__(self, index: Index):
        self._index = index

    def __getitem__(self, value: Any) -> frozenset:
        try:
            return frozenset(self._index.buckets[hkey(value)])
        except TypeError:
            raise KeyError(value) from None

    def __contains__(self, value: object) -> bool:
        try:
            return hkey(value) in self._index.buckets
        except TypeError:
            return False

    def __iter__(self) -> Iterator[Any]:
        return (unhkey(h) for h in list(self._index.buckets))

    def __len__(self) -> int:
        return len(self._index.buckets)

    def __repr__(self) -> str:
        return f"<IndexView key={self._index.key!r} values={len(self)}>"


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


class Evaluator:
    """Evaluate parsed filters on a collection's documents and indexes.

    Parameters
    ----------
    docs : dict
        ``{id: doc}``.
    get_index : callable
        ``get_index(key) -> Index``, building the index if needed.
    has_index : callable
        ``has_index(key) -> bool``.

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

    def ids(self, node: Node) -> set:
        """Return the set of ids matching *node*."""
        if isinstance(node, Leaf):
            return self._leaf(node)
        if isinstance(node, And):
            return self._and(node.children)
        if isinstance(node, Or):
            sets = [self.ids(c) for c in node.children]
            return set().union(*sets)
        if isinstance(node, Not):
            return self.all_ids() - self.ids(node.child)
        if isinstance(node, All):
            return self.all_ids()
        raise TypeError(f"Not a filter node: {node!r}")  # pragma: no cover

    def _cost(self, node: Node) -> int:
        """Rough order in which to evaluate the children of an $and."""
        if isinstance(node, Leaf):
            indexed = self.has_index(node.key) or node.key == self.primary_key
            if node.op in ("$eq", "$in"):
                return 0 if indexed else 2
            if node.op in ("$gt", "$gte", "$lt", "$lte", "$near"):
                return 1 if indexed else 3
            return 4 if indexed else 5
        if isinstance(node, And):
            return min(self._cost(c) for c in node.children)
        return 6

    def _and(self, children: list[Node]) -> set:
        n = len(self.docs)
        result: set | None = None
        for child in sorted(children, key=self._cost):
            if result is not None:
                if not result:
                    return result
                if len(result) * 8 < n and not all(self.has_index(k) for k in child.keys()):
                    # few candidates left: test them directly instead of indexing
                    f = compile_node(child)
                    docs = self.docs
                    result = {i for i in result if f(docs[i])}
                    continue
            s = self.ids(child)
            result = s if result is None else (result & s)
        return result if result is not None else self.all_ids()

    def _leaf(self, leaf: Leaf) -> set:
        op = leaf.op
        if op == "$eq" and leaf.key == self.primary_key and type(leaf.arg) in (str, int):
            # by primary key: no index needed
            return {leaf.arg} if leaf.arg in self.docs else set()
        index = self.get_index(leaf.key)
        if op == "$eq":
            return index.buckets.get(leaf.extra, _EMPTY)
        if op == "$in":
            return index.union(leaf.extra)
        if op == "$ne":
            return index.present - index.buckets.get(leaf.extra, _EMPTY)
        if op == "$nin":
            return index.present - index.union(leaf.extra)
        if op == "$exists":
            if leaf.arg:
                return index.present
            return self.all_ids() - index.present
        if op in ("$gt", "$gte", "$lt", "$lte"):
            return self._compare(index, op, leaf.arg, leaf.pred)
        if op == "$near":
            return self._near(index, leaf)
        if op == "$regex":
            search = leaf.extra.search
            return index.union(
                [h for h in index.buckets if type(h) is str and search(h) is not None]
            )
        if op == "$type":
            return self._type(index, leaf.arg)
        # $where, and anything else: test each document's actual value
        pred = leaf.pred
        parts = leaf.parts
        docs = self.docs
        return {i for i in index.present if pred(resolve(docs[i], parts))}

    @staticmethod
    def _compare(index: Index, op: str, arg: Any, pred: Callable[[Any], bool]) -> set:
        cls = order_class(arg)
        if cls in (1, 2):
            keys = index.sorted_keys(cls)
            if op == "$gt":
                selected = keys[bisect_right(keys, arg) :]
            elif op == "$gte":
                selected = keys[bisect_left(keys, arg) :]
            elif op == "$lt":
                selected = keys[: bisect_left(keys, arg)]
            else:
                selected = keys[: bisect_right(keys, arg)]
            return index.union_sorted(selected)
        if cls == 3:
            return index.union([s for s in (TRUE, FALSE) if pred(s.value)])
        return set()

    @staticmethod
    def _near(index: Index, leaf: Leaf) -> set:
        value, rel_tol, abs_tol = leaf.extra
        keys = index.sorted_keys(1)
        if rel_tol < 1:
            width = max(abs_tol, rel_tol * abs(value) / (1 - rel_tol)) * (1 + 1e-12) + 1e-300
            lo = bisect_left(keys, value - width)
            hi = bisect_right(keys, value + width)
            candidates = keys[lo:hi]
        else:
            candidates = keys
        pred = leaf.pred
        return index.union([h for h in candidates if pred(h)])

    def _type(self, index: Index, name: str) -> set:
        if name in ("int", "float", "number"):
            if name == "float":
                return index.floats
            numbers = index.union_sorted(index.sorted_keys(1))
            if name == "number":
                return numbers | index.floats  # | adds NaN, which is not sorted
            return numbers - index.floats
        wanted = {"bool": (TRUE, FALSE), "null": (None,)}.get(name)
        if wanted is not None:
            return index.union(wanted)
        kind = {"str": str, "list": tuple, "dict": frozenset}.get(name)
        return index.union([h for h in index.buckets if type(h) is kind])
