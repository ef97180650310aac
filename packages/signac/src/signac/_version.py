"""The version of signac."""

__version__ = "1.7.0"
