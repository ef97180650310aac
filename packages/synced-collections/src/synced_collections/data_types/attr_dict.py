"""Implements the :class:`AttrDict`: attribute access to the keys of a mapping."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any


class AttrDict(MutableMapping):
    """A mixin giving attribute access to the keys of a mutable mapping.

    ``d.foo`` reads ``d["foo"]``, ``d.foo = 1`` sets ``d["foo"] = 1`` and
    ``del d.foo`` deletes the key. Mix it into a concrete dict-like synced
    collection after the collection class, e.g.
    ``class JSONAttrDict(JSONDict, AttrDict)``.

    Protected attribute names: names starting with an underscore are always
    ordinary attributes (the collections keep their state in them), and
    attributes that exist on the class (methods such as ``keys`` or
    ``buffered``) are found before keys of the same name. Use item access for
    such keys.
    """

    def __getattr__(self, name: str) -> Any:
        # Only called when normal attribute lookup fails.
        if name[:1] == "_":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute or key {name!r}"
            ) from error

    def __setattr__(self, name: str, value: Any) -> None:
        # Private state is set often (on every load): test it first, cheaply.
        if name[:1] == "_" or isinstance(getattr(type(self), name, None), property):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __delattr__(self, name: str) -> None:
        if name.startswith("_"):
            object.__delattr__(self, name)
        else:
            try:
                del self[name]
            except KeyError as error:
                raise AttributeError(name) from error

    def __dir__(self) -> list[str]:
        keys = [key for key in self.keys() if isinstance(key, str) and key.isidentifier()]
        return sorted({*super().__dir__(), *keys})


__all__ = ["AttrDict"]
