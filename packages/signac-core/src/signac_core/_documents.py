"""Job and project documents: JSON files synced with buffered attr-dicts."""

from __future__ import annotations

import json
import warnings
from typing import Any


def open_document(filename: str) -> Any:
    """Return the synced document stored in ``filename``."""
    from synced_collections.backends.collection_json import BufferedJSONAttrDict

    return BufferedJSONAttrDict(filename=filename, write_concern=True)


def read_document(filename: str) -> dict[str, Any] | None:
    """Read a document as a plain dict ({} if it does not exist).

    An unreadable document is reported with a warning and gives None (callers
    skip the job).
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
            f"Skipped a job with an unreadable document '{filename}': {error}",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    if not isinstance(doc, dict):
        warnings.warn(
            f"Skipped a job with an invalid document '{filename}'.", RuntimeWarning, stacklevel=3
        )
        return None
    return doc
