"""Dict-like access to HDF5 files."""

from ._version import __version__

__all__ = ["__version__"]
