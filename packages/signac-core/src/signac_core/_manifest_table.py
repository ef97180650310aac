"""Verified manifests by file identity: the binary table of the state point index.

A record holds a job id and the identity ``(st_mtime_ns, st_ctime_ns,
st_size, st_ino)`` that job's manifest had when it was read and found to hash
to the id. When a fresh :func:`os.stat` of the manifest gives the very same
identity, it is the same file, unchanged since it was verified (any write,
rename into place or restored copy changes the change time, which no user can
set), so the job need not be read to be opened by id. Only a record equal,
byte for byte, to what the stat gives is a proof: a damaged or foreign record
can only fail to match.

The table is a bucket array followed by the records sorted by id. Bucket
``b`` (the top ``bits`` bits of the id) holds records ``offsets[b]`` to
``offsets[b + 1]``; ids are MD5 digests, so a bucket holds about four
records and a look-up touches two small places of the file. It is read
through :mod:`mmap`, so a new project handle pays for the pages it touches,
not for the whole table.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from typing import Any

#: A record: the 16 bytes of the id, then mtime, ctime, size and inode of its manifest.
RECORD = struct.Struct("<16sqqqq")
_SIZE = RECORD.size
_PAIR = struct.Struct("<II")

#: A bucket larger than this is taken as damage (a correct table has ~4 records a bucket).
_MAX_BUCKET = 64


def record(job_id: str, st: os.stat_result) -> bytes:
    """Return the record of ``job_id`` whose manifest has the stat ``st``."""
    return RECORD.pack(bytes.fromhex(job_id), st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def table_size(bits: int, count: int) -> int:
    """Return the length in bytes of a table with ``2 ** bits`` buckets and ``count`` records."""
    return 4 * ((1 << bits) + 1) + RECORD.size * count


def pack(records: Mapping[str, bytes]) -> tuple[bytes, int]:
    """Return the table of ``records`` (id -> record) and its number of bucket bits."""
    bits = max(max(len(records) - 1, 1).bit_length() - 2, 1)  # about four records a bucket
    shift = 32 - bits
    ids = sorted(records)  # hex order is byte order
    offsets = [0] * ((1 << bits) + 1)
    for job_id in ids:
        offsets[(int(job_id[:8], 16) >> shift) + 1] += 1
    total = 0
    for i, n in enumerate(offsets):
        total += n
        offsets[i] = total
    head = struct.pack(f"<{len(offsets)}I", *offsets)
    return head + b"".join(records[job_id] for job_id in ids), bits


class Table:
    """A table of records in a buffer (an mmap of the index file, or bytes).

    Parameters
    ----------
    buf : buffer
        Holds the table at ``start``.
    start : int
        Where the table starts.
    bits : int
        The number of bucket bits.
    count : int
        The number of records.
    """

    def __init__(self, buf: Any, start: int, bits: int, count: int):
        self._buf = buf
        self._start = start
        self._shift = 32 - bits
        self._records = start + 4 * ((1 << bits) + 1)
        self.count = count

    def __contains__(self, rec: bytes) -> bool:
        """Return True if the table holds the record ``rec`` (all of its bytes)."""
        if not self.count:
            return False
        buf = self._buf
        lo, hi = _PAIR.unpack_from(
            buf, self._start + 4 * (int.from_bytes(rec[:4], "big") >> self._shift)
        )
        if hi > self.count or not 0 <= hi - lo <= _MAX_BUCKET:  # damage: no proof
            return False
        first = self._records
        found = buf.find(rec, first + _SIZE * lo, first + _SIZE * hi)
        return found >= 0 and (found - first) % _SIZE == 0

    def records(self) -> dict[str, bytes]:
        """Return every record by its (hex) id."""
        buf, size, first = self._buf, RECORD.size, self._records
        out = {}
        for offset in range(first, first + size * self.count, size):
            rec = bytes(buf[offset : offset + size])
            out[rec[:16].hex()] = rec
        return out


#: The table of a project without one.
EMPTY = Table(b"", 0, 1, 0)
