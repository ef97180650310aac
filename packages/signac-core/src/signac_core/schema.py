"""The implicit state point schema of a project: which keys take which values.

A schema maps each (dotted) state point key, e.g. ``'b.c'``, to the values
seen for it, grouped by type: ``{int: {0, 1, 2}, str: {'x'}}``. Lists are
stored as tuples so that they can be collected in sets. Keys whose values are
always mappings appear only through their nested keys; an empty mapping is a
key without values (the empty state point is the key ``''``).

Detection follows signac 1.7 exactly: values are collected per key in a dict,
so equal values of different types (``1``, ``1.0``, ``True``) count once, as
the one met first; the type groups are in the order they are met.
"""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from numbers import Number
from pprint import pformat
from typing import Any

_SchemaValues = dict[type, set[Any]]


class _HashableDict(dict):  # type: ignore[type-arg]
    """A mapping inside a list value: shown as a dict, hashable by its items."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _to_tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_to_tuples(v) for v in value)
    if isinstance(value, Mapping):  # a mapping inside a list: keep it hashable
        return _HashableDict(value)
    return value


def _collect_by_type(values: Iterable[Any]) -> _SchemaValues:
    by_type: dict[type, set[Any]] = defaultdict(set)
    for value in values:
        by_type[type(value)].add(value)
    return dict(by_type)


_MISSING = object()


class _Mapping:
    """The value of a key where it holds a mapping (counted, never shown)."""


_MAPPING = _Mapping()


class _AutoDict(dict):  # type: ignore[type-arg]
    """A dict that creates nested dicts on access (for the nested format)."""

    def __missing__(self, key: str) -> _AutoDict:
        value = self[key] = _AutoDict()
        return value


def _leaf_keys(statepoint: Mapping[str, Any], prefix: str | None = None) -> Iterator[str]:
    """Dotted keys of the leaves and empty mappings (the empty state point is ``''``)."""
    if not statepoint:
        yield prefix or ""
        return
    for key, value in statepoint.items():
        dotted = key if prefix is None else f"{prefix}.{key}"
        if isinstance(value, Mapping) and value:
            yield from _leaf_keys(value, dotted)
        else:
            yield dotted


def _resolve(statepoint: Any, parts: list[str]) -> Any:
    """Return the value at a dotted key: lists as tuples, mappings as ``_MAPPING``."""
    value = statepoint
    for part in parts:
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    if isinstance(value, Mapping):
        return _MAPPING
    if type(value) is list:
        return _to_tuples(value)
    return value


def _leaves(statepoint: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in statepoint.items():
        if isinstance(value, Mapping):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


class ProjectSchema:
    """A description of a project's state point schema.

    Parameters
    ----------
    schema : dict, optional
        A mapping of (dotted) keys to the values of each key grouped by type
        (Default value = None).
    """

    def __init__(self, schema: Mapping[str, _SchemaValues] | None = None):
        self._schema: dict[str, _SchemaValues] = dict(schema or {})

    @classmethod
    def detect(
        cls, statepoints: Iterable[Mapping[str, Any]], exclude_const: bool = False
    ) -> ProjectSchema:
        """Detect the schema of some state points.

        Parameters
        ----------
        statepoints : iterable of mappings
            The state points, in the order the jobs are met.
        exclude_const : bool
            Leave out keys that have the same value in all state points
            (Default value = False).

        Returns
        -------
        ProjectSchema
            The detected schema.
        """
        statepoints = list(statepoints)
        keys: dict[str, None] = {}
        for sp in statepoints:
            for key in _leaf_keys(sp):
                keys.setdefault(key, None)
        index: dict[str, dict[Any, int]] = {}
        for key in keys:
            parts = key.split(".") if key else []
            counts: dict[Any, int] = {}
            for sp in statepoints:
                value = _resolve(sp, parts)
                if value is not _MISSING:
                    # 1.7's index tells floats apart (1 and 1.0, not 1 and True).
                    typed = (type(value) is float, value)
                    counts[typed] = counts.get(typed, 0) + 1
            index[key] = counts
        schema = {}
        for key in sorted(index, key=lambda k: (len(index[k]), k)):
            counts = index[key]
            if exclude_const and len(counts) == 1 and sum(counts.values()) == len(statepoints):
                continue
            # ... and then shown once, as the one met first (as in signac 1.7).
            shown = dict.fromkeys(v for _kind, v in counts if v is not _MAPPING)
            schema[key] = _collect_by_type(shown)
        return cls(schema)

    # -- formatting ----------------------------------------------------------------
    def format(
        self, depth: int = 0, precision: int | None = None, max_num_range: int | None = None
    ) -> str:
        """Format the schema for printing.

        Parameters
        ----------
        depth : int
            A non-zero value returns a nested formatting up to the specified
            depth (Default value = 0).
        precision : int, optional
            Round numerical values to the given precision (Default value =
            None: unlimited precision).
        max_num_range : int, optional
            The maximum number of entries shown for a value range; longer
            ranges show their first ``max_num_range - 2`` and last two values
            around ``...`` (Default value = None: 5).

        Returns
        -------
        str
            A formatted representation of the project schema.

        Raises
        ------
        TypeError
            With ``depth > 0``, when a key with values has a nested key that
            is met after it (as in signac 1.7).
        """
        if max_num_range is None:
            max_num_range = 5

        def fmt_value(value: Any) -> str:
            if precision is not None and isinstance(value, Number):
                return str(round(value, precision))  # type: ignore[call-overload]
            return str(value)

        def fmt_range(kind: type, values: set[Any]) -> str:
            try:
                ordered = sorted(values)
            except TypeError:
                ordered = sorted(values, key=repr)
            if len(ordered) <= max_num_range:
                shown = ", ".join(fmt_value(v) for v in ordered)
            else:
                shown = ", ".join(fmt_value(v) for v in ordered[: max_num_range - 2])
                shown += ", ..., "
                shown += ", ".join(fmt_value(v) for v in ordered[-2:])
            return f"{kind.__name__}([{shown}], {len(ordered)})"

        def fmt_values(by_type: _SchemaValues) -> str:
            return ", ".join(fmt_range(kind, values) for kind, values in by_type.items())

        if depth > 0:
            nested = _AutoDict()
            for key, by_type in self._schema.items():
                parts = key.split(".")
                node: Any = nested
                for part in parts[:-1]:
                    node = node[part]
                node[parts[-1]] = fmt_values(by_type)
            return pformat(nested, depth=depth)
        lines = ["{"]
        for key in sorted(self._schema, key=lambda k: tuple(k.split("."))):
            by_type = self._schema[key]
            if by_type:
                lines.append(f" '{key}': '{fmt_values(by_type)}',")
        lines.append("}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<len={len(self)}>)"

    def _repr_html_(self) -> str:
        """Return an HTML representation of the schema (for notebooks)."""
        return f"<strong>{html.escape(repr(self))}</strong><pre>{html.escape(str(self))}</pre>"

    # -- mapping interface -----------------------------------------------------------
    @staticmethod
    def _key(key_or_keys: Any) -> str:
        if isinstance(key_or_keys, str):
            return key_or_keys
        return ".".join(key_or_keys)

    def __len__(self) -> int:
        return len(self._schema)

    def __contains__(self, key_or_keys: object) -> bool:
        try:
            return self._key(key_or_keys) in self._schema
        except TypeError:
            return False

    def __getitem__(self, key_or_keys: Any) -> _SchemaValues:
        return self._schema[self._key(key_or_keys)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._schema)

    def keys(self) -> Any:
        """Return the (dotted) keys of the schema.

        Returns
        -------
        KeysView
            The keys, e.g. ``'b.c'``.
        """
        return self._schema.keys()

    def values(self) -> Any:
        """Return the values of the schema.

        Returns
        -------
        ValuesView
            For each key, its values grouped by type (``{int: {0, 1}}``).
        """
        return self._schema.values()

    def items(self) -> Any:
        """Return the keys of the schema with their values.

        Returns
        -------
        ItemsView
            ``(key, values grouped by type)`` pairs.
        """
        return self._schema.items()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProjectSchema):
            return NotImplemented
        return self._schema == other._schema

    __hash__ = None  # type: ignore[assignment]

    def difference(self, other: ProjectSchema, ignore_values: bool = False) -> set[str]:
        """Determine the difference between this and another project schema.

        Parameters
        ----------
        other : ProjectSchema
            The other project schema.
        ignore_values : bool
            Only compare keys, not values (Default value = False).

        Returns
        -------
        set
            The keys of this schema that are not in ``other`` (or, unless
            ``ignore_values``, that have different values there).
        """
        local_keys = set(self.keys())
        other_keys = set(other.keys())
        difference = local_keys - other_keys
        if not ignore_values:
            for key in local_keys & other_keys:
                if self[key] != other[key]:
                    difference.add(key)
        return difference

    def __call__(self, jobs_or_statepoints: Iterable[Any]) -> ProjectSchema:
        """Evaluate the schema (its keys) for the given jobs or state points.

        Parameters
        ----------
        jobs_or_statepoints : iterable of jobs or mappings
            The jobs or state points.

        Returns
        -------
        ProjectSchema
            The values that the keys of this schema take in the given state points.
        """
        iterators = itertools.tee(jobs_or_statepoints, len(self) or 1)
        schema = {}
        for key, items in zip(self, iterators):
            parts = key.split(".")
            values = []
            for item in items:
                sp = item if isinstance(item, Mapping) else item.statepoint()
                value: Any = sp
                try:
                    for part in parts:
                        value = value[part]
                except (KeyError, TypeError):
                    continue
                if not isinstance(value, Mapping):  # mappings show as their nested keys
                    values.append(_to_tuples(value))
            schema[key] = _collect_by_type(values)
        return ProjectSchema(schema)


__all__ = ["ProjectSchema"]
