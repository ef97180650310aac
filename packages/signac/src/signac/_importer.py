"""An import hook that serves the documented signac 1.7 module paths.

Aliased paths resolve to the real module object (identity, not a copy);
gathered paths become small modules of re-exported objects; namespace paths
are empty packages. The table is in ``signac._paths``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types

from . import _paths


class _NotLandedError(ModuleNotFoundError):
    pass


def resolve(reference: str) -> object:
    """Import ``"module:attribute"`` (or ``"module"``) and return the object."""
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise _NotLandedError(
            f"{reference!r} is not available: module {error.name!r} is missing "
            "(is the signac package that provides it installed and complete?)",
            name=error.name,
        ) from error
    if not attribute:
        return module
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise _NotLandedError(
            f"{reference!r} is not available: {module_name} has no {attribute!r} yet",
            name=module_name,
        ) from None


class _AliasLoader(importlib.abc.Loader):
    """Loads a documented path as the very module object of its target."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = resolve(self.target)
        assert isinstance(module, types.ModuleType)
        self._original_spec = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        # The import system stamps the alias spec on the module; give the
        # real module its own spec back so reload and pickling see one name.
        module.__spec__ = self._original_spec


class _GatheredLoader(importlib.abc.Loader):
    """Builds a module whose attributes are objects of other modules."""

    def __init__(self, names: dict[str, str] | None):
        self.names = names

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # default module creation

    def exec_module(self, module: types.ModuleType) -> None:
        module.__doc__ = "A documented signac 1.7 path; signac._paths lists its sources."
        if self.names is None:  # a namespace: children are imported on first use
            module.__getattr__ = namespace_getattr(module.__name__)  # type: ignore[method-assign]
            return
        for attribute, reference in self.names.items():
            setattr(module, attribute, resolve(reference))
        module.__all__ = sorted(self.names)  # type: ignore[attr-defined]


class DocumentedPathFinder(importlib.abc.MetaPathFinder):
    """Meta-path finder for the paths listed in ``signac._paths``."""

    def find_spec(self, fullname, path=None, target=None):  # noqa: D102
        if not fullname.startswith("signac."):
            return None
        real = _paths.alias_target(fullname)
        if real is not None:
            try:
                resolved = resolve(real)
            except _NotLandedError:
                if fullname in _paths.ALIASES or fullname in _paths.ALIASED_SUBMODULES:
                    raise
                return None  # an unknown submodule of an alias: not found
            is_package = hasattr(resolved, "__path__")
            return importlib.machinery.ModuleSpec(
                fullname, _AliasLoader(real), is_package=is_package
            )
        if fullname in _paths.GATHERED:
            return importlib.machinery.ModuleSpec(
                fullname, _GatheredLoader(_paths.GATHERED[fullname])
            )
        if fullname in _paths.NAMESPACES:
            spec = importlib.machinery.ModuleSpec(fullname, _GatheredLoader(None), is_package=True)
            spec.submodule_search_locations = []
            return spec
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, DocumentedPathFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, DocumentedPathFinder())


def namespace_getattr(package: str):
    """Return a module ``__getattr__`` that imports documented children lazily."""
    prefix = package + "."

    def __getattr__(name: str) -> object:
        child = prefix + name
        if child in _paths.documented_paths():
            return importlib.import_module(child)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
