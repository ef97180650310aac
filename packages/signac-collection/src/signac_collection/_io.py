"""File association and import/export of a :class:`Collection` (a mixin)."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar

from ._files import FileBinding
from .errors import JSONParseError, ReadOnlyError

Doc = dict[str, Any]
_C = TypeVar("_C", bound="_CollectionIO")


class _CollectionIO:
    """Files, JSON import/export and the command line of :class:`Collection`."""

    _docs: dict[Any, Doc]
    _binding: FileBinding | None
    _file: io.StringIO | io.BytesIO | None
    _dirty: bool
    _closed: bool
    compresslevel: int

    if TYPE_CHECKING:

        def __init__(self, docs: Any = None, primary_key: str = "_id", compresslevel: int = 0): ...

        def _load(self, docs: Iterable[Any], trust: bool) -> None: ...

        def _validated(self, doc: Any) -> Doc: ...

        def find(self, filter: Any = None, limit: int = 0) -> Any: ...

        def find_ids(self, filter: Any = None, limit: int = 0) -> list[Any]: ...

        def _check_open(self) -> None: ...

    # ------------------------------------------------------------------
    # files
    # ------------------------------------------------------------------

    @classmethod
    def open(
        cls: type[_C],
        filename: str | os.PathLike,
        mode: str | None = None,
        compresslevel: int | None = None,
    ) -> _C:
        """Open a collection associated with a file on disk.

        The file holds one JSON document per line. Changes are written when
        :meth:`flush` is called, when the collection is closed with
        :meth:`close`, or on leaving the ``with`` block::

            with Collection.open('collection.txt') as collection:
                collection.update(my_docs)
            # All changes to the collection have been written to collection.txt.

        Modes: ``'a+'`` (the default; read, write, create if missing), ``'a'``
        and ``'r+'`` (likewise; ``'r+'`` requires the file), ``'r'``
        (read-only: the documents may change in memory, but writing them with
        :meth:`flush` or :meth:`close` raises
        :class:`~signac_collection.errors.ReadOnlyError`), ``'w'``/``'wt'``
        (erase the file now), ``'x'`` (create a new file). Gzip-compressed
        files (name ending in ``.gz``, or a positive *compresslevel*) must be
        opened in a binary mode (``'rb'``, ``'ab'``, ``'wb'``, ``'xb'``;
        default ``'ab'``); gzip has no combined read and write mode.

        Writing replaces the file atomically (temporary file, then
        :func:`os.replace`): a crash never leaves a truncated file. The file is
        read once on opening; changes made to it by others in the meantime
        are overwritten by the next write.

        Parameters
        ----------
        filename : str
            Name of the file to read the documents from, or to create.
            ``':memory:'`` gives an in-memory collection.
        mode : str, optional
            The open-mode (Default value = None).
        compresslevel : int, optional
            The gzip level; any positive value implies compression
            (Default value = None: 9 for ``.gz`` files, else 0).

        Returns
        -------
        Collection
            The collection holding the file's documents.

        Raises
        ------
        RuntimeError
            The open-mode is not None for an in-memory collection, or a
            compressed collection is not opened in binary mode.
        JSONParseError
            A line of the file is not a valid document (a ``ValueError``
            naming the file and line).
        """
        if filename == ":memory:":
            if mode is not None:
                raise RuntimeError("The open-mode must be None for an in-memory collection.")
            return cls(compresslevel=compresslevel or 0)
        filename = os.fspath(filename)
        if compresslevel is None:
            compresslevel = 9 if str(filename).endswith(".gz") else 0
        if mode is None:
            mode = "ab" if compresslevel > 0 else "a+"
        collection = cls(compresslevel=compresslevel)
        binding = FileBinding(str(filename), mode, compresslevel)
        collection._load(_validated_lines(collection, binding), trust=True)
        collection._binding = binding
        collection._file = None  # no file is held open: it is read once and replaced on flush
        collection._dirty = False
        return collection

    def flush(self) -> None:
        """Write all changes to the associated file.

        An in-memory collection writes its JSON-lines dump into its ``_file``
        buffer (an :class:`io.StringIO`, or an :class:`io.BytesIO` holding gzip
        data when *compresslevel* is positive), as signac 1.7 does.

        Raises
        ------
        ReadOnlyError
            The collection was opened read-only (mode ``'r'``) and has changes
            (an :class:`io.UnsupportedOperation`).
        RuntimeError
            The collection is closed.
        """
        self._check_open()
        binding = self._binding
        if binding is None:
            self._flush_memory()
            return
        if self._dirty:
            if not binding.writable:
                raise ReadOnlyError(
                    f"The collection file {binding.filename!r} was opened read-only "
                    f"(mode {binding.mode!r}): its changes cannot be written."
                )
            binding.write(self._docs.values())
            self._dirty = False

    def _flush_memory(self) -> None:
        file = self._file
        assert file is not None
        text = "".join(json.dumps(doc) + "\n" for doc in self._docs.values())
        file.seek(0)
        file.truncate()
        if isinstance(file, io.BytesIO):
            file.write(gzip.compress(text.encode("utf-8"), self.compresslevel, mtime=0))
        else:
            file.write(text)
        self._dirty = False

    def close(self) -> None:
        """Close this collection instance, flushing changes to its file.

        After closing, any use of the collection raises ``RuntimeError``.
        Closing a read-only collection with changes raises
        :class:`~signac_collection.errors.ReadOnlyError`, and closes it.
        """
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------
    # import / export
    # ------------------------------------------------------------------

    def dump(self, file: IO[str] | None = None) -> None:
        """Dump the collection in JSON-encoding to file, one document per line.

        For example, to dump to a file on disk::

            with open('my_collection.txt', 'w') as file:
                collection.dump(file)

        Parameters
        ----------
        file : file-like, optional
            The file to write to (Default value = ``sys.stdout``).
        """
        self._check_open()
        if file is None:
            file = sys.stdout
        for doc in self._docs.values():
            file.write(json.dumps(doc) + "\n")

    def to_json(self, file: str | os.PathLike | IO[str] | None = None) -> str | None:
        """Dump the collection as a JSON file (an array of documents).

        Parameters
        ----------
        file : str or file-like, optional
            The filename or file-like object to write to (Default value = None).

        Returns
        -------
        str or None
            The JSON string when no file is given.
        """
        self._check_open()
        blob = json.dumps(list(self._docs.values()))
        if file is None:
            return blob
        if isinstance(file, (str, os.PathLike)):
            with open(file, "w", encoding="utf-8") as f:
                f.write(blob)
        else:
            file.write(blob)
        return None

    @classmethod
    def read_json(cls: type[_C], file: str | os.PathLike | IO[str] | None = None) -> _C:
        """Construct an instance of Collection from a JSON file.

        The file holds a JSON array of documents (as written by :meth:`to_json`).

        Parameters
        ----------
        file : str or file-like, optional
            The JSON file to read, as a filename or a file-like object
            (Default value = None: read from ``sys.stdin``).

        Returns
        -------
        Collection
            A collection containing the documents of the JSON file.
        """
        if file is None:
            data = json.load(sys.stdin)
        elif isinstance(file, (str, os.PathLike)):
            with open(file, encoding="utf-8") as f:
                data = json.load(f)
        else:
            data = json.load(file)
        if not isinstance(data, list):
            raise JSONParseError(
                f"expected a JSON array of documents, got {type(data).__name__}",
                getattr(file, "name", None)
                if not isinstance(file, (str, os.PathLike))
                else str(file),
            )
        return cls(data)

    def main(self, argv: list[str] | None = None) -> None:
        """Start a command line interface for this Collection.

        For example, with this script::

            # find.py
            with Collection.open('my_collection.txt') as c:
                c.main()

        documents can be searched on the command line::

            $ python find.py '{"age": 32}'
            {"name": "John", "age": 32}
            $ python find.py age 32 --id

        The filter is one JSON argument or the simplified syntax of
        :func:`~signac_collection.parse_filter_args`.

        Parameters
        ----------
        argv : list of str, optional
            The arguments (Default value = None: ``sys.argv[1:]``).

        Raises
        ------
        ValueError
            When both ``--id`` and ``--indent`` are selected.
        """
        from ._cli import run

        run(self, argv)


def _validated_lines(collection: Any, binding: FileBinding) -> Iterator[Doc]:
    for lineno, doc in binding.open():
        try:
            yield collection._validated(doc)
        except (TypeError, ValueError) as error:
            raise JSONParseError(str(error), binding.filename, lineno) from None
