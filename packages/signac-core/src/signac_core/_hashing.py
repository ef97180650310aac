"""Job ids: the hex MD5 of the canonical JSON encoding of a state point."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def calc_id(statepoint: Any) -> str:
    """Return the job id of a state point.

    The id is the MD5 digest of ``json.dumps(statepoint, sort_keys=True)``,
    byte-identical to signac 1.x. The state point must already be plain JSON
    data (tuples and numpy values converted by the caller).

    Parameters
    ----------
    statepoint : dict
        A JSON-encodable state point.

    Returns
    -------
    str
        The 32-character hexadecimal job id.
    """
    blob = json.dumps(statepoint, sort_keys=True)
    return hashlib.md5(blob.encode()).hexdigest()
