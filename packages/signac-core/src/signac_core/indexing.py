"""Indexing of data spaces (deprecated 1.x API; signac 1.7's ``signac.contrib.indexing``).

Crawlers turn files into *index documents* (dicts); :func:`index_files`
indexes the files of a directory, :func:`index` compiles a *main index* from
the ``signac_access.py`` modules below a directory; :func:`fetch` opens the
file of a document, and :func:`export` writes documents to a collection (a
:class:`signac.Collection` or a pymongo collection) and their files to mirrors.
Every function and class warns with
:class:`~signac_core.warnings.DeprecatedWarning`: all of it is removed in 2.0.
"""

from ._crawlers import (
    KEY_FILENAME,
    KEY_PATH,
    KEY_PAYLOAD,
    KEY_PROJECT,
    BaseCrawler,
    JSONCrawler,
    MainCrawler,
    MasterCrawler,
    RegexFileCrawler,
    SignacProjectCrawler,
    index,
    index_files,
)
from ._index_export import export, export_one, export_pymongo, export_to_mirror, fetch, fetched

__all__ = [
    "KEY_FILENAME",
    "KEY_PATH",
    "KEY_PAYLOAD",
    "KEY_PROJECT",
    "BaseCrawler",
    "JSONCrawler",
    "MainCrawler",
    "MasterCrawler",
    "RegexFileCrawler",
    "SignacProjectCrawler",
    "export",
    "export_one",
    "export_pymongo",
    "export_to_mirror",
    "fetch",
    "fetched",
    "index",
    "index_files",
]
