"""Parse MongoDB-style filters into a tree and evaluate it on plain documents.

The same parsed tree is evaluated in two ways: :func:`compile_filter` turns it
into a predicate for single documents (plain dicts), and
:mod:`._query` evaluates it against the indexes of a :class:`Collection`.
Both share the per-value predicates built here, so they agree by construction.

Semantics (signac 1.7, documented in the package README):

- ``{'a.b': 1}`` and ``{'a': {'b': 1}}`` are the same filter: nested mappings
  without operator keys are flattened into dotted keys (a partial match).
- Equality compares JSON values: ``1 == 1.0`` (whole numbers match across int
  and float), ``True != 1``, lists compare element-wise, mappings by content.
  There is no implicit matching of list *elements*.
- A document lacking the key never matches a comparison (including ``$ne`` and
  ``$nin``); ``$not`` and ``{'$exists': False}`` match documents lacking it.
- Ordering operators compare numbers with numbers, strings with strings and
  booleans with booleans; any other pairing does not match (no ``TypeError``).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

from .errors import InvalidFilterError

__all__ = ["compile_filter", "matches", "parse_filter_tree"]

#: Returned by :func:`resolve` for a key the document does not have.
MISSING: Any = type("_MissingType", (), {"__repr__": lambda self: "MISSING"})()


class _Sentinel:
    __slots__ = ("name", "value")

    def __init__(self, name: str, value: bool):
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return self.name


#: Hash keys of ``True`` and ``False``: distinct from the numbers 1 and 0.
TRUE = _Sentinel("<true>", True)
FALSE = _Sentinel("<false>", False)


def hkey(value: Any) -> Any:
    """Return the hashable key of a JSON value, used for equality and indexes.

    Numbers map to themselves (so ``1`` and ``1.0`` share a key), booleans to
    sentinels (so ``True`` and ``1`` do not), lists to tuples, mappings to
    frozensets of items.
    """
    t = type(value)
    if t is str or t is int or t is float or value is None:
        return value
    if t is bool:
        return TRUE if value else FALSE
    if t is list or t is tuple:
        return tuple([hkey(v) for v in value])
    if isinstance(value, Mapping):
        return frozenset([(k, hkey(v)) for k, v in value.items()])
    if isinstance(value, bool):  # pragma: no cover - bool cannot be subclassed
        return TRUE if value else FALSE
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)):
        return tuple([hkey(v) for v in value])
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays
    if tolist is not None:
        return hkey(tolist())
    return value


def unhkey(key: Any) -> Any:
    """Return a hashable, user-facing value for an index key (lists as tuples)."""
    if isinstance(key, _Sentinel):
        return key.value
    if type(key) is tuple:
        return tuple(unhkey(k) for k in key)
    return key


#: Ordering classes: only values of the same class are compared.
_NUMBER, _STRING, _BOOL = 1, 2, 3


def order_class(value: Any) -> int:
    """Return the ordering class of a value (0: not orderable)."""
    t = type(value)
    if t is int or t is float:
        return _NUMBER
    if t is str:
        return _STRING
    if t is bool:
        return _BOOL
    if isinstance(value, bool):  # pragma: no cover
        return _BOOL
    if isinstance(value, numbers.Real):
        return _NUMBER
    if isinstance(value, str):
        return _STRING
    return 0


def is_number(value: Any) -> bool:
    """Return whether *value* is a number (and not a boolean)."""
    t = type(value)
    if t is int or t is float:
        return True
    return t is not bool and isinstance(value, numbers.Real)


def resolve(doc: Any, parts: tuple[str, ...]) -> Any:
    """Return the value at the dotted path *parts* of *doc*, or :data:`MISSING`."""
    value = doc
    for part in parts:
        if type(value) is dict or isinstance(value, Mapping):
            try:
                value = value[part]
            except KeyError:
                return MISSING
        else:
            return MISSING
    return value


# ---------------------------------------------------------------------------
# $type names
# ---------------------------------------------------------------------------

TYPE_NAMES: dict[str, str] = {
    "str": "str",
    "string": "str",
    "int": "int",
    "float": "float",
    "double": "float",
    "number": "number",
    "bool": "bool",
    "list": "list",
    "array": "list",
    "tuple": "list",
    "null": "null",
    "none": "null",
    "NoneType": "null",
    "dict": "dict",
    "object": "dict",
}

_PY_TYPES: dict[Any, str] = {
    str: "str",
    int: "int",
    float: "float",
    bool: "bool",
    list: "list",
    tuple: "list",
    dict: "dict",
    type(None): "null",
}


def type_name(value: Any) -> str:
    """Return the ``$type`` name of a value."""
    t = type(value)
    name = _PY_TYPES.get(t)
    if name is not None:
        return name
    if isinstance(value, bool):  # pragma: no cover
        return "bool"
    if isinstance(value, numbers.Integral):
        return "int"
    if isinstance(value, numbers.Real):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, Mapping):
        return "dict"
    if isinstance(value, (list, tuple)):
        return "list"
    return t.__name__


def type_matches(wanted: str, value: Any) -> bool:
    """Return whether *value* is of the (normalised) ``$type`` name *wanted*."""
    name = type_name(value)
    if wanted == "number":
        return name in ("int", "float")
    return name == wanted


# ---------------------------------------------------------------------------
# The parsed tree
# ---------------------------------------------------------------------------


class Node:
    """Base class of parsed filter nodes."""

    __slots__ = ()

    def keys(self) -> set[str]:
        """Return the (dotted) keys this node refers to."""
        return set()


class All(Node):
    """Matches every document (the empty filter)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "All()"


class And(Node):
    """All children must match."""

    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = children

    def keys(self) -> set[str]:
        return set().union(*(c.keys() for c in self.children))

    def __repr__(self) -> str:
        return f"And({self.children!r})"


class Or(Node):
    """At least one child must match."""

    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = children

    def keys(self) -> set[str]:
        return set().union(*(c.keys() for c in self.children))

    def __repr__(self) -> str:
        return f"Or({self.children!r})"


class Not(Node):
    """The child must not match (documents lacking the key do match)."""

    __slots__ = ("child",)

    def __init__(self, child: Node):
        self.child = child

    def keys(self) -> set[str]:
        return self.child.keys()

    def __repr__(self) -> str:
        return f"Not({self.child!r})"


class Leaf(Node):
    """One operator applied to the value at one key.

    Attributes
    ----------
    key : str
        The dotted key.
    parts : tuple of str
        The key split at dots.
    op : str
        The operator, e.g. ``'$eq'``.
    arg : object
        The (normalised) operator argument.
    pred : callable
        ``pred(value) -> bool`` for a value that is present.
    """

    __slots__ = ("key", "parts", "op", "arg", "pred", "extra")

    def __init__(self, key: str, op: str, arg: Any, pred: Callable[[Any], bool], extra: Any = None):
        self.key = key
        self.parts = tuple(key.split("."))
        self.op = op
        self.arg = arg
        self.pred = pred
        self.extra = extra

    def keys(self) -> set[str]:
        return {self.key}

    def __repr__(self) -> str:
        return f"Leaf({self.key!r}, {self.op!r}, {self.arg!r})"


ALL = All()


# ---------------------------------------------------------------------------
# Validation: JSON-encodability, $type arguments given as Python types
# ---------------------------------------------------------------------------


def _path_str(path: list[str]) -> str:
    return "".join(f"[{p!r}]" for p in path) or "the filter"


def _clean(obj: Any, path: list[Any]) -> Any:
    """Return a JSON-shaped copy of *obj*; raise TypeError naming a bad part."""
    t = type(obj)
    if t is str or t is int or t is float or t is bool or obj is None:
        return obj
    if isinstance(obj, Mapping):
        out = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise TypeError(
                    f"Filters must be JSON-encodable: key {k!r} at {_path_str(path)} is not a string."
                )
            if k == "$type" and (isinstance(v, type) or v is None):
                name = _PY_TYPES.get(v) if v is not None else "null"
                if name is None:
                    raise InvalidFilterError(
                        f"Unsupported $type {v!r} at {_path_str([*path, k])}; use one of "
                        "str, int, float, bool, list, dict, null."
                    )
                out[k] = name
            else:
                out[k] = _clean(v, [*path, k])
        return out
    if isinstance(obj, (list, tuple)):
        return [_clean(v, [*path, i]) for i, v in enumerate(obj)]
    if isinstance(obj, (str, int, float)):  # subclasses, e.g. enums
        return obj
    raise TypeError(
        f"Filters must be JSON-encodable: {obj!r} (type {t.__name__}) at "
        f"{_path_str(path)} is not a JSON value."
    )


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------

COMPARISON_OPS = ("$gt", "$gte", "$lt", "$lte")
FIELD_OPS = frozenset(
    {
        "$eq",
        "$ne",
        "$gt",
        "$gte",
        "$lt",
        "$lte",
        "$in",
        "$nin",
        "$exists",
        "$regex",
        "$type",
        "$where",
        "$near",
        "$not",
    }
)
LOGICAL_OPS = frozenset({"$and", "$or", "$not"})


def _never(value: Any) -> bool:
    return False


def _comparison_pred(op: str, arg: Any) -> Callable[[Any], bool]:
    cls = order_class(arg)
    if cls == 0:
        return _never
    if cls == _NUMBER:

        def same(v: Any) -> bool:
            t = type(v)
            return t is int or t is float or (t is not bool and isinstance(v, numbers.Real))

    elif cls == _STRING:

        def same(v: Any) -> bool:
            return type(v) is str or isinstance(v, str)

    else:

        def same(v: Any) -> bool:
            return type(v) is bool

    if op == "$gt":
        return lambda v: same(v) and v > arg
    if op == "$gte":
        return lambda v: same(v) and v >= arg
    if op == "$lt":
        return lambda v: same(v) and v < arg
    return lambda v: same(v) and v <= arg


def near_args(arg: Any, where: str) -> tuple[float, float, float]:
    """Validate a ``$near`` argument: a number or ``[value, rel_tol, abs_tol]``."""
    if is_number(arg):
        seq = [arg]
    elif isinstance(arg, list) and 1 <= len(arg) <= 3:
        seq = list(arg)
    else:
        raise InvalidFilterError(
            f"$near at {where} expects a number or a list [value, rel_tol, abs_tol], got {arg!r}."
        )
    for x in seq:
        if not is_number(x):
            raise InvalidFilterError(f"$near at {where}: {x!r} in {arg!r} is not a number.")
    value = seq[0]
    rel_tol = seq[1] if len(seq) > 1 else 1e-9
    abs_tol = seq[2] if len(seq) > 2 else 0.0
    if rel_tol < 0 or abs_tol < 0:
        raise InvalidFilterError(f"$near at {where}: tolerances must not be negative, got {arg!r}.")
    return value, rel_tol, abs_tol


#: Exceptions a ``$where`` function may raise on a value of the wrong type;
#: they mean "no match". Anything else propagates.
WHERE_IGNORED = (TypeError, AttributeError, ValueError, KeyError, IndexError)


def _where_pred(source: Any, where: str) -> Callable[[Any], bool]:
    if not isinstance(source, str):
        raise InvalidFilterError(
            f"$where at {where} expects the source of a function, e.g. 'lambda x: x > 0', "
            f"got {source!r}."
        )
    try:
        func = eval(source, {})  # noqa: S307 - documented: $where evaluates Python source
    except Exception as error:
        raise InvalidFilterError(
            f"$where at {where}: cannot evaluate {source!r}: {error}"
        ) from None
    if not callable(func):
        raise InvalidFilterError(f"$where at {where}: {source!r} is not a function.")

    def pred(v: Any) -> bool:
        try:
            return bool(func(v))
        except WHERE_IGNORED:
            return False

    return pred


def make_leaf(key: str, op: str, arg: Any) -> Leaf:
    """Validate one ``key: {op: arg}`` condition and return its :class:`Leaf`."""
    where = f"key {key!r}"
    if op == "$eq":
        h = hkey(arg)
        return Leaf(key, op, arg, lambda v: hkey(v) == h, h)
    if op == "$ne":
        h = hkey(arg)
        return Leaf(key, op, arg, lambda v: hkey(v) != h, h)
    if op in ("$in", "$nin"):
        if not isinstance(arg, list):
            raise InvalidFilterError(f"{op} at {where} expects a list, got {arg!r}.")
        hs = frozenset(hkey(a) for a in arg)
        if op == "$in":
            return Leaf(key, op, arg, lambda v: hkey(v) in hs, hs)
        return Leaf(key, op, arg, lambda v: hkey(v) not in hs, hs)
    if op in COMPARISON_OPS:
        return Leaf(key, op, arg, _comparison_pred(op, arg))
    if op == "$exists":
        if not isinstance(arg, (bool, int)) or isinstance(arg, float):
            raise InvalidFilterError(f"$exists at {where} expects true or false, got {arg!r}.")
        return Leaf(key, op, bool(arg), lambda v: True)
    if op == "$regex":
        if not isinstance(arg, str):
            raise InvalidFilterError(f"$regex at {where} expects a string, got {arg!r}.")
        try:
            pattern = re.compile(arg)
        except re.error as error:
            raise InvalidFilterError(
                f"$regex at {where}: invalid regular expression {arg!r}: {error}"
            ) from None
        search = pattern.search
        return Leaf(key, op, arg, lambda v: type(v) is str and search(v) is not None, pattern)
    if op == "$type":
        name = TYPE_NAMES.get(arg) if isinstance(arg, str) else None
        if name is None:
            raise InvalidFilterError(
                f"$type at {where}: unknown type {arg!r}; use one of "
                "str, int, float, bool, list, dict, null (or number)."
            )
        return Leaf(key, op, name, lambda v: type_matches(name, v))
    if op == "$near":
        value, rel_tol, abs_tol = near_args(arg, where)
        isclose = math.isclose

        def near(v: Any) -> bool:
            return is_number(v) and isclose(v, value, rel_tol=rel_tol, abs_tol=abs_tol)

        return Leaf(key, op, arg, near, (value, rel_tol, abs_tol))
    if op == "$where":
        return Leaf(key, op, arg, _where_pred(arg, where))
    if op in ("$and", "$or"):
        raise InvalidFilterError(
            f"The logical operator {op} at {where} is only valid at the top level of a filter "
            f"(or inside $and/$or/$not), e.g. {{'{op}': [{{'{key}': ...}}, ...]}}."
        )
    raise InvalidFilterError(f"Unknown operator {op!r} at {where}.")


def _is_operator_mapping(value: Any, key: str) -> bool:
    """Return whether a mapping value holds operators (all keys start with '$')."""
    flags = [k.startswith("$") for k in value]
    if all(flags):
        return True
    if any(flags):
        raise InvalidFilterError(
            f"The value for key {key!r} mixes operators and plain keys: {dict(value)!r}."
        )
    return False


def _parse_ops(key: str, ops: Mapping[str, Any]) -> list[Node]:
    nodes: list[Node] = []
    for op, arg in ops.items():
        if op == "$not":
            if isinstance(arg, Mapping) and arg and _is_operator_mapping(arg, key):
                inner = _parse_ops(key, arg)
                nodes.append(Not(inner[0] if len(inner) == 1 else And(inner)))
            elif isinstance(arg, Mapping) and arg:
                nodes.append(Not(_parse_mapping(arg, key + ".")))
            else:
                nodes.append(Not(make_leaf(key, "$eq", arg)))
        else:
            nodes.append(make_leaf(key, op, arg))
    return nodes


def _check_key(key: str, prefix: str) -> None:
    if key == "" or "" in key.split("."):
        raise InvalidFilterError(f"Invalid key {prefix + key!r} in filter: empty key segment.")


def _parse_logical(op: str, arg: Any) -> Node:
    if op == "$not":
        if not isinstance(arg, Mapping):
            raise InvalidFilterError(f"$not at the top level expects a filter, got {arg!r}.")
        return Not(_parse_mapping(arg, ""))
    if not isinstance(arg, list):
        raise InvalidFilterError(f"{op} expects a list of filters, got {arg!r}.")
    if not arg:
        raise InvalidFilterError(f"{op} expects a non-empty list of filters.")
    children = []
    for item in arg:
        if not isinstance(item, Mapping):
            raise InvalidFilterError(
                f"{op} expects a list of filters, but {item!r} is not a mapping."
            )
        children.append(_parse_mapping(item, ""))
    return And(children) if op == "$and" else Or(children)


def _parse_mapping(filter: Mapping[str, Any], prefix: str) -> Node:
    nodes: list[Node] = []
    for key, value in filter.items():
        if key.startswith("$"):
            if prefix:  # pragma: no cover - guarded by _is_operator_mapping
                raise InvalidFilterError(f"Operator {key!r} below key {prefix[:-1]!r}.")
            if key in LOGICAL_OPS:
                nodes.append(_parse_logical(key, value))
            elif key in FIELD_OPS:
                raise InvalidFilterError(
                    f"The operator {key!r} needs a key, e.g. {{'a': {{'{key}': ...}}}}, "
                    "but it was used at the top level of the filter."
                )
            else:
                raise InvalidFilterError(
                    f"Unknown operator {key!r} at the top level of the filter."
                )
            continue
        _check_key(key, prefix)
        full = prefix + key
        if isinstance(value, Mapping) and value:
            if _is_operator_mapping(value, full):
                nodes.extend(_parse_ops(full, value))
            else:
                sub = _parse_mapping(value, full + ".")
                nodes.extend(sub.children if isinstance(sub, And) else [sub])
        else:
            nodes.append(make_leaf(full, "$eq", value))
    if not nodes:
        return ALL
    if len(nodes) == 1:
        return nodes[0]
    return And(nodes)


def parse_filter_tree(filter: Mapping[str, Any] | None) -> Node:
    """Validate *filter* and return its parsed tree.

    Raises
    ------
    TypeError
        The filter is not JSON-encodable (the message names the part).
    InvalidFilterError
        The filter is malformed (a ``ValueError``; the message names the part).
    """
    if filter is None:
        return ALL
    if isinstance(filter, Node):
        return filter
    if not isinstance(filter, Mapping):
        raise InvalidFilterError(
            f"A filter must be a mapping (dict) or None, not {type(filter).__name__}: {filter!r}."
        )
    return _parse_mapping(_clean(filter, []), "")


# ---------------------------------------------------------------------------
# Compilation into a predicate on one document
# ---------------------------------------------------------------------------


def _compile_leaf(leaf: Leaf) -> Callable[[Any], bool]:
    parts = leaf.parts
    pred = leaf.pred
    if leaf.op == "$exists":
        want = leaf.arg
        if len(parts) == 1:
            k = parts[0]
            return lambda doc: (k in doc) is want
        return lambda doc: (resolve(doc, parts) is not MISSING) is want
    if len(parts) == 1:
        k = parts[0]
        if leaf.op == "$eq" and type(leaf.arg) in (str, int) and type(leaf.arg) is not bool:
            arg = leaf.arg

            def eq(doc: Any) -> bool:
                v = doc.get(k, MISSING)
                if v is MISSING:
                    return False
                t = type(v)
                if t is str or t is int or t is float:
                    return v == arg
                return pred(v)

            return eq

        def single(doc: Any) -> bool:
            v = doc.get(k, MISSING)
            return v is not MISSING and pred(v)

        return single

    def nested(doc: Any) -> bool:
        v = resolve(doc, parts)
        return v is not MISSING and pred(v)

    return nested


def compile_node(node: Node) -> Callable[[Any], bool]:
    """Return a predicate ``f(doc) -> bool`` for a parsed filter tree."""
    if isinstance(node, Leaf):
        return _compile_leaf(node)
    if isinstance(node, And):
        fs = tuple(compile_node(c) for c in node.children)

        def f_and(doc: Any) -> bool:
            for f in fs:
                if not f(doc):
                    return False
            return True

        return f_and
    if isinstance(node, Or):
        fs = tuple(compile_node(c) for c in node.children)

        def f_or(doc: Any) -> bool:
            for f in fs:
                if f(doc):
                    return True
            return False

        return f_or
    if isinstance(node, Not):
        f = compile_node(node.child)
        return lambda doc: not f(doc)
    return lambda doc: True


def compile_filter(filter: Mapping[str, Any] | None) -> Callable[[Mapping[str, Any]], bool]:
    """Compile a filter once into a predicate for plain documents.

    The predicate applies exactly the semantics of :meth:`Collection.find` to a
    single mapping, without building indexes; use it to test many documents
    against the same filter, e.g.::

        match = compile_filter({'a': {'$gt': 1}, 'b.c': 'x'})
        selected = [doc for doc in docs if match(doc)]

    Parameters
    ----------
    filter : dict or None
        A filter; ``None`` and ``{}`` match every document.

    Returns
    -------
    callable
        ``match(doc) -> bool``.

    Raises
    ------
    TypeError
        The filter is not JSON-encodable.
    ValueError
        The filter is malformed (:class:`~signac_collection.errors.InvalidFilterError`).
    """
    return compile_node(parse_filter_tree(filter))


def matches(filter: Mapping[str, Any] | None, doc: Mapping[str, Any]) -> bool:
    """Return whether *doc* matches *filter* (see :func:`compile_filter`).

    Parameters
    ----------
    filter : dict or None
        The filter.
    doc : mapping
        The document.

    Returns
    -------
    bool
        True if the document matches.
    """
    return compile_filter(filter)(doc)
