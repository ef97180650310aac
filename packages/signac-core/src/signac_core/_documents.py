"""Job and project documents: JSON files synced with buffered attr-dicts."""

from __future__ import annotations

import json
import warnings
from typing import Any


def open_document(filename: str) -> Any:
    """Return the synced document stored in ``filename``."""
    from synced_collections.backends.collection_json import BufferedJSONAttrDict

    return BufferedJSONAttrDict(filename=filename, write_concern=True)


def read_document(filename: str) -> dict[str, Any]:
    """Read a document as a plain dict ({} if it does not exist).

    An unreadable document is reported with a warning and read as empty.
    """
    try:
        with open(filename, "rb") as file:
            blob = file.read()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    if not blob.strip():
        return {}
    try:
        doc = json.loads(blob)
    except ValueError as error:
        warnings.warn(
            f"Ignoring unreadable document '{filename}': {error}", RuntimeWarning, stacklevel=3
        )
        return {}
    if not isinstance(doc, dict):
        warnings.warn(f"Ignoring invalid document '{filename}'.", RuntimeWarning, stacklevel=3)
        return {}
    return doc
