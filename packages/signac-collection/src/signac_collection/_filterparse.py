"""Parse filters given on a command line, and namespace (prefix) filters.

The simplified syntax is a sequence of ``key value`` pairs::

    a 42                 ->  {"a": 42}
    a.b '{"$gt": 1}'     ->  {"a.b": {"$gt": 1}}
    name /^foo/          ->  {"name": {"$regex": "^foo"}}
    a                    ->  {"a": {"$exists": true}}
    a true b null        ->  {"a": true, "b": null}
    name foo             ->  {"name": "foo"}

Values are parsed as JSON when they parse, else taken as strings. A single
argument that is a JSON object is the filter itself. Namespaces (signac's
``sp.``/``doc.``) are added with :func:`add_prefix`; which namespaces a filter
uses is given by :func:`root_keys`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .errors import InvalidFilterError

__all__ = [
    "add_prefix",
    "parse_filter",
    "parse_filter_args",
    "parse_simple",
    "parse_single",
    "root_keys",
]


def _is_regex(value: str) -> bool:
    return len(value) >= 2 and value.startswith("/") and value.endswith("/")


def _parse_value(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def parse_single(key: str, value: str | None = None) -> tuple[str, Any]:
    """Parse one ``key [value]`` pair of the simplified filter syntax.

    Parameters
    ----------
    key : str
        The (dotted) key.
    value : str, optional
        The value: JSON if it parses, ``/regex/`` for ``$regex``, else a
        string. Without a value, the key must exist.

    Returns
    -------
    tuple
        ``(key, value)`` for the filter.

    Raises
    ------
    ValueError
        The key is a JSON expression (:class:`~signac_collection.errors.InvalidFilterError`).
    """
    stripped = key.strip()
    if stripped.startswith(("{", "[")):
        raise InvalidFilterError(
            f"Please check your filter arguments: a JSON expression cannot be a key: {key!r}."
        )
    if value is None:
        return key, {"$exists": True}
    if _is_regex(value):
        return key, {"$regex": value[1:-1]}
    return key, _parse_value(value)


def parse_simple(tokens: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """Parse the simplified filter syntax, yielding ``(key, value)`` pairs.

    ``['a', '42', 'b.c', '{"$gt": 1}', 'd']`` yields ``('a', 42)``,
    ``('b.c', {'$gt': 1})`` and ``('d', {'$exists': True})``.

    Parameters
    ----------
    tokens : sequence of str
        Alternating keys and values; a key without value means "exists".

    Yields
    ------
    tuple
        ``(key, value)`` pairs; ``dict(parse_simple(tokens))`` is the filter.
    """
    tokens = list(tokens)
    for i in range(0, len(tokens), 2):
        key = tokens[i]
        value = tokens[i + 1] if i + 1 < len(tokens) else None
        yield parse_single(key, value)


def parse_filter_args(args: Sequence[str] | None) -> dict[str, Any] | None:
    """Parse filter arguments given on a command line.

    Parameters
    ----------
    args : sequence of str or None
        Either one JSON object (``['{"a": {"$gt": 1}}']``), or the simplified
        syntax (``['a', '42']``, see :func:`parse_simple`).

    Returns
    -------
    dict or None
        The filter, or None when there are no arguments.

    Raises
    ------
    ValueError
        An argument that looks like JSON does not parse, or is not an object.
    """
    if not args:
        return None
    if len(args) == 1 and args[0].strip().startswith("{"):
        try:
            filter = json.loads(args[0])
        except ValueError as error:
            raise InvalidFilterError(
                f"Failed to parse the filter argument {args[0]!r}: ensure that it is valid JSON "
                f"({error})."
            ) from None
        if not isinstance(filter, dict):  # pragma: no cover - starts with "{"
            raise InvalidFilterError(f"The filter {args[0]!r} is not a JSON object.")
        return filter
    return dict(parse_simple(args))


def parse_filter(filter: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a filter given as a mapping or as a string of the simplified syntax.

    Parameters
    ----------
    filter : str, dict or None
        A mapping is returned as a dict; a string is split at whitespace and
        parsed with :func:`parse_filter_args`; None gives ``{}``.

    Returns
    -------
    dict
        The filter.
    """
    if filter is None:
        return {}
    if isinstance(filter, str):
        stripped = filter.strip()
        if stripped.startswith("{"):
            return parse_filter_args([stripped]) or {}
        return parse_filter_args(stripped.split()) or {}
    if isinstance(filter, Mapping):
        return dict(filter)
    raise InvalidFilterError(
        f"A filter must be a mapping or a string, not {type(filter).__name__}."
    )


_LOGICAL = ("$and", "$or")


def add_prefix(
    prefix: str, filter: Mapping[str, Any] | None, namespaces: Iterable[str] = ()
) -> dict[str, Any]:
    """Return *filter* with *prefix* added to every key outside *namespaces*.

    Keys inside ``$and``/``$or`` lists and top-level ``$not`` filters are
    prefixed too. A key already in one of *namespaces* (``'sp'``,
    ``'sp.a'``) is kept. signac uses this with ``prefix='sp.'`` and
    ``namespaces=('sp', 'doc')`` for job filters.

    Parameters
    ----------
    prefix : str
        The prefix, usually ending in a dot, e.g. ``'sp.'``.
    filter : dict or None
        The filter.
    namespaces : iterable of str
        Root keys that are already namespaced.

    Returns
    -------
    dict
        The prefixed filter (``{}`` for None).

    Raises
    ------
    ValueError
        The argument of ``$and``/``$or`` is not a list, or of ``$not`` not a mapping.
    """
    if not filter:
        return {}
    spaces = frozenset(namespaces)
    out: dict[str, Any] = {}
    for key, value in filter.items():
        if key in _LOGICAL:
            if not isinstance(value, (list, tuple)):
                raise InvalidFilterError(
                    f"The argument of the logical operator {key} must be a list, got {value!r}."
                )
            out[key] = [add_prefix(prefix, item, spaces) for item in value]
        elif key == "$not" and isinstance(value, Mapping):
            out[key] = add_prefix(prefix, value, spaces)
        elif key.startswith("$") or key.split(".", 1)[0] in spaces:
            out[key] = value
        else:
            out[prefix + key] = value
    return out


def root_keys(filter: Mapping[str, Any] | None) -> set[str]:
    """Return the first segments of all keys used in *filter*.

    ``{'sp.a': 1, '$or': [{'doc.b': 2}]}`` gives ``{'sp', 'doc'}``.

    Parameters
    ----------
    filter : dict or None
        The filter.

    Returns
    -------
    set of str
        The root keys.
    """
    roots: set[str] = set()
    if not filter:
        return roots
    for key, value in filter.items():
        if key in _LOGICAL and isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Mapping):
                    roots |= root_keys(item)
        elif key == "$not" and isinstance(value, Mapping):
            roots |= root_keys(value)
        elif not key.startswith("$"):
            roots.add(key.split(".", 1)[0])
    return roots
