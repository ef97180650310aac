"""What every gathered path and namespace package of the meta-package shares.

A gathered module imports its names explicitly (``from signac_core import
Project as Project``, one line per name, so type checkers see them) and ends
with ``finish(globals())``, which sets ``__all__`` to the names of signac 1.7
(``signac._paths.GATHERED``) that the module has. A package also gets a
``__getattr__`` that imports its documented children on first use and a
``__dir__`` that lists only what exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from . import _paths
from ._importer import not_built


def finish(namespace: dict[str, Any]) -> None:
    """Set ``__all__`` (and for a package ``__getattr__``/``__dir__``) in ``namespace``."""
    name = namespace["__name__"]
    namespace["__all__"] = [n for n in _paths.GATHERED.get(name, {}) if n in namespace]
    if "__path__" in namespace:
        namespace["__getattr__"] = children_getattr(name)
        namespace["__dir__"] = lambda: available_dir(namespace, children(name))


def children(package: str) -> list[str]:
    """Return the documented paths directly below ``package`` (``job`` of ``signac.contrib``)."""
    prefix = package + "."
    return sorted(
        path[len(prefix) :]
        for path in _paths.documented_paths()
        if path.startswith(prefix) and "." not in path[len(prefix) :]
    )


def children_getattr(package: str) -> Callable[[str], object]:
    """Return a module ``__getattr__`` that imports documented children lazily.

    A child whose implementation does not exist yet is absent
    (``AttributeError``, so ``hasattr`` answers False); importing it by name
    raises the ``ImportError`` that names what is missing.
    """

    def __getattr__(name: str) -> object:
        if name in children(package):
            try:
                return importlib.import_module(f"{package}.{name}")
            except ImportError as error:
                if not not_built(error):
                    raise
                raise AttributeError(
                    f"module {package!r} has no attribute {name!r} ({error})", name=name
                ) from error
        raise AttributeError(f"module {package!r} has no attribute {name!r}", name=name)

    return __getattr__


def available_dir(namespace: dict[str, Any], lazy: list[str]) -> list[str]:
    """``dir()`` of a module: its attributes and the lazy names that resolve."""
    names = set(namespace)
    getattr_ = namespace.get("__getattr__")
    for name in lazy:
        if name not in names and getattr_ is not None:
            try:
                getattr_(name)
            except AttributeError:
                continue
            names.add(name)
    return sorted(names)
