"""Parse filters given on a command line, and namespace (prefix) filters.

The simplified syntax (signac 1.7's) is a sequence of ``key value`` pairs::

    a 42                 ->  {"a": 42}
    a 1e3                ->  {"a": 1000.0}
    a.b '{"$gt": 1}'     ->  {"a.b": {"$gt": 1}}
    name /^foo/          ->  {"name": {"$regex": "^foo"}}
    a                    ->  {"a": {"$exists": true}}   (also: a !)
    a true b null        ->  {"a": true, "b": null}
    name foo             ->  {"name": "foo"}
    l '[1, 2]'           ->  {"l": "[1, 2]"}           (only objects are JSON)

A value is ``true``/``false``/``null``, else an int, else a float, else the
string itself (``True``, ``False``, ``None`` and ``none`` stay strings, with a
"Did you mean" hint on standard error). Keys pass through unchanged. A single
argument that is a JSON object is the filter itself. Namespaces (signac's
``sp.``/``doc.``) are added with :func:`add_prefix`; which namespaces a filter
uses is given by :func:`root_keys`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from .errors import InvalidFilterError

__all__ = [
    "add_prefix",
    "parse_filter",
    "parse_filter_args",
    "parse_simple",
    "parse_single",
    "root_keys",
]

_LITERALS = {"true": True, "false": False, "null": None}
#: Python spellings of the JSON literals: kept as strings, with a hint.
_HINTS = {"True": "true", "False": "false", "None": "null", "none": "null"}


def _is_json(token: str) -> bool:
    stripped = token.strip()
    return stripped.startswith("{") and stripped.endswith("}")


def _is_regex(token: str) -> bool:
    return token.startswith("/") and token.endswith("/")


def _parse_json(token: str) -> Any:
    try:
        return json.loads(token)
    except json.JSONDecodeError:
        print(
            f"Failed to parse query argument. Ensure that '{token}' is valid JSON!", file=sys.stderr
        )
        raise


def _cast(token: str) -> Any:
    if token in _HINTS:
        print(f"Did you mean {_HINTS[token]}?", file=sys.stderr)
    if token in _LITERALS:
        return _LITERALS[token]
    try:
        return int(token)
    except ValueError:
        pass
    try:
        return float(token)
    except ValueError:
        return token


def parse_single(key: str, value: str | None = None) -> tuple[str, Any]:
    """Parse one ``key [value]`` pair of the simplified filter syntax.

    Parameters
    ----------
    key : str
        The key, used unchanged (dotted keys and operators such as
        ``a.$lt`` are left to the query engine).
    value : str, optional
        The value: missing or ``!`` means the key exists; ``{...}`` is
        JSON; ``/re/`` is ``{"$regex": "re"}``; ``true``, ``false`` and
        ``null`` are the JSON literals; then an int, then a float, else the
        string itself (Default value = None).

    Returns
    -------
    tuple
        ``(key, value)`` for the filter.

    Raises
    ------
    json.JSONDecodeError
        The value looks like a JSON object but does not parse (a note is
        written to standard error).
    ValueError
        The key is a JSON object while the value is a plain token.
    """
    if value is None or value == "!":
        return key, {"$exists": True}
    if _is_json(value):
        return key, _parse_json(value)
    if _is_regex(value):
        return key, {"$regex": value[1:-1]}
    if _is_json(key):
        raise ValueError(
            "Please check your filter arguments. Using a JSON expression as a key is not "
            f"allowed: '{key}'."
        )
    return key, _cast(value)


def parse_simple(tokens: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """Parse the simplified filter syntax, yielding ``(key, value)`` pairs.

    ``['a', '42', 'b.c', '{"$gt": 1}', 'd']`` yields ``('a', 42)``,
    ``('b.c', {'$gt': 1})`` and ``('d', {'$exists': True})``; see
    :func:`parse_single` for the values.

    Parameters
    ----------
    tokens : sequence of str
        Alternating keys and values; a key without value means "exists".

    Yields
    ------
    tuple
        ``(key, value)`` pairs; ``dict(parse_simple(tokens))`` is the filter.
    """
    for i in range(0, len(tokens), 2):
        yield parse_single(tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None)


def parse_filter_args(
    args: Sequence[str] | None, file: TextIO | None = None
) -> dict[str, Any] | None:
    """Parse filter arguments given on a command line.

    Parameters
    ----------
    args : sequence of str or None
        Either one JSON object (``['{"a": {"$gt": 1}}']``), or the simplified
        syntax (``['a', '42']``, see :func:`parse_simple`).
    file : file-like, optional
        Where to write how the simplified syntax was interpreted
        (``Interpreted filter arguments as '<json>'.``); nothing is written
        for a JSON argument (Default value = None: nothing is written).

    Returns
    -------
    dict or None
        The filter, or None when there are no arguments.

    Raises
    ------
    json.JSONDecodeError
        An argument that looks like a JSON object does not parse.
    ValueError
        A key is a JSON object.
    """
    if not args:
        return None
    if len(args) == 1 and _is_json(args[0]):
        return _parse_json(args[0])  # type: ignore[no-any-return]
    result = dict(parse_simple(args))
    if file is not None:
        print(f"Interpreted filter arguments as '{json.dumps(result)}'.", file=file)
    return result


def parse_filter(filter: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a filter given as a mapping or as a string of the simplified syntax.

    Parameters
    ----------
    filter : str, dict or None
        A mapping is returned as a dict; a string is one JSON object or is
        split at whitespace and parsed with :func:`parse_simple`; None gives
        ``{}``.

    Returns
    -------
    dict
        The filter.
    """
    if filter is None:
        return {}
    if isinstance(filter, str):
        if _is_json(filter):
            return _parse_json(filter)  # type: ignore[no-any-return]
        return dict(parse_simple(filter.split()))
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
