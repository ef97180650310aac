"""Errors raised by :mod:`signac_collection`.

::

    CollectionError (Exception)
    ├── InvalidFilterError (CollectionError, ValueError)
    ├── InvalidDocumentError (CollectionError, ValueError)
    ├── DuplicateKeyError (CollectionError, ValueError)
    ├── JSONParseError (CollectionError, ValueError)
    └── ReadOnlyError (CollectionError, io.UnsupportedOperation)

Every error is also a builtin exception, so code that catches ``ValueError``
(as documented for invalid filters in signac 1.7) keeps working.
"""

from __future__ import annotations

import io

__all__ = [
    "CollectionError",
    "DuplicateKeyError",
    "InvalidDocumentError",
    "InvalidFilterError",
    "JSONParseError",
    "ReadOnlyError",
]


class CollectionError(Exception):
    """Base class of all errors raised by :mod:`signac_collection`."""


class InvalidFilterError(CollectionError, ValueError):
    """A filter is malformed: unknown operator, bad operator argument, bad key.

    The message names the offending part of the filter.
    """


class InvalidDocumentError(CollectionError, ValueError):
    """A document cannot be stored, e.g. because a key contains a dot."""


class DuplicateKeyError(CollectionError, ValueError):
    """:meth:`Collection.insert_one` got a primary key that is already taken."""


class JSONParseError(CollectionError, ValueError):
    """A collection file holds a line that is not a valid document.

    Parameters
    ----------
    message : str
        The description of the problem.
    filename : str, optional
        The file that was read.
    lineno : int, optional
        The 1-based number of the offending line.
    """

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None):
        self.filename = filename
        self.lineno = lineno
        where = ""
        if filename is not None:
            where = f"{filename}"
            if lineno is not None:
                where += f", line {lineno}"
            where += ": "
        super().__init__(where + message)


class ReadOnlyError(CollectionError, io.UnsupportedOperation):
    """A collection opened read-only (mode ``'r'``) was asked to change."""
