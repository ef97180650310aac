"""Errors raised by :mod:`signac_collection`.

::

    CollectionError (Exception)
    ├── InvalidFilterError (CollectionError, KeyError, ValueError)
    │   ├── FilterKeyError (InvalidFilterError)
    │   └── FilterValueError (InvalidFilterError)
    ├── InvalidDocumentError (CollectionError, ValueError)
    ├── DuplicateKeyError (CollectionError, ValueError)
    ├── JSONParseError (CollectionError, ValueError)
    └── ReadOnlyError (CollectionError, io.UnsupportedOperation)

    InvalidKeyError (ValueError)   # from synced_collections.errors

A malformed filter raises an :class:`InvalidFilterError`, which is both a
``KeyError`` and a ``ValueError``, so ``except`` clauses written for either
kind keep working. Like signac 1.7, a misplaced or unknown operator raises the
``KeyError`` kind (:class:`FilterKeyError`) and a bad operator argument the
``ValueError`` kind (:class:`FilterValueError`). A dotted key in a document
raises :class:`synced_collections.errors.InvalidKeyError` (the class
``signac.errors.InvalidKeyError`` names), shared with the synced collections.
"""

from __future__ import annotations

import io

from synced_collections.errors import InvalidKeyError

__all__ = [
    "CollectionError",
    "DuplicateKeyError",
    "FilterKeyError",
    "FilterValueError",
    "InvalidDocumentError",
    "InvalidFilterError",
    "InvalidKeyError",
    "JSONParseError",
    "ReadOnlyError",
]


class CollectionError(Exception):
    """Base class of all errors raised by :mod:`signac_collection`."""


class InvalidFilterError(CollectionError, KeyError, ValueError):
    """A filter is malformed: unknown or misplaced operator, bad operator argument.

    The message names the offending part of the filter.
    """

    def __str__(self) -> str:
        return Exception.__str__(self)  # the plain message, not KeyError's repr of it


class FilterKeyError(InvalidFilterError):
    """An operator in a filter is unknown or misplaced (signac 1.7: ``KeyError``).

    For example ``{'a': {'$foo': 1}}``, ``{'a.$lt.b': 1}``, ``{'a': {'$not': {'$eq': 1}}}``
    or ``$and`` below a key. Its ``str()`` is the quoted message, as for any ``KeyError``.
    """

    __str__ = KeyError.__str__


class FilterValueError(InvalidFilterError):
    """An operator in a filter has a bad argument (signac 1.7: ``ValueError``).

    For example ``{'$and': []}``, an unknown ``$type`` or ``{'$exists': 1}``.
    """


class InvalidDocumentError(CollectionError, ValueError):
    """A document cannot be stored, e.g. because it carries a different primary key."""


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
