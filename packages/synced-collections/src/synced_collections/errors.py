"""Errors raised by synced collections.

::

    Exception
    ├── KeyTypeError (TypeError)
    ├── InvalidKeyError (ValueError)
    └── BufferException
        └── BufferedError
            └── MetadataError

``KeyTypeError`` and ``InvalidKeyError`` are raised by the validators
(:mod:`synced_collections.validators`) when data cannot be stored; the data and
the underlying resource are left unchanged. ``BufferedError`` is raised when a
buffer flush fails for one or more resources; ``MetadataError`` is the special
case of a file that was changed on disk while it was buffered in a way that
conflicts with the buffered changes.
"""

from __future__ import annotations

from typing import Any


class KeyTypeError(TypeError):
    """Raised when a user uses a key of invalid type."""


class InvalidKeyError(ValueError):
    """Raised when a user uses a non-conforming key."""


class BufferException(Exception):
    """An exception occurred in buffered mode."""


class BufferedError(BufferException):
    """An error occurred while flushing one or more buffered files.

    Parameters
    ----------
    files : dict
        The files that caused issues during the flush, mapped to a possible
        reason for the issue, or None where it cannot be determined.

    Attributes
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
    """A buffered file was modified on disk in a way that conflicts with the buffer.

    The file on disk is left as the other writer left it; the buffered data
    that could not be written is available as :attr:`contents`.

    Parameters
    ----------
    filename : str
        The resource whose metadata changed.
    contents : object, optional
        The buffered contents that could not be written.

    Attributes
    ----------
    filename : str
        The resource whose metadata changed.
    contents : object
        The buffered contents that could not be written (or None).
    """

    def __init__(self, filename: str, contents: Any = None):
        super().__init__({filename: "modified outside of the buffer"})
        self.args = (filename, contents)
        self.filename = filename
        self.contents = contents

    def __reduce__(self):  # keep the two-argument constructor picklable
        return (type(self), (self.filename, self.contents))


__all__ = ["BufferException", "BufferedError", "InvalidKeyError", "KeyTypeError", "MetadataError"]
