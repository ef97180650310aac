"""Collection files: one JSON document per line, plain or gzip-compressed.

Files are read completely when a collection is opened and rewritten as a whole
on :meth:`Collection.flush`: the new content goes to a temporary file in the
same directory which is fsync-ed and then atomically replaces the old file
(:func:`synced_collections.files.open_atomic`), so a crash leaves either the old
or the new content, never a truncated file.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from synced_collections.files import open_atomic

from .errors import JSONParseError

__all__ = ["FileBinding", "parse_mode"]


def parse_mode(mode: str, compressed: bool) -> tuple[str, bool, bool]:
    """Validate an open-mode; return ``(kind, readable, writable)``.

    *kind* is one of ``'r'``, ``'w'``, ``'a'``, ``'x'``.

    Raises
    ------
    RuntimeError
        A compressed file is opened in a text mode (as documented).
    ValueError
        The mode is invalid, or combines reading and writing for a gzip file.
    """
    if not isinstance(mode, str):
        raise TypeError(f"mode must be a string, not {type(mode).__name__}")
    kinds = [c for c in mode if c in "rwax"]
    if len(kinds) != 1 or set(mode) - set("rwaxbt+") or len(set(mode)) != len(mode):
        raise ValueError(f"Invalid mode: {mode!r}")
    if "b" in mode and "t" in mode:
        raise ValueError(f"Invalid mode: {mode!r} (both binary and text)")
    kind = kinds[0]
    plus = "+" in mode
    if compressed:
        if "b" not in mode:
            raise RuntimeError(
                f"Compressed collections must be opened in a binary mode ('rb', 'wb', 'ab', 'xb'), "
                f"not {mode!r}."
            )
        if plus:
            raise ValueError(
                f"Invalid mode {mode!r} for a compressed collection: gzip does not support a "
                "combined read and write mode."
            )
    readable = kind in ("r", "a") or plus
    writable = kind != "r" or plus
    return kind, readable, writable


class FileBinding:
    """The file a collection was opened from.

    Parameters
    ----------
    filename : str
        The path.
    mode : str
        The (validated) open-mode.
    compresslevel : int
        0 for a plain text file, 1-9 for gzip.
    """

    def __init__(self, filename: str, mode: str, compresslevel: int):
        self.filename = os.fspath(filename)
        self.mode = mode
        self.compresslevel = compresslevel
        self.kind, self.readable, self.writable = parse_mode(mode, compresslevel > 0)

    # -- opening ---------------------------------------------------------

    def open(self) -> Iterator[tuple[int, dict]]:
        """Prepare the file for the mode; yield ``(lineno, doc)`` of existing documents."""
        exists = os.path.exists(self.filename)
        if self.kind == "r" and not exists:
            raise FileNotFoundError(2, "No such file or directory", self.filename)
        if self.kind == "x" and exists:
            raise FileExistsError(17, "File exists", self.filename)
        if self.kind in ("w", "x") or not exists:
            self.write([])  # create (or truncate) the file now, like open() does
            return iter(())
        return self.read()

    def read(self) -> Iterator[tuple[int, dict]]:
        """Yield ``(lineno, doc)`` for every non-empty line of the file."""
        try:
            if self.compresslevel > 0:
                with gzip.open(self.filename, "rb") as file:
                    data = file.read()
            else:
                with open(self.filename, "rb") as file:
                    data = file.read()
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            raise JSONParseError(
                f"not a valid gzip-compressed collection file: {error}", self.filename
            ) from None
        return self._parse(data)

    def _parse(self, data: bytes) -> Iterator[tuple[int, dict]]:
        for lineno, raw in enumerate(data.split(b"\n"), 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
                doc = json.loads(line)
            except UnicodeDecodeError as error:
                raise JSONParseError(f"invalid UTF-8: {error}", self.filename, lineno) from None
            except ValueError as error:
                raise JSONParseError(
                    f"invalid JSON: {error}: {_snippet(raw)}", self.filename, lineno
                ) from None
            if not isinstance(doc, dict):
                raise JSONParseError(
                    f"expected a JSON object (one document per line), got "
                    f"{type(doc).__name__}: {_snippet(raw)}",
                    self.filename,
                    lineno,
                )
            yield lineno, doc

    # -- writing ---------------------------------------------------------

    def write(self, docs: Iterable[Any]) -> None:
        """Atomically replace the file's content with *docs*, one per line (fsync-ed)."""
        with open_atomic(self.filename, durable=True) as raw:
            if self.compresslevel > 0:
                with gzip.GzipFile(
                    filename="",
                    mode="wb",
                    fileobj=raw,
                    compresslevel=self.compresslevel,
                    mtime=0,
                ) as file:
                    _write_lines(file, docs)
            else:
                _write_lines(raw, docs)


def _write_lines(file: Any, docs: Iterable[Any]) -> None:
    dumps = json.dumps
    chunk: list[str] = []
    for doc in docs:
        chunk.append(dumps(doc))
        if len(chunk) >= 4096:
            file.write(("\n".join(chunk) + "\n").encode("utf-8"))
            chunk.clear()
    if chunk:
        file.write(("\n".join(chunk) + "\n").encode("utf-8"))


def _snippet(raw: bytes, width: int = 60) -> str:
    text = raw.decode("utf-8", "replace").strip()
    return repr(text if len(text) <= width else text[:width] + "...")
