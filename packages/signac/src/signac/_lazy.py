"""The lazy top level of ``signac``: names are imported on first use.

``signac.__getattr__`` resolves the names of ``signac._paths.TOP_LEVEL`` and
computes ``__all__`` (signac 1.7's ``__all__``, less what does not exist yet)
the first time it is asked for, so ``import signac`` imports none of the
sibling packages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _paths
from ._gathered import available_dir
from ._importer import NotBuiltError, resolve


def module_attributes(
    namespace: dict[str, Any],
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for the module whose globals are ``namespace``."""
    module = namespace["__name__"]

    def __getattr__(name: str) -> object:
        if name == "__all__":
            value: object = [n for n in _paths.TOP_LEVEL_ALL if _exists(n)]
        else:
            reference = _paths.TOP_LEVEL.get(name)
            if reference is None:
                raise AttributeError(f"module {module!r} has no attribute {name!r}", name=name)
            try:
                value = resolve(reference)
            except NotBuiltError as error:
                raise AttributeError(
                    f"module {module!r} has no attribute {name!r} yet: {error}", name=name
                ) from error
        namespace[name] = value
        return value

    def _exists(name: str) -> bool:
        try:
            __getattr__(name) if name not in namespace else None
        except AttributeError:
            return False
        return True

    def __dir__() -> list[str]:
        return available_dir(namespace, ["__all__", *sorted(_paths.TOP_LEVEL)])

    return __getattr__, __dir__
