"""Test helpers: hypothesis strategies for documents and filters, and MongoDB queries.

The strategies generate documents and filters from the operator set;
:func:`to_mongo` translates a filter into the equivalent MongoDB query.

Requires ``hypothesis`` (the ``test`` extra). Other packages (e.g. signac-core's
``find_jobs``) can reuse the strategies to test their filtering against
:func:`signac_collection.compile_filter`.

Where this package's filter semantics (signac 1.7's) differ from MongoDB's,
:func:`to_mongo` states it by rewriting the query:

- A document lacking the key matches no condition on it (MongoDB: ``$ne``,
  ``$nin`` and ``{'a': None}`` match missing keys). Every condition gets
  ``'$exists': True``; a top-level ``$not`` becomes ``$nor``.
- Values compare as Python compares them: ``True == 1`` and ``False == 0``
  (MongoDB: booleans are not numbers), so equality and ``$in`` name both
  twins; ordering operators compare booleans with numbers and strings with
  strings, and other pairings do not match (MongoDB's type bracketing, which
  the mongoeco reference server does not apply): the condition gets the
  matching ``$type``, and the booleans that satisfy it are listed.
- ``$type: 'int'`` also matches booleans (``isinstance(True, int)``).
- Nested mappings in a filter are partial matches on dotted keys
  (``{'n': {'x': 1}}`` is ``{'n.x': 1}``; MongoDB: exact embedded document).
  The rewritten query uses dotted keys.
- There is no implicit matching of list *elements* (MongoDB matches
  ``{'l': 1}`` against ``[1, 2]``). The strategies only query list-valued keys
  with list arguments and scalar-valued keys with scalar arguments, where both
  agree; lists hold no booleans.
- ``$where`` and ``$near`` (numeric closeness) have no MongoDB equivalent and
  are not translated. The strategies leave out ``$type: 'bool'``: a collection,
  like signac 1.7, tests the representative of equal values (``1`` and ``True``
  share one), which depends on the order of the documents.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ._filters import ALL, All, Fail, Filter, Leaf, Node, Not, Or, parse_filter_tree

__all__ = ["MONGO_TYPES", "documents", "filters", "leaf_filters", "to_mongo"]

SCALAR_KEYS = ["a", "b", "n", "n.x"]
ORDER_OPS = ["$gt", "$gte", "$lt", "$lte"]
TYPE_NAMES = ["str", "int", "float", "null", "list"]
REGEXES = ["a", "^a", "b$", "1", "a|b", "^$", ".", "^[ab]+$", "A"]

scalars = st.one_of(
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.0, -1.0, 0.5, 2.5, -2.5, 1e-10]),
    st.booleans(),
    st.none(),
    st.text(alphabet="ab1A", max_size=3),
)
lists = st.lists(
    st.one_of(st.integers(-2, 2), st.sampled_from([1.0, 2.0]), st.text("ab", max_size=2)),
    max_size=3,
)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """Draw a document with scalar keys 'a', 'b', an optional 'n' and a list key 'l'.

    ``'n'`` is missing, a scalar, or a mapping with optional scalar keys
    ``'x'`` and ``'y'``; ``'l'`` is missing or a list of scalars.
    """
    doc = {}
    for key in ("a", "b"):
        if draw(st.booleans()) or key == "a" and draw(st.booleans()):
            doc[key] = draw(scalars)
    kind = draw(st.sampled_from(["missing", "scalar", "dict", "dict"]))
    if kind == "scalar":
        doc["n"] = draw(scalars)
    elif kind == "dict":
        n = {}
        if draw(st.booleans()) or draw(st.booleans()):
            n["x"] = draw(scalars)
        if draw(st.booleans()):
            n["y"] = draw(scalars)
        doc["n"] = n
    if draw(st.booleans()):
        doc["l"] = draw(lists)
    return doc


def _scalar_leaf(draw, key):
    op = draw(
        st.sampled_from(
            ["implicit", "$eq", "$ne", *ORDER_OPS, "$in", "$nin", "$exists", "$regex", "$type"]
        )
    )
    if op == "implicit":
        value = draw(scalars)
        if key == "n.x" and draw(st.booleans()):
            return {"n": {"x": value}}  # nested mapping form
        return {key: value}
    if op in ("$in", "$nin"):
        arg = draw(st.lists(scalars, max_size=3))
    elif op == "$exists":
        arg = draw(st.booleans())
    elif op == "$regex":
        arg = draw(st.sampled_from(REGEXES))
    elif op == "$type":
        arg = draw(st.sampled_from(TYPE_NAMES))
    elif op in ORDER_OPS:
        arg = draw(
            st.one_of(
                st.integers(-3, 3),
                st.sampled_from([0.5, 1.0, -2.5]),
                st.text("ab1", max_size=2),
                st.booleans(),
            )
        )
    else:
        arg = draw(scalars)
    return {key: {op: arg}}


def _list_leaf(draw):
    op = draw(st.sampled_from(["implicit", "$eq", "$ne", "$in", "$nin", "$exists", "$type"]))
    if op == "implicit":
        return {"l": draw(lists)}
    if op in ("$in", "$nin"):
        return {"l": {op: draw(st.lists(lists, max_size=2))}}
    if op == "$exists":
        return {"l": {op: draw(st.booleans())}}
    if op == "$type":
        return {"l": {op: "list"}}
    return {"l": {op: draw(lists)}}


@st.composite
def leaf_filters(draw: Any) -> dict[str, Any]:
    """Draw a filter with one condition (sometimes negated with ``$not``).

    The operator sometimes sits in the key: ``{'a.$lt': 1}``.
    """
    if draw(st.integers(0, 4)) == 0:
        leaf = _list_leaf(draw)
    else:
        leaf = _scalar_leaf(draw, draw(st.sampled_from(SCALAR_KEYS)))
    ((key, cond),) = leaf.items()
    if isinstance(cond, dict) and next(iter(cond)).startswith("$"):
        if draw(st.integers(0, 5)) == 0:
            return {"$not": leaf}
        if draw(st.integers(0, 5)) == 0:
            ((op, arg),) = cond.items()
            return {f"{key}.{op}": arg}
    return leaf


def filters(max_leaves: int = 8) -> st.SearchStrategy[dict[str, Any]]:
    """Return a strategy of filters made of leaves, ``$and``, ``$or`` and ``$not``.

    Parameters
    ----------
    max_leaves : int
        The maximum number of conditions in one filter.

    Returns
    -------
    SearchStrategy
        Filters valid for :meth:`Collection.find` and :func:`to_mongo`.
    """
    return st.recursive(
        leaf_filters(),
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda fs: {"$and": fs}),
            st.lists(children, min_size=1, max_size=3).map(lambda fs: {"$or": fs}),
            st.tuples(leaf_filters(), leaf_filters()).map(_merge),
        ),
        max_leaves=max_leaves,
    )


def _merge(pair):
    a, b = pair
    if set(a) & set(b):
        return {"$and": [a, b]}
    return {**a, **b}


#: Our ``$type`` names -> MongoDB's.
MONGO_TYPES: dict[str, Any] = {
    "str": "string",
    "int": ["int", "long", "bool"],
    "float": "double",
    "bool": "bool",
    "null": "null",
    "list": "array",
}

_COMPARE = {
    "$gt": lambda v, a: v > a,
    "$gte": lambda v, a: v >= a,
    "$lt": lambda v, a: v < a,
    "$lte": lambda v, a: v <= a,
}


def to_mongo(filter: Any) -> dict[str, Any]:
    """Return the MongoDB query that selects what *filter* selects here.

    See the module docstring for the rewriting rules.

    Parameters
    ----------
    filter : dict or None
        A filter without ``$where`` and ``$near``.

    Returns
    -------
    dict
        The MongoDB query.

    Raises
    ------
    ValueError
        The filter uses ``$where`` or ``$near``.
    """
    return _node_to_mongo(parse_filter_tree(filter))


def _twins(value: Any) -> list[Any]:
    """Return the values MongoDB needs to match what equals *value* here."""
    if type(value) is bool:
        return [value, int(value)]
    if type(value) in (int, float) and value in (0, 1):
        return [value, bool(value)]
    return [value]


def _node_to_mongo(node: Node) -> dict[str, Any]:
    if isinstance(node, All) or node is ALL:
        return {}
    if isinstance(node, Fail):
        raise node.make_error()
    if isinstance(node, Filter):
        parts = [*node.terms, *node.logical]
        if len(parts) == 1:
            return _node_to_mongo(parts[0])
        return {"$and": [_node_to_mongo(c) for c in parts]}
    if isinstance(node, Or):
        return {"$or": [_node_to_mongo(c) for c in node.children]}
    if isinstance(node, Not):
        return {"$nor": [_node_to_mongo(node.child)]}
    assert isinstance(node, Leaf)
    op, arg, key = node.op, node.arg, node.key
    if op == "$exists":
        return {key: {"$exists": arg}}
    if op in ("$where", "$near"):
        raise ValueError(f"{op} has no MongoDB equivalent")
    if op == "$type":
        return {key: {"$exists": True, "$type": MONGO_TYPES[arg]}}
    if op in _COMPARE:
        if type(arg) is str:
            return {key: {"$exists": True, op: arg, "$type": "string"}}
        if type(arg) not in (int, float, bool):  # None, lists, mappings: never match here
            return {key: {"$in": []}}
        bools = [b for b in (False, True) if _COMPARE[op](b, arg)]
        number = int(arg) if type(arg) is bool else arg
        return {
            "$or": [
                {key: {"$exists": True, op: number, "$type": "number"}},
                {key: {"$in": bools}},
            ]
        }
    if op in ("$in", "$nin"):
        values = [t for a in arg for t in _twins(a)]
        return {key: {"$exists": True, op: values}}
    twins = _twins(arg)
    if len(twins) == 1:
        return {key: {"$exists": True, op: arg}}
    return {key: {"$exists": True, "$in" if op == "$eq" else "$nin": twins}}
