"""signac: simple data management for large, heterogeneous parameter spaces.

This meta-package gathers the signac packages under the single namespace
documented for signac 1.7. Every name is the very object of the package that
implements it (``signac.Project is signac_core.Project``); names are imported
on first use, so ``import signac`` stays fast.
"""

from __future__ import annotations

from ._importer import install as _install
from ._importer import resolve as _resolve
from ._paths import TOP_LEVEL as _TOP_LEVEL
from ._version import __version__

_install()

__all__ = ["__version__", *_TOP_LEVEL]


def __getattr__(name: str) -> object:
    reference = _TOP_LEVEL.get(name)
    if reference is None:
        raise AttributeError(f"module 'signac' has no attribute {name!r}")
    value = _resolve(reference)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
