"""The version of synced-collections."""

__version__ = "0.1.0"
