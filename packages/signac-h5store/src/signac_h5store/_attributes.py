"""Keys as attributes: ``obj.foo`` reads, writes and deletes ``obj['foo']``."""

from __future__ import annotations

from typing import Any


class KeysAsAttributes:
    """Mixin mapping public attribute access onto item access.

    Names starting with an underscore are ordinary attributes; names of class
    attributes (methods, properties) cannot be set as keys this way.
    """

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: methods and properties win.
        if name.startswith("_"):
            raise AttributeError(name)
        mapping: Any = self  # the class this is mixed into is the mapping
        try:
            return mapping[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute or key {name!r}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        elif hasattr(type(self), name):
            raise AttributeError(
                f"Cannot set {name!r}: it is an attribute of {type(self).__name__}; "
                f"use obj[{name!r}] = value."
            )
        else:
            mapping: Any = self
            mapping[name] = value

    def __delattr__(self, name: str) -> None:
        if name.startswith("_"):
            object.__delattr__(self, name)
            return
        mapping: Any = self
        try:
            del mapping[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute or key {name!r}"
            ) from None
