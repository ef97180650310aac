"""A document collection with a MongoDB-style query language.

:class:`Collection` keeps documents (JSON-shaped dicts) in memory or in a
file with one JSON document per line, and finds them with filters such as
``{'a.b': {'$gt': 1}}``. The filter engine is also usable on plain dicts:
:func:`compile_filter` turns a filter into a predicate once.
"""

from ._collection import Collection, _CollectionSearchResults
from ._filterparse import (
    add_prefix,
    parse_filter,
    parse_filter_args,
    parse_simple,
    parse_single,
    root_keys,
)
from ._filters import compile_filter, matches
from ._version import __version__
from .errors import (
    CollectionError,
    DuplicateKeyError,
    FilterKeyError,
    FilterValueError,
    InvalidDocumentError,
    InvalidFilterError,
    InvalidKeyError,
    JSONParseError,
    ReadOnlyError,
)

__all__ = [
    "Collection",
    "CollectionError",
    "DuplicateKeyError",
    "FilterKeyError",
    "FilterValueError",
    "InvalidDocumentError",
    "InvalidFilterError",
    "InvalidKeyError",
    "JSONParseError",
    "ReadOnlyError",
    "__version__",
    "_CollectionSearchResults",
    "add_prefix",
    "compile_filter",
    "matches",
    "parse_filter",
    "parse_filter_args",
    "parse_simple",
    "parse_single",
    "root_keys",
]
