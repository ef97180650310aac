"""The ``signac`` command line interface."""

from ._main import main
from ._version import __version__

__all__ = ["__version__", "main"]
