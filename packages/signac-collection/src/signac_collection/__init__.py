"""A document collection with a MongoDB-style query language."""

from ._version import __version__

__all__ = ["__version__"]
