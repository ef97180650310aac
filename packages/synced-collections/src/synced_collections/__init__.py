"""Dict- and list-like collections synchronized with a storage backend."""

from ._version import __version__

__all__ = ["__version__"]
