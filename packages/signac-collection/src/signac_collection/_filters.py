"""Parse MongoDB-style filters into a tree and evaluate it on plain documents.

The same parsed tree is evaluated in two ways: :func:`compile_filter` turns it
into a predicate for single documents (plain dicts), and :mod:`._query`
evaluates it against the indexes of a :class:`Collection`. Both share the
value semantics defined here.

The semantics are signac 1.7's (see the package README):

- A filter is normalised by a JSON round trip (``{1: 2}`` is ``{'1': 2}``, tuples
  are lists; values JSON cannot encode raise ``TypeError``).
- Nested mappings are flattened into dotted keys (a partial match), and an
  operator may sit in the key: ``{'a': {'b': {'$lt': 5}}}``, ``{'a.b': {'$lt': 5}}``
  and ``{'a.b.$lt': 5}`` are the same condition.
- Values compare as Python compares them, with lists as tuples: ``1 == 1.0 ==
  True``, ``[1, 2] == [1.0, 2]``; a comparison Python refuses (``'a' < 1``)
  does not match, and mappings only compare for equality.
- A document lacking the key matches no condition on it (``$ne`` and ``$nin``
  included); ``{'$exists': False}`` and a top-level ``$not`` match it.
- The parts of a mapping are evaluated in signac 1.7's order: its plain
  conditions, in order, until one leaves no candidate; then ``$not``, the
  items of ``$and`` and ``$or``. An error in a part that 1.7 never reaches is
  not raised (the tree keeps it in a :class:`Fail` node), and some bad
  arguments only fail once the key holds a value they apply to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from ._documents import json_round_trip
from .errors import FilterKeyError, FilterValueError

__all__ = ["compile_filter", "matches", "parse_filter_tree"]

#: Returned by :func:`resolve` for a key the document does not have.
MISSING: Any = type("_MissingType", (), {"__repr__": lambda self: "MISSING"})()


def hkey(value: Any) -> Any:
    """Return the hashable equality key of a JSON value (lists as tuples).

    Equal keys mean equal values in Python's sense (``1``, ``1.0`` and ``True``
    share a key); mappings become frozensets of items.
    """
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return value
    if t is list or t is tuple:
        return tuple([hkey(v) for v in value])
    if isinstance(value, Mapping):
        return frozenset([(k, hkey(v)) for k, v in value.items()])
    return value


def okey(value: Any) -> Any:
    """Return a JSON value as signac 1.7 compares and shows it: lists as tuples."""
    t = type(value)
    if t is list or t is tuple:
        return tuple([okey(v) for v in value])
    if t is dict or isinstance(value, Mapping):
        return {k: okey(v) for k, v in value.items()}
    return value


def from_hkey(key: Any) -> Any:
    """Return the value of an equality key as :func:`okey` shows it (mappings as dicts)."""
    t = type(key)
    if t is tuple:
        return tuple([from_hkey(k) for k in key])
    if t is frozenset:
        return {k: from_hkey(v) for k, v in key}
    return key


def is_number(value: Any) -> bool:
    """Return whether *value* is a number that orders with numbers (booleans included)."""
    t = type(value)
    return t is int or t is float or t is bool


def is_nan(value: Any) -> bool:
    """Return whether *value* is a float NaN (it equals nothing, not even itself)."""
    return type(value) is float and value != value


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
# $type
# ---------------------------------------------------------------------------

#: The ``$type`` names of signac 1.7 and the classes they test (lists as tuples).
TYPES: dict[str, type] = {
    "int": int,
    "float": float,
    "bool": bool,
    "str": str,
    "list": tuple,
    "null": type(None),
}


def type_matches(name: str, value: Any) -> bool:
    """Return whether *value* is of the ``$type`` *name* (``bool`` is also ``int``)."""
    t = type(value)
    if t is dict:
        return False
    if t is list:
        return name == "list"
    return isinstance(value, TYPES[name])


# ---------------------------------------------------------------------------
# The parsed tree
# ---------------------------------------------------------------------------


class Node:
    """Base class of parsed filter nodes."""

    __slots__ = ()

    def may_raise(self) -> bool:
        """Return whether evaluating this node can raise (so its order matters)."""
        return False


class All(Node):
    """Matches every document (the empty filter)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "All()"


ALL = All()


class Fail(Node):
    """A malformed part of a filter: evaluating it raises the error."""

    __slots__ = ("make_error",)

    def __init__(self, make_error: Callable[[], Exception]):
        self.make_error = make_error

    def may_raise(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"Fail({self.make_error()!r})"


class Not(Node):
    """The child must not match (documents lacking the key do match)."""

    __slots__ = ("child",)

    def __init__(self, child: Node):
        self.child = child

    def may_raise(self) -> bool:
        return self.child.may_raise()

    def __repr__(self) -> str:
        return f"Not({self.child!r})"


class Or(Node):
    """At least one child must match (every child is evaluated)."""

    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = children

    def may_raise(self) -> bool:
        return any(c.may_raise() for c in self.children)

    def __repr__(self) -> str:
        return f"Or({self.children!r})"


#: :attr:`Filter.pk` when the mapping has no primary-key condition.
NO_PK: Any = type("_NoPk", (), {"__repr__": lambda self: "NO_PK"})()


class Filter(Node):
    """One filter mapping: every part must match.

    Attributes
    ----------
    pk : object
        The value given for the collection's primary key (:data:`NO_PK` if
        none): a lookup by primary key, evaluated first.
    terms : list of Node
        The conditions on keys (:class:`Leaf` or :class:`Fail`), in order.
        Evaluation stops at the first that leaves no candidate.
    logical : list of Node
        Then ``$not``, the items of ``$and`` and ``$or``, each evaluated.
    """

    __slots__ = ("pk", "terms", "logical")

    def __init__(self, pk: Any, terms: list[Node], logical: list[Node]):
        self.pk = pk
        self.terms = terms
        self.logical = logical

    @property
    def void(self) -> bool:
        """Whether the mapping holds no condition at all (only null logical arguments)."""
        return self.pk is NO_PK and not self.terms and not self.logical

    def may_raise(self) -> bool:
        return self.void or any(c.may_raise() for c in (*self.terms, *self.logical))

    def __repr__(self) -> str:
        return f"Filter({self.pk!r}, {self.terms!r}, {self.logical!r})"


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
        The operator argument (JSON).
    pred : callable
        ``pred(value) -> bool`` for a value that is present.
    extra : object
        Precomputed data of the operator (equality keys, pattern, ``$near`` triple).
    error : callable or None
        Makes the error of a bad argument, raised once the key holds a value
        it applies to (*error_if*: ``'any'`` value or a ``'str'``), as in 1.7.
    """

    __slots__ = ("key", "parts", "op", "arg", "pred", "extra", "error", "error_if")

    def __init__(
        self,
        key: str,
        op: str,
        arg: Any,
        pred: Callable[[Any], bool],
        extra: Any = None,
        error: Callable[[], Exception] | None = None,
        error_if: str = "any",
    ):
        self.key = key
        self.parts = tuple(key.split("."))
        self.op = op
        self.arg = arg
        self.pred = pred
        self.extra = extra
        self.error = error
        self.error_if = error_if

    def may_raise(self) -> bool:
        return self.error is not None or self.op == "$where"

    def __repr__(self) -> str:
        return f"Leaf({self.key!r}, {self.op!r}, {self.arg!r})"


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------

COMPARISON_OPS = ("$gt", "$gte", "$lt", "$lte")
OPERATORS = frozenset(
    {"$eq", "$ne", *COMPARISON_OPS, "$in", "$nin", "$regex", "$type", "$where", "$exists", "$near"}
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "$gt": lambda v, a: v > a,
    "$gte": lambda v, a: v >= a,
    "$lt": lambda v, a: v < a,
    "$lte": lambda v, a: v <= a,
}


def _never(value: Any) -> bool:
    return False


def compare(op: str, value: Any, arg: Any) -> bool:
    """Return ``value <op> arg`` on :func:`okey` values; False where Python refuses."""
    try:
        return bool(_COMPARE[op](value, arg))
    except TypeError:
        return False


def _comparison_pred(op: str, arg: Any) -> Callable[[Any], bool]:
    if arg is None or type(arg) is dict or is_nan(arg):
        return _never
    a = okey(arg)
    f = _COMPARE[op]
    if is_number(a):
        return lambda v: is_number(v) and f(v, a)
    if type(a) is str:
        return lambda v: type(v) is str and f(v, a)
    return lambda v: type(v) is list and compare(op, okey(v), a)


def near_args(arg: Any) -> tuple[float, float, float]:
    """Validate a ``$near`` argument: a number or ``[value, rel_tol, abs_tol]``."""
    if is_number(arg):
        seq = [arg]
    elif isinstance(arg, list) and 1 <= len(arg) <= 3:
        seq = list(arg)
    else:
        raise FilterValueError(
            "The argument of the '$near' operator must be a number or a list "
            f"[value, rel_tol, abs_tol] of length 1, 2 or 3, not {arg!r}."
        )
    for x in seq:
        if not is_number(x):
            raise FilterValueError(
                f"The argument of the '$near' operator holds a non-number: {arg!r}."
            )
    value = seq[0]
    rel_tol = seq[1] if len(seq) > 1 else 1e-9
    abs_tol = seq[2] if len(seq) > 2 else 0.0
    if rel_tol < 0 or abs_tol < 0:
        raise FilterValueError(
            f"The tolerances of the '$near' operator must not be negative: {arg!r}."
        )
    return value, rel_tol, abs_tol


def where_function(source: Any) -> Callable[[Any], Any]:
    """Return a function that evaluates the ``$where`` *source* once, on first use.

    The source is evaluated with :func:`eval` (signac 1.7's documented
    behaviour: never use untrusted filters). Any exception of the evaluation
    or of the call propagates, as in 1.7.
    """
    func: list[Callable[[Any], Any]] = []

    def call(value: Any) -> Any:
        if not func:
            func.append(eval(source, {}))  # noqa: S307 - documented: $where evaluates Python source
        return func[0](value)

    return call


def make_leaf(key: str, op: str, arg: Any, implicit: bool = False) -> Node:
    """Validate one ``key: {op: arg}`` condition and return its node.

    An operator (``$eq``, ``$ne``, ``$in``, ``$nin``) never finds a mapping
    value equal to anything, as in signac 1.7; only the *implicit* equality
    ``{key: value}`` compares mappings (by content).
    """
    if op == "$eq" or op == "$ne":
        h: Any = MISSING  # equals nothing
        eq: Callable[[Any], bool] = _never
        if not is_nan(arg) and (implicit or type(arg) is not dict):
            h = hkey(arg)
            if implicit:
                eq = lambda v: hkey(v) == h  # noqa: E731
            else:
                eq = lambda v: type(v) is not dict and hkey(v) == h  # noqa: E731
        pred = eq if op == "$eq" else (lambda v: not eq(v))
        return Leaf(key, op, arg, pred, h)
    if op in COMPARISON_OPS:
        return Leaf(key, op, arg, _comparison_pred(op, arg))
    if op == "$in" or op == "$nin":
        if isinstance(arg, list):
            hs = frozenset(hkey(a) for a in arg if not is_nan(a) and type(a) is not dict)
        elif isinstance(arg, dict):  # an empty mapping (a full one was flattened)
            hs = frozenset()
        else:
            kind = type(arg).__name__
            leaf = Leaf(key, op, arg, _never, frozenset())
            leaf.error = lambda: TypeError(
                f"The argument of the '{op}' operator must be a list, not {kind}: {arg!r}."
            )
            return leaf
        if op == "$in":
            return Leaf(key, op, arg, lambda v: type(v) is not dict and hkey(v) in hs, hs)
        return Leaf(key, op, arg, lambda v: type(v) is dict or hkey(v) not in hs, hs)
    if op == "$exists":
        if type(arg) is not bool:
            return Fail(
                lambda: FilterValueError("The value of the '$exists' operator must be boolean.")
            )
        return Leaf(key, op, arg, lambda v: True)
    if op == "$regex":
        if type(arg) is not str:
            return Leaf(
                key,
                op,
                arg,
                _never,
                error=lambda: TypeError("first argument must be string or compiled pattern"),
                error_if="str",
            )
        try:
            pattern = re.compile(arg)
        except re.error as error:
            msg, pos = error.msg, error.pos
            return Leaf(key, op, arg, _never, error=lambda: re.error(msg, arg, pos), error_if="str")
        search = pattern.search
        return Leaf(key, op, arg, lambda v: type(v) is str and search(v) is not None, pattern)
    if op == "$type":
        if type(arg) is str and arg in TYPES:
            return Leaf(key, op, arg, lambda v: type_matches(arg, v))
        shown = okey(arg)
        return Leaf(
            key,
            op,
            arg,
            _never,
            error=lambda: FilterValueError(f"Unknown argument for $type operator: '{shown}'."),
        )
    if op == "$near":
        try:
            value, rel_tol, abs_tol = near_args(arg)
        except FilterValueError as error:
            message = str(error)
            return Fail(lambda: FilterValueError(message))
        isclose = math.isclose

        def near(v: Any) -> bool:
            return is_number(v) and isclose(v, value, rel_tol=rel_tol, abs_tol=abs_tol)

        return Leaf(key, op, arg, near, (value, rel_tol, abs_tol))
    # $where: the function sees the value as 1.7 shows it (lists as tuples)
    func = where_function(arg)
    return Leaf(key, op, arg, lambda v: bool(func(okey(v))), func)


def _term(key: str, value: Any) -> Node:
    """Return the node of one flattened ``key: value`` pair (1.7's key rules)."""
    if "$" not in key:
        return make_leaf(key, "$eq", value, implicit=True)
    if key.count("$") > 1:
        return Fail(lambda: FilterKeyError(f"Bad operator expression '{key}'."))
    head, _, op = key.rpartition(".")
    if not op.startswith("$"):
        return Fail(lambda: FilterKeyError(f"Bad operator placement '{key}'."))
    if op not in OPERATORS:
        return Fail(lambda: FilterKeyError(f"Unknown expression-operator '{op}'."))
    return make_leaf(head, op, value)


def _flatten(mapping: dict[str, Any], prefix: str = ""):
    for key, value in mapping.items():
        if type(value) is dict and value:
            yield from _flatten(value, prefix + key + ".")
        else:
            yield prefix + key, value


def _logical_error(op: str, arg: Any) -> Fail | None:
    if not isinstance(arg, list):
        return Fail(
            lambda: FilterValueError(f"The argument of logical-operator '{op}' must be a list!")
        )
    if not arg:
        return Fail(
            lambda: FilterValueError(f"The argument of logical-operator '{op}' cannot be empty!")
        )
    return None


def _sub_filter(obj: Any, pk: str | None) -> Node:
    """Parse a (normalised) filter found inside ``$and``, ``$or`` or ``$not``."""
    if type(obj) is dict:
        return _parse_mapping(obj, pk)
    if (type(obj) is str or type(obj) is list) and not obj:
        return ALL  # 1.7: an empty expression matches every document
    if type(obj) is str:
        return Fail(lambda: AttributeError(f"A filter must be a mapping, not a string: {obj!r}."))
    kind = type(obj).__name__
    return Fail(lambda: TypeError(f"A filter must be a mapping, not {kind}: {obj!r}."))


def _parse_mapping(filter: dict[str, Any], pk: str | None) -> Node:
    if not filter:
        return ALL
    rest = dict(filter)
    pk_value = rest.pop(pk, None) if pk is not None else None
    ors = rest.pop("$or", None)
    ands = rest.pop("$and", None)
    nots = rest.pop("$not", None)
    terms: list[Node] = []
    if type(pk_value) is dict or type(pk_value) is list:
        # 1.7 fails to hash these; we answer: operators on, or equality with, the key
        assert pk is not None
        terms.extend(_term(k, v) for k, v in _flatten({pk: pk_value}))
        pk_value = None
    terms.extend(_term(k, v) for k, v in _flatten(rest))
    logical: list[Node] = []
    if nots is not None:
        logical.append(Not(_sub_filter(nots, pk)))
    if ands is not None:
        error = _logical_error("$and", ands)
        logical.extend([error] if error else [_sub_filter(item, pk) for item in ands])
    if ors is not None:
        error = _logical_error("$or", ors)
        logical.append(error or Or([_sub_filter(item, pk) for item in ors]))
    return Filter(NO_PK if pk_value is None else pk_value, terms, logical)


def parse_filter_tree(filter: Any, primary_key: str | None = None) -> Node:
    """Normalise and parse *filter* into its tree.

    Parameters
    ----------
    filter : dict or None
        The filter.
    primary_key : str, optional
        The collection's primary key: a top-level condition on it is a lookup.

    Raises
    ------
    TypeError
        The filter is not JSON-encodable (or, like in 1.7, not a mapping).
    FilterValueError
        The filter is a list.
    """
    if filter is None:
        return ALL
    if isinstance(filter, Node):
        return filter
    normal = json_round_trip(filter)
    if not normal:
        return ALL
    if type(normal) is list:
        raise FilterValueError(f"A filter must be a mapping, not a list: {filter!r}.")
    node = _sub_filter(normal, primary_key)
    if isinstance(node, Fail):  # the filter itself is not a mapping
        raise node.make_error()
    return node


def void_error() -> AssertionError:
    """Return the error of a filter without any condition (1.7 fails an assertion)."""
    return AssertionError(
        "The filter holds no condition: only logical operators with a null argument, or a "
        "primary key that names no document."
    )


# ---------------------------------------------------------------------------
# Compilation into a predicate on one document
# ---------------------------------------------------------------------------


def check_eagerly(node: Node) -> None:
    """Raise the first error of *node* in evaluation order, whatever the data."""
    if isinstance(node, Fail):
        raise node.make_error()
    if isinstance(node, Leaf):
        if node.error is not None:
            raise node.error()
    elif isinstance(node, Filter):
        if node.void:
            raise void_error()
        for child in (*node.terms, *node.logical):
            check_eagerly(child)
    elif isinstance(node, Not):
        check_eagerly(node.child)
    elif isinstance(node, Or):
        for child in node.children:
            check_eagerly(child)


def _compile_leaf(leaf: Leaf) -> Callable[[Any], bool]:
    parts = leaf.parts
    pred = leaf.pred
    if leaf.op == "$exists":
        want = leaf.arg
        return lambda doc: (resolve(doc, parts) is not MISSING) is want
    if len(parts) == 1:
        k = parts[0]

        def single(doc: Any) -> bool:
            v = doc.get(k, MISSING)
            return v is not MISSING and pred(v)

        return single

    def nested(doc: Any) -> bool:
        v = resolve(doc, parts)
        return v is not MISSING and pred(v)

    return nested


def compile_node(node: Node) -> Callable[[Any], bool]:
    """Return a predicate ``f(doc) -> bool`` for a parsed (and checked) filter tree."""
    if isinstance(node, Leaf):
        return _compile_leaf(node)
    if isinstance(node, Filter):
        fs = tuple(compile_node(c) for c in (*node.terms, *node.logical))
        if node.pk is not NO_PK:  # only a primary-key-less parse (compile_filter) gets here
            raise ValueError("compile_node() needs a filter parsed without a primary key")

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
    if isinstance(node, Fail):
        raise node.make_error()
    return lambda doc: True


def compile_filter(filter: Mapping[str, Any] | None) -> Callable[[Mapping[str, Any]], bool]:
    """Compile a filter once into a predicate for plain documents.

    The predicate applies the semantics of :meth:`Collection.find` to a single
    mapping, without building indexes; use it to test many documents against
    the same filter, e.g.::

        match = compile_filter({'a': {'$gt': 1}, 'b.c': 'x'})
        selected = [doc for doc in docs if match(doc)]

    Unlike :meth:`Collection.find`, which (like signac 1.7) raises an error only
    when the search reaches the faulty part, the whole filter is checked here,
    at once, and its keys must be strings (``find`` converts ``1`` to ``'1'``,
    as a JSON round trip does). ``_id`` is a key like any other, and ``$type`` tests each value
    itself (a collection, like 1.7, tests one representative of equal values:
    ``1`` and ``True`` share one).

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
        The filter is not JSON-encodable, or a key is not a string.
    InvalidFilterError
        The filter is malformed (a ``KeyError`` and a ``ValueError``).
    """
    _check_str_keys(filter)
    node = parse_filter_tree(filter)
    check_eagerly(node)
    return compile_node(node)


def _check_str_keys(value: Any) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"Filter keys must be strings, not {type(k).__name__}: {k!r}.")
            _check_str_keys(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_str_keys(v)


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
