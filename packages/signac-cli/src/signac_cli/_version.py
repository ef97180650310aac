"""The version of signac-cli."""

__version__ = "0.1.0"
