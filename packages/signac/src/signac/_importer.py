"""The import hook that serves the aliased signac 1.7 module paths.

An aliased path resolves to the real module object (identity, not a copy).
Gathered paths and namespace packages are real modules of the meta-package
and need no hook. The table is in ``signac._paths``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types

from . import _paths


class NotBuiltError(ModuleNotFoundError):
    """A documented path or name whose implementation does not exist yet."""


def not_built(error: ImportError) -> bool:
    """Whether ``error`` says that one of our own modules or names is missing.

    A missing third-party module (NumPy, h5py, ...) is a real error, not an
    unbuilt name, and is never hidden.
    """
    name = error.name or ""
    return isinstance(error, NotBuiltError) or name.split(".")[0] in _paths.OWN_PACKAGES


def resolve(reference: str) -> object:
    """Import ``"module:attribute"`` (or ``"module"``) and return the object.

    Raises
    ------
    NotBuiltError
        If the module or the attribute is one of ours that does not exist yet;
        the message names what is missing.
    """
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        if not not_built(error):
            raise
        raise NotBuiltError(
            f"{reference!r} is not available: {error} "
            "(is the signac package that provides it installed and complete?)",
            name=error.name,
        ) from error
    if not attribute:
        return module
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise NotBuiltError(
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


class AliasFinder(importlib.abc.MetaPathFinder):
    """Meta-path finder for the aliased paths listed in ``signac._paths``."""

    def find_spec(self, fullname, path=None, target=None):  # noqa: D102
        if not fullname.startswith("signac."):
            return None
        real = _paths.alias_target(fullname)
        if real is None:
            return None
        try:
            resolved = resolve(real)
        except NotBuiltError:
            if fullname in _paths.ALIASES or fullname in _paths.ALIASED_SUBMODULES:
                raise
            return None  # an unknown submodule of an alias: not found
        is_package = hasattr(resolved, "__path__")
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real), is_package=is_package)


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, AliasFinder())
