"""signac's data model: projects of jobs stored on the file system."""

from . import errors, warnings
from ._version import __version__

__all__ = ["__version__", "errors", "warnings"]
