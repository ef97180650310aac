"""signac's data model: projects of jobs stored on the file system.

The facade of the package: :class:`Project`, :class:`Job`,
:class:`JobsCursor` and the functions to find and create projects. Public
submodules: :mod:`.config`, :mod:`.errors`, :mod:`.filters`, :mod:`.jsondict`,
:mod:`.migration`, :mod:`.schema`, :mod:`.testing` and :mod:`.warnings`, and the
deprecated :mod:`.indexing`, :mod:`.db` and :mod:`.host`.
"""

from . import errors, warnings
from ._cursor import JobsCursor
from ._functions import TemporaryProject, diff_jobs, get_job, get_project, init_project
from ._hashing import calc_id
from ._job import Job
from ._project import Project
from ._version import __version__

__all__ = [
    "Job",
    "JobsCursor",
    "Project",
    "TemporaryProject",
    "__version__",
    "calc_id",
    "diff_jobs",
    "errors",
    "get_job",
    "get_project",
    "init_project",
    "warnings",
]
