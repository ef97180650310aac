"""signac: simple data management for large, heterogeneous parameter spaces.

This meta-package gathers the signac packages under the single namespace
documented for signac 1.7. Every name is the very object of the package that
implements it (``signac.Project is signac_core.Project``); names are imported
on first use, so ``import signac`` stays fast (it imports neither NumPy, h5py,
pandas, pymongo nor redis). A signac 1.7 name whose implementation does not
exist yet is absent: ``hasattr`` answers False and ``__all__`` and ``dir()``
leave it out.
"""

from typing import TYPE_CHECKING

from ._importer import install as _install
from ._version import __version__ as __version__

_install()

if TYPE_CHECKING:
    # What type checkers and IDEs see: one line per name of ``_paths.TOP_LEVEL``
    # that exists (tests/test_namespace.py checks that the two agree).
    import synced_collections as synced_collections
    from signac_collection import Collection as Collection
    from signac_core import Project as Project
    from signac_core import TemporaryProject as TemporaryProject
    from signac_core import diff_jobs as diff_jobs
    from signac_core import errors as errors
    from signac_core import get_job as get_job
    from signac_core import get_project as get_project
    from signac_core import init_project as init_project
    from signac_core import warnings as warnings
    from signac_core.db import get_database as get_database
    from signac_core.indexing import MainCrawler as MainCrawler
    from signac_core.indexing import MasterCrawler as MasterCrawler
    from signac_core.indexing import RegexFileCrawler as RegexFileCrawler
    from signac_core.indexing import SignacProjectCrawler as SignacProjectCrawler
    from signac_core.indexing import export as export
    from signac_core.indexing import export_one as export_one
    from signac_core.indexing import export_pymongo as export_pymongo
    from signac_core.indexing import export_to_mirror as export_to_mirror
    from signac_core.indexing import fetch as fetch
    from signac_core.indexing import index as index
    from signac_core.indexing import index_files as index_files
    from signac_core.jsondict import JSONDict as JSONDict
    from signac_core.jsondict import buffered as buffered
    from signac_core.jsondict import flush as flush
    from signac_core.jsondict import get_buffer_load as get_buffer_load
    from signac_core.jsondict import get_buffer_size as get_buffer_size
    from signac_core.jsondict import is_buffered as is_buffered
    from signac_core.jsondict import set_buffer_size as set_buffer_size
    from signac_h5store import H5Store as H5Store
    from signac_h5store import H5StoreManager as H5StoreManager

    from . import cite as cite
    from . import common as common
    from . import contrib as contrib
    from . import core as core
    from . import db as db
    from . import sync as sync
    from . import testing as testing
else:
    from ._lazy import module_attributes as _module_attributes

    __getattr__, __dir__ = _module_attributes(globals())
