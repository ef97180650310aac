"""Errors raised by synced collections.

::

    Exception
    ├── KeyTypeError (TypeError)
    ├── InvalidKeyError (ValueError)
    └── BufferException (RuntimeError)
        ├── BufferedError
        └── MetadataError

``KeyTypeError`` and ``InvalidKeyError`` are raised by the validators
(:mod:`synced_collections.validators`) when data cannot be stored; the data and
the underlying resource are left unchanged. ``MetadataError`` is raised when one
collection's buffer is flushed (its ``buffered`` context closes) and its file was
changed on disk while it was buffered in a way that conflicts with the buffered
changes. A backend-wide flush (leaving ``buffer_backend()``, ``_flush_buffer()``,
exceeding the capacity) that fails for one or more files raises ``BufferedError``,
whose ``files`` maps each file to its error (for instance a ``MetadataError``).
"""

from __future__ import annotations

from typing import Any


class KeyTypeError(TypeError):
    """Raised when a user uses a key of invalid type."""


class InvalidKeyError(ValueError):
    """Raised when a user uses a non-conforming key."""


class BufferException(RuntimeError):
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


class MetadataError(BufferException):
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
        super().__init__(filename, contents)
        self.filename = filename
        self.contents = contents

    def __str__(self) -> str:
        return (
            f"The file {self.filename!r} was modified on disk while it was buffered, "
            "in a way that conflicts with the buffered changes."
        )


__all__ = ["BufferException", "BufferedError", "InvalidKeyError", "KeyTypeError", "MetadataError"]
