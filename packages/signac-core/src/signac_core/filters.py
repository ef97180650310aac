"""Job filters: namespaced queries over state points (``sp.``) and documents (``doc.``).

A job filter is a `signac-collection` filter evaluated against
``{'sp': <state point>, 'doc': <document>}``. Keys without a namespace refer
to the state point: ``{'a': 1}`` means ``{'sp.a': 1}``. The deprecated
``doc_filter`` argument is the same as prefixing its keys with ``doc.``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from signac_collection import add_prefix, compile_filter, parse_filter_args, root_keys

_NAMESPACES = ("sp", "doc")
_LOGICAL = ("$and", "$or")


def parse_filter_arg(
    args: Sequence[str] | None, file: TextIO | None = None
) -> dict[str, Any] | None:
    """Parse a filter given as command line arguments (signac 1.7's ``filterparse``).

    ``None`` or no arguments give None; one JSON object argument is parsed
    silently; otherwise the arguments are ``key value`` pairs (see
    :func:`signac_collection.parse_simple`; a bare key means it exists) and
    ``Interpreted filter arguments as '<json>'.`` is written to ``file``.

    Parameters
    ----------
    args : sequence of str or None
        One JSON object (``['{"a": {"$gt": 1}}']``) or the simplified syntax
        (``['a', '42', 'b']``).
    file : file-like, optional
        Where the note on the simplified syntax goes (Default value = None:
        ``sys.stderr`` at the time of the call).

    Returns
    -------
    dict or None
        The filter, or None when there are no arguments.

    Raises
    ------
    json.JSONDecodeError
        An argument that looks like a JSON object does not parse (a note is
        written to standard error).
    ValueError
        A key is a JSON object.
    """
    return parse_filter_args(args, file=sys.stderr if file is None else file)


def _parse(filter: Any) -> dict[str, Any]:
    if filter is None:
        return {}
    if isinstance(filter, str):
        from signac_collection import parse_filter

        return parse_filter(filter)
    if not isinstance(filter, Mapping):
        raise ValueError(f"A filter must be a mapping, not {type(filter).__name__}: {filter!r}.")
    # Validate before namespacing: clear errors for non-string keys, bad operators.
    compile_filter(filter)
    return dict(filter)


def namespaced_filter(filter: Any = None, doc_filter: Any = None) -> dict[str, Any] | None:
    """Combine a job filter and a document filter into one namespaced filter.

    Returns None when neither selects anything (the fast path: all jobs).
    """
    sp_part = add_prefix("sp.", _parse(filter), _NAMESPACES)
    doc_part = add_prefix("doc.", _parse(doc_filter), _NAMESPACES)
    if not doc_part:
        return sp_part or None
    if not sp_part:
        return doc_part
    if sp_part.keys() & doc_part.keys():
        return {"$and": [sp_part, doc_part]}
    return {**sp_part, **doc_part}


def _strip(filter: Mapping[str, Any], namespace: str) -> dict[str, Any] | None:
    """Remove ``namespace.`` from every key; None if some key is outside it."""
    prefix = namespace + "."
    out: dict[str, Any] = {}
    for key, value in filter.items():
        if key in _LOGICAL:
            items = []
            for item in value:
                stripped = _strip(item, namespace) if isinstance(item, Mapping) else None
                if stripped is None:
                    return None
                items.append(stripped)
            out[key] = items
        elif key == "$not" and isinstance(value, Mapping):
            stripped = _strip(value, namespace)
            if stripped is None:
                return None
            out[key] = stripped
        elif key.startswith(prefix):
            out[key[len(prefix) :]] = value
        else:
            return None
    return out


class JobMatcher:
    """A compiled namespaced filter.

    Attributes
    ----------
    needs_doc : bool
        Whether the filter looks at job documents.
    on_sp : callable or None
        ``on_sp(statepoint) -> bool`` when the filter only refers to state
        point keys (the fast path), else None.
    """

    def __init__(self, filter: dict[str, Any]):
        roots = root_keys(filter)
        self.needs_doc = "doc" in roots
        sp_only = None if self.needs_doc else _strip(filter, "sp")
        self.on_sp: Callable[[Any], bool] | None = None
        self._match: Callable[[Any], bool] | None = None
        if sp_only is not None:
            self.on_sp = compile_filter(sp_only)
        else:
            self._match = compile_filter(filter)

    def __call__(self, statepoint: dict[str, Any], document: Any = None) -> bool:
        """Return whether a job with this state point and document matches."""
        if self.on_sp is not None:
            return self.on_sp(statepoint)
        doc = {"sp": statepoint}
        if self.needs_doc:
            doc["doc"] = document if document is not None else {}
        return self._match(doc)  # type: ignore[misc]


__all__ = ["parse_filter_arg"]
