"""The signac 1.7 path ``signac.contrib``: projects, collections and (once built) indexing.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_collection import Collection as Collection
from signac_core import Project as Project
from signac_core import TemporaryProject as TemporaryProject
from signac_core import get_job as get_job
from signac_core import get_project as get_project
from signac_core import init_project as init_project
from signac_core.indexing import BaseCrawler as BaseCrawler
from signac_core.indexing import JSONCrawler as JSONCrawler
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

from .._gathered import finish as _finish
from . import indexing as indexing

_finish(globals())
