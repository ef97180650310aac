"""The version of signac-collection."""

__version__ = "0.1.0"
