"""The crawlers of signac 1.x indexing (deprecated): file, JSON, project and main indexes.

A crawler walks a directory and yields one index document (a dict) per
object it finds. :class:`MainCrawler` compiles a *main index* from the
``signac_access.py`` modules below its root.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ._deprecation import INDEXING, deprecated_alias, warn_deprecated
from ._statepoint import copy_plain
from .errors import FetchError

logger = logging.getLogger(__name__)

#: Index document keys.
KEY_PROJECT = "project"
KEY_FILENAME = "filename"
KEY_PATH = "root"
KEY_PAYLOAD = "format"

#: The file name of access modules.
FN_ACCESS_MODULE = "signac_access.py"


def _walk(root: str, depth: int = 0) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk`` in sorted order, limited to ``depth`` levels (0: no limit; 1: root only)."""
    if depth < 0:
        raise ValueError("The value of depth must be non-negative.")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        filenames.sort()
        yield dirpath, dirnames, filenames
        rel = os.path.relpath(dirpath, root)
        level = 1 if rel == os.curdir else rel.count(os.sep) + 2
        if depth and level >= depth:
            del dirnames[:]


def _file_md5(file: IO[bytes]) -> str:
    md5 = hashlib.md5()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        md5.update(chunk)
    return md5.hexdigest()


def _number(value: str) -> Any:
    """Convert a numeric string to int (when integral) or float; leave others unchanged."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if math.isnan(number) or math.isinf(number):
        return value  # signac 1.7 dropped or crashed on these; we keep the string
    return int(number) if number == int(number) else number


class BaseCrawler:
    """Crawl through ``root`` and index all files (deprecated).

    Subclasses implement :meth:`docs_from_file`. Every yielded document gets
    a ``format`` (default None) and an ``_id`` (the md5 of the directory, the
    file name and the document).

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        The path to the root directory to crawl through.
    """

    #: Crawler tags: :class:`MainCrawler` runs a tagged crawler only for matching tags.
    tags: Iterable[str] | None = None

    #: (version, details) of this class's deprecation warning.
    _deprecation: tuple[str, str] = ("1.3", INDEXING)
    #: True on the crawlers that the indexing functions build (they warn themselves).
    _deprecation_reported = False

    def __init__(self, root: str):
        if not self._deprecation_reported:
            # The nearest class of this module names the deprecation (also for user subclasses).
            public: Any = next(cls for cls in type(self).__mro__ if cls.__module__ == __name__)
            warn_deprecated(public.__name__, *public._deprecation)
        self.root = os.path.expanduser(root)

    def docs_from_file(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        """Implement this method to generate documents from files.

        Parameters
        ----------
        dirpath : str
            The path of the file, relative to root.
        fn : str
            The filename.

        Yields
        ------
        dict
            Index documents.
        """
        raise NotImplementedError()

    def fetch(self, doc: Mapping[str, Any], mode: str = "r") -> IO[Any]:
        """Fetch the data associated with a document (not possible for this crawler).

        Parameters
        ----------
        doc : dict
            A document of this crawler's index.
        mode : str
            The file mode (Default value = 'r').

        Raises
        ------
        FetchError
            Always: the base class cannot fetch anything.
        """
        raise FetchError(f"Unable to fetch object for '{doc}'.")

    @classmethod
    def calculate_hash(cls, doc: Mapping[str, Any], dirpath: str, fn: str) -> str:
        """Calculate the hash (the default ``_id``) of a document.

        Parameters
        ----------
        doc : dict
            The document (JSON data).
        dirpath : str
            The directory of the file it came from.
        fn : str
            The file name.

        Returns
        -------
        str
            The md5 of ``dirpath``, ``fn`` and the sorted JSON of ``doc``.
        """
        md5 = hashlib.md5()
        md5.update(dirpath.encode("utf-8"))
        md5.update(fn.encode("utf-8"))
        md5.update(json.dumps(doc, sort_keys=True).encode("utf-8"))
        return md5.hexdigest()

    def crawl(self, depth: int = 0) -> Iterator[dict[str, Any]]:
        """Crawl the root directory and yield the index documents.

        Parameters
        ----------
        depth : int
            Crawl at most this many directory levels (0: no limit) (Default value = 0).

        Yields
        ------
        dict
            Index documents.
        """
        logger.info("Crawling '%s' (depth=%d)...", self.root, depth)
        for dirpath, _dirnames, filenames in _walk(self.root, depth):
            for fn in filenames:
                yield from self._complete_docs(dirpath, fn)
        logger.info("Crawl of '%s' done.", self.root)

    def _complete_docs(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        """Yield the documents of one file, each with ``format`` and ``_id``."""
        for doc in self.docs_from_file(dirpath, fn):
            logger.debug("doc from file: '%s'.", os.path.join(dirpath, fn))
            doc.setdefault(KEY_PAYLOAD, None)
            doc.setdefault("_id", self.calculate_hash(doc, dirpath, fn))
            yield doc

    def process(self, doc: dict[str, Any], dirpath: str | None, fn: str | None) -> dict[str, Any]:
        """Process a document before it is yielded (the base class returns it as it is).

        Parameters
        ----------
        doc : dict
            The document.
        dirpath : str
            The directory of the file.
        fn : str
            The file name.

        Returns
        -------
        dict
            The processed document.
        """
        return doc


class RegexFileCrawler(BaseCrawler):
    """Index files whose path matches a regular expression (deprecated).

    Formats are defined per class with :meth:`define`. Each file path
    (``os.path.join(dirpath, fn)``, starting with ``root``) is ``re.match``-ed
    against every definition; a match yields a document with the named
    groups (numeric strings converted to int or float), ``filename``
    (relative to root), ``root`` (absolute), ``format`` (a str) and the
    content's md5 as ``md5`` and ``file_id``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        The path to the root directory to crawl through.
    """

    #: Compiled regular expression -> format, per class (see :meth:`define`).
    definitions: dict[re.Pattern[str], Any] = {}

    @classmethod
    def define(cls, regex: str | re.Pattern[str], format: Any = None) -> None:  # noqa: A002
        """Define a format for the paths that match a regular expression.

        The definitions of this class are replaced by a copy with the new
        entry: parent and sibling classes keep theirs; subclasses without
        definitions of their own see these.

        Parameters
        ----------
        regex : str or compiled pattern
            The regular expression; named groups become document keys.
        format : optional
            The format associated with the matching files, stored as
            ``str(format)`` (Default value = None).
        """
        if isinstance(regex, str):
            regex = re.compile(regex)
        cls.definitions = {**cls.definitions, regex: format}

    @classmethod
    def compute_file_id(cls, doc: dict[str, Any], file: IO[bytes]) -> str:
        """Compute the file id of a file (the md5 of its content) and store it as ``md5``.

        Parameters
        ----------
        doc : dict
            The index document of the file.
        file : file-like
            The file, opened in binary mode.

        Returns
        -------
        str
            The file id.
        """
        file_id = doc["md5"] = _file_md5(file)
        return file_id

    def docs_from_file(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        """Yield one document for every definition that matches the file path.

        Parameters and result as in :meth:`BaseCrawler.docs_from_file`.
        """
        path = os.path.join(dirpath, fn)
        for regex, format_ in self.definitions.items():
            match = regex.match(path)
            if match:
                doc = self.process(match.groupdict(), dirpath, fn)
                doc[KEY_FILENAME] = os.path.relpath(path, self.root)
                doc[KEY_PATH] = os.path.abspath(self.root)
                doc[KEY_PAYLOAD] = str(format_)
                with open(path, "rb") as file:
                    doc["file_id"] = self.compute_file_id(doc, file)
                yield doc

    def fetch(self, doc: Mapping[str, Any], mode: str = "r") -> IO[Any]:
        """Open the file of a document.

        Parameters and result as in :meth:`BaseCrawler.fetch`; raises
        :class:`FetchError` when the document has no ``filename`` or it matches
        no definition.
        """
        fn = doc.get(KEY_FILENAME)
        if fn:
            path = os.path.join(self.root, fn)
            if any(regex.match(path) for regex in self.definitions):
                return open(path, mode=mode)
        raise FetchError(f"Unable to match file path of doc '{doc}' to format definition.")

    def process(self, doc: dict[str, Any], dirpath: str | None, fn: str | None) -> dict[str, Any]:
        """Convert the numeric strings of the matched groups to int or float.

        Parameters and result as in :meth:`BaseCrawler.process`.
        """
        result = {
            key: value if value is None or not isinstance(value, str) else _number(value)
            for key, value in doc.items()
        }
        return super().process(result, dirpath, fn)


class JSONCrawler(BaseCrawler):
    """Index the content of the JSON files (``*.json``) below root (deprecated).

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        The path to the root directory to crawl through.
    """

    encoding = "utf-8"
    #: The files to read (``re.match``-ed against the path).
    fn_regex = r".*\.json"

    def docs_from_json_doc(self, doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Yield the documents of one JSON file's content (by default: the content).

        Parameters
        ----------
        doc : dict
            The content of the file.

        Yields
        ------
        dict
            Index documents.
        """
        yield doc

    def docs_from_file(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        """Yield the documents of a JSON file.

        Parameters and result as in :meth:`BaseCrawler.docs_from_file`.
        """
        path = os.path.join(dirpath, fn)
        if re.match(self.fn_regex, path):
            with open(path, "rb") as file:
                doc = json.loads(file.read().decode(self.encoding))
            if not isinstance(doc, dict):
                raise ValueError(f"The JSON file '{path}' does not hold an object.")
            yield from self.docs_from_json_doc(doc)


class SignacProjectCrawler(RegexFileCrawler):
    """Index the jobs of a signac project and, with definitions, their files (deprecated).

    One document per job: ``signac_id``, ``root`` (the workspace),
    ``statepoint`` and the keys of the job document; its ``_id`` is the job
    id. With :meth:`~RegexFileCrawler.define`-d formats, also one document per
    matching file inside a job directory (with ``signac_id`` and
    ``statepoint`` of its job).

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        The project's root directory (not its workspace).
    """

    encoding = "utf-8"
    statepoint_index = "statepoint"
    fn_statepoint = "signac_statepoint.json"
    fn_job_document = "signac_job_document.json"
    signac_id_alias = "signac_id"

    def __init__(self, root: str):
        from ._functions import get_project

        super().__init__(root=get_project(root=root).workspace())
        self._statepoints: dict[str, dict[str, Any]] = {}

    def _job_id(self, dirpath: str) -> str | None:
        from ._workspace import is_job_id

        head = os.path.relpath(dirpath, self.root).split(os.sep)[0]
        return head if is_job_id(head) else None

    def _get_statepoint(self, job_id: str) -> dict[str, Any]:
        from ._workspace import read_verified

        if job_id not in self._statepoints:
            self._statepoints[job_id] = read_verified(self.root, job_id)
        return copy_plain(self._statepoints[job_id])

    def get_statepoint(self, dirpath: str) -> tuple[str, dict[str, Any]]:
        """Return the id and state point of the job a directory belongs to.

        Parameters
        ----------
        dirpath : str
            A directory inside a job directory.

        Returns
        -------
        tuple
            The job id and the state point.
        """
        job_id = self._job_id(dirpath)
        if job_id is None:
            raise LookupError(f"'{dirpath}' is not inside a job directory.")
        return job_id, self._get_statepoint(job_id)

    def job_docs(self, include_job_document: bool = True) -> Iterator[dict[str, Any]]:
        """Yield one document per job of the workspace.

        Parameters
        ----------
        include_job_document : bool
            Merge the keys of the job document into the document
            (Default value = True).

        Yields
        ------
        dict
            Index documents.
        """
        for job_id in self._job_ids():
            yield self._job_doc(job_id, include_job_document)

    def _job_ids(self) -> list[str]:
        from ._workspace import WorkspaceListing

        return WorkspaceListing(self.root).sorted_ids()

    def _job_doc(self, job_id: str, include_job_document: bool) -> dict[str, Any]:
        from ._documents import read_document

        doc: dict[str, Any] = {}
        if include_job_document:
            job_doc = read_document(os.path.join(self.root, job_id, self.fn_job_document))
            doc.update(job_doc or {})
        doc[self.signac_id_alias] = job_id
        doc[KEY_PATH] = self.root
        doc[self.statepoint_index] = self._get_statepoint(job_id)
        doc[KEY_PAYLOAD] = None
        doc["_id"] = job_id
        return doc

    def docs_from_file(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        """Yield the documents of a file inside a job directory, skip others.

        Parameters and result as in :meth:`BaseCrawler.docs_from_file`.
        """
        if self._job_id(dirpath) is not None:
            yield from super().docs_from_file(dirpath, fn)

    def process(self, doc: dict[str, Any], dirpath: str | None, fn: str | None) -> dict[str, Any]:
        """Add the job id and state point of the file's job.

        Parameters and result as in :meth:`BaseCrawler.process`.
        """
        if dirpath is not None:
            job_id, statepoint = self.get_statepoint(dirpath)
            doc[self.signac_id_alias] = job_id
            doc[self.statepoint_index] = statepoint
        return super().process(doc, dirpath, fn)

    def crawl(self, depth: int = 0) -> Iterator[dict[str, Any]]:
        """Yield the job documents, then the documents of the defined files.

        Parameters and result as in :meth:`BaseCrawler.crawl`; ``depth`` counts
        the directory levels below the workspace.
        """
        yield from self.job_docs()
        if self.definitions:
            yield from super().crawl(depth=depth)


def _load_access_module(path: str) -> Any:
    """Execute an access module file and return the module (not kept in sys.modules)."""
    name = "_signac_access_" + hashlib.md5(path.encode()).hexdigest()
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always loads
        raise ImportError(f"Unable to load access module '{path}'.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


class MainCrawler(BaseCrawler):
    """Compile a main index from the ``signac_access.py`` modules below root (deprecated).

    Each access module may define ``get_indexes(root)``, which yields
    indexes (iterables of documents; tags in the function's ``tags``
    attribute), and ``get_crawlers(root)``, which yields crawlers (tags in
    each crawler's ``tags``). A module that defines neither indexes the
    signac project in its directory. An untagged index runs only when this
    crawler has no tags, a tagged one only when the tag sets intersect.
    Errors are logged and the module skipped, unless ``raise_on_error``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        The path to the root directory to crawl through.
    raise_on_error : bool
        Raise errors of access modules instead of logging them
        (Default value = False).
    """

    FN_ACCESS_MODULE = FN_ACCESS_MODULE

    def __init__(self, root: str, raise_on_error: bool = False):
        self.raise_on_error = raise_on_error
        super().__init__(root=root)

    def _check_tags(self, tags: Iterable[str] | None) -> bool:
        asked = set(self.tags or ())
        if not tags:
            if asked:
                logger.info("Skipping, index has no defined tags.")
            return not asked
        if not asked:
            logger.info("Skipping, index requires tags.")
            return False
        if asked.intersection(tags):
            return True
        logger.info("Skipping, tag mismatch.")
        return False

    def _docs_from_module(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        module = _load_access_module(os.path.join(dirpath, fn))
        logger.info("Crawling from module '%s'.", module.__file__)
        get_indexes = getattr(module, "get_indexes", None)
        get_crawlers = getattr(module, "get_crawlers", None)
        if get_indexes is not None and self._check_tags(getattr(get_indexes, "tags", None)):
            for index in get_indexes(dirpath):
                yield from index
        if get_crawlers is not None:
            for crawler in get_crawlers(dirpath):
                if self._check_tags(getattr(crawler, "tags", None)):
                    for doc in crawler.crawl():
                        doc.setdefault(KEY_PROJECT, os.path.relpath(dirpath, self.root))
                        yield doc
        if get_indexes is None and get_crawlers is None and self._check_tags(None):
            from ._functions import get_project
            from ._project_index import project_index

            yield from project_index(get_project(root=dirpath, search=False))

    def docs_from_file(self, dirpath: str, fn: str) -> Iterator[dict[str, Any]]:
        """Yield the documents of an access module, skip other files.

        Parameters and result as in :meth:`BaseCrawler.docs_from_file`.
        """
        if fn != self.FN_ACCESS_MODULE:
            return
        path = os.path.join(dirpath, fn)
        try:
            yield from self._docs_from_module(dirpath, fn)
        except Exception:
            if self.raise_on_error:
                raise
            logger.exception("Error while indexing from module '%s'.", path)
        else:
            logger.debug("Completed indexing from '%s'.", path)


class MasterCrawler(MainCrawler):
    """The former name of :class:`MainCrawler` (deprecated).

    .. deprecated:: 1.5
       This will be removed in 2.0. Use :class:`MainCrawler` (also deprecated).
    """

    _deprecation = ("1.5", "Use MainCrawler (also deprecated).")


def _index_files(
    root: str = ".", formats: str | Mapping[str, Any] | None = None, depth: int = 0
) -> Iterator[dict[str, Any]]:
    """Generate a file index: one document per file below ``root``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        The directory to index (Default value = '.').
    formats : str or dict, optional
        None indexes every file with format ``'File'``; a regular expression
        indexes the matching files with format ``'File'``; a mapping of
        regular expressions to formats indexes the files that match any of
        them (Default value = None).
    depth : int
        Limit the search to this directory depth (0: no limit) (Default value = 0).

    Returns
    -------
    iterator of dict
        The file index documents.
    """
    if formats is None:
        formats = {".*": "File"}
    elif isinstance(formats, str):
        formats = {formats: "File"}

    class Crawler(RegexFileCrawler):
        _deprecation_reported = True

    for regex, format_ in formats.items():
        Crawler.define(regex, format_)
    yield from Crawler(root).crawl(depth=depth)


index_files = deprecated_alias(_index_files, "index_files")


def index(
    root: str = ".", tags: Iterable[str] | None = None, depth: int = 0, **kwargs: Any
) -> Iterator[dict[str, Any]]:
    """Generate a main index from the ``signac_access.py`` modules below ``root``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    root : str
        Look for access modules under this directory path (Default value = '.').
    tags : iterable of str, optional
        Run only the indexes and crawlers with one of these tags (untagged
        ones only when no tags are given) (Default value = None).
    depth : int
        Limit the search to this directory depth (0: no limit) (Default value = 0).
    **kwargs
        Forwarded to :class:`MainCrawler` (``raise_on_error``).

    Returns
    -------
    iterator of dict
        The main index documents.
    """
    warn_deprecated("index")

    class Crawler(MainCrawler):
        _deprecation_reported = True

    if tags is not None:
        Crawler.tags = tuple(tags) if not isinstance(tags, str) else (tags,)
    crawler = Crawler(root, **kwargs)
    return crawler.crawl(depth=depth)
