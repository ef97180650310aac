"""The version of signac-h5store."""

__version__ = "0.1.0"
