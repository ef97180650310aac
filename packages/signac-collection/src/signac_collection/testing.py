"""Test helpers: hypothesis strategies for documents and filters, and MongoDB queries.

The strategies generate documents and filters from the operator set;
:func:`to_mongo` translates a filter into the equivalent MongoDB query.

Requires ``hypothesis`` (the ``test`` extra). Other packages (e.g. signac-core's
``find_jobs``) can reuse the strategies to test their filtering against
:func:`signac_collection.compile_filter`.

Where this package's filter semantics differ from MongoDB's on purpose,
:func:`to_mongo` states it by rewriting the query:

- A document lacking the key matches no condition on it (MongoDB: ``$ne``,
  ``$nin`` and ``{'a': None}`` match missing keys). Every condition gets
  ``'$exists': True``; ``$not`` becomes ``$nor`` of the rewritten condition.
- Ordering operators compare numbers with numbers, strings with strings and
  booleans with booleans only (MongoDB's type bracketing, which the mongoeco
  reference server does not apply): the condition gets the matching ``$type``.
- Nested mappings in a filter are partial matches on dotted keys
  (``{'n': {'x': 1}}`` is ``{'n.x': 1}``; MongoDB: exact embedded document).
  The rewritten query uses dotted keys.
- There is no implicit matching of list *elements* (MongoDB matches
  ``{'l': 1}`` against ``[1, 2]``). The strategies only query list-valued keys
  with list arguments and scalar-valued keys with scalar arguments, where both
  agree.
- Whole numbers match across int and float in both (``1 == 1.0``), and
  ``True`` is not ``1`` in both: no rewriting needed.
- ``$where`` and ``$near`` (numeric closeness) have no MongoDB equivalent and
  are not translated.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ._filters import ALL, All, And, Leaf, Node, Not, Or, parse_filter_tree

__all__ = ["MONGO_TYPES", "documents", "filters", "leaf_filters", "to_mongo"]

SCALAR_KEYS = ["a", "b", "n", "n.x"]
ORDER_OPS = ["$gt", "$gte", "$lt", "$lte"]
TYPE_NAMES = ["str", "int", "float", "bool", "null", "list", "dict", "number"]
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
    """Draw a filter with one condition (sometimes negated with ``$not``)."""
    if draw(st.integers(0, 4)) == 0:
        leaf = _list_leaf(draw)
    else:
        leaf = _scalar_leaf(draw, draw(st.sampled_from(SCALAR_KEYS)))
    ((key, cond),) = leaf.items()
    if isinstance(cond, dict) and next(iter(cond)).startswith("$") and draw(st.integers(0, 5)) == 0:
        return {key: {"$not": cond}}
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
    "int": ["int", "long"],
    "float": "double",
    "number": "number",
    "bool": "bool",
    "null": "null",
    "list": "array",
    "dict": "object",
}

_ORDER_TYPE = {int: "number", float: "number", str: "string", bool: "bool"}


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
    """
    return _node_to_mongo(parse_filter_tree(filter))


def _node_to_mongo(node: Node) -> dict[str, Any]:
    if isinstance(node, All) or node is ALL:
        return {}
    if isinstance(node, And):
        return {"$and": [_node_to_mongo(c) for c in node.children]}
    if isinstance(node, Or):
        return {"$or": [_node_to_mongo(c) for c in node.children]}
    if isinstance(node, Not):
        return {"$nor": [_node_to_mongo(node.child)]}
    assert isinstance(node, Leaf)
    op, arg = node.op, node.arg
    if op == "$exists":
        return {node.key: {"$exists": arg}}
    if op in ("$where", "$near"):
        raise ValueError(f"{op} has no MongoDB equivalent")
    cond: dict[str, Any] = {"$exists": True}
    if op == "$type":
        cond["$type"] = MONGO_TYPES[arg]
    elif op in ("$gt", "$gte", "$lt", "$lte"):
        mongo_type = _ORDER_TYPE.get(type(arg))
        if mongo_type is None:  # None, lists, mappings: never match here
            return {node.key: {"$in": []}}  # matches nothing
        cond[op] = arg
        cond["$type"] = mongo_type
    else:
        cond[op] = arg
    return {node.key: cond}
