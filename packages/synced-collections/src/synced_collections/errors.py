"""Errors raised by synced collections.

::

    Exception
    ├── KeyTypeError (TypeError)
    ├── InvalidKeyError (ValueError)
    └── BufferedError
        └── MetadataError
"""

from __future__ import annotations

from typing import Any


class KeyTypeError(TypeError):
    """Raised when a user uses a key of invalid type."""


class InvalidKeyError(ValueError):
    """Raised when a user uses a non-conforming key."""


class BufferedError(Exception):
    """An error occurred while flushing one or more buffered files.

    Parameters
    ----------
    files : dict
        The files that caused issues during the flush, mapped to a possible
        reason for the issue, or None where it cannot be determined.
    """

    def __init__(self, files: dict[str, Any]):
        super().__init__(files)
        self.files = files

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.files})"


class MetadataError(BufferedError):
    """A buffered resource was modified outside of the buffer.

    Parameters
    ----------
    filename : str
        The resource whose metadata changed.
    contents : object, optional
        The buffered contents that could not be written.
    """

    def __init__(self, filename: str, contents: Any = None):
        super().__init__({filename: "modified outside of the buffer"})
        self.filename = filename
        self.contents = contents


__all__ = ["BufferedError", "InvalidKeyError", "KeyTypeError", "MetadataError"]
