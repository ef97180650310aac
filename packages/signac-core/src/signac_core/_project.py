"""The :class:`Project`: a root directory with a configuration and a workspace of jobs."""

from __future__ import annotations

import errno
import html
import logging
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ._cache import FN_CACHE, StatepointCache
from ._cursor import GROUPBYDOC_DEPRECATED, JobsCursor
from ._deprecation import warn_deprecated, warn_message
from ._documents import _DocumentsAndStores
from ._index import WorkspaceIndex
from ._job import Job
from ._job import Job as _Job
from ._project_maintenance import _ProjectMaintenance
from ._project_statepoints import _ProjectStatepoints
from ._workspace import WorkspaceListing, is_job_id
from .config import _ProjectConfig, get_config, load_config
from .errors import IncompatibleSchemaVersion, JobsCorruptedError
from .filters import JobMatcher
from .warnings import DeprecatedWarning

#: The logger name of signac 1.7's project module, which 1.7 scripts may filter on.
logger = logging.getLogger("signac.contrib.project")

#: The on-disk schema version written and understood by this package.
SCHEMA_VERSION = 1

#: signac 1.7's warning for ``find_jobs(doc_filter=...)``, word for word.
DOC_FILTER_DEPRECATION = (
    "The doc_filter argument was deprecated in version 1.7 and will be removed in version 3.0. "
    "Users should instead use a filter with a 'doc.' prefix. For example, "
    "`doc_filter={'foo': 'bar'}` is equivalent to `filter={'doc.foo': 'bar'}`. See "
    "https://docs.signac.io/en/latest/query.html#query-namespaces for more information."
)


class Project(_DocumentsAndStores, _ProjectStatepoints, _ProjectMaintenance):
    """The handle on a signac project.

    Application developers should usually not need to directly instantiate
    this class, but use :func:`~signac.get_project` instead.

    Parameters
    ----------
    config : Config, optional
        The project configuration to use. By default, it loads the first
        signac project configuration found while searching upward from the
        current working directory (Default value = None).
    ignore_schema_version : bool
        Open the project even if its schema version is not supported
        (Default value = False).
    """

    #: The project's document filename.
    FN_DOCUMENT = "signac_project_document.json"
    #: The default filename to read from and write state points to.
    FN_STATEPOINTS = "signac_statepoints.json"
    #: The default filename for the state point cache file.
    FN_CACHE = FN_CACHE
    #: The class of the jobs this project opens (override in subclasses).
    Job = Job

    def __init__(
        self,
        config: Any = None,
        ignore_schema_version: bool = False,
        _ignore_schema_version: bool = False,
    ):
        if config is None:
            config = load_config()
        self._config = _ProjectConfig(config)
        if self._config.get("project") is None:
            raise LookupError(
                "Unable to determine project id. Are you sure you are inside a signac project?"
            )
        if not (ignore_schema_version or _ignore_schema_version):
            self._check_schema_compatibility()
        self._rd = os.path.abspath(self._config.get("project_dir", os.getcwd()))
        self._cache = StatepointCache(os.path.join(self._rd, self.FN_CACHE), "")
        self._set_workspace()
        self._config._on_change = self._config_changed  # type: ignore[attr-defined]
        try:
            os.makedirs(self._wd, exist_ok=True)
        except OSError as error:
            logger.error("Unable to create the workspace directory '%s': %s", self._wd, error)

    def _set_workspace(self) -> None:
        """Derive the workspace directory from the configuration."""
        wd = _expand_workspace(self._config.get("workspace_dir", "workspace"), self._rd)
        self._wd = os.path.normpath(wd)
        self._cache.workspace = self._wd
        self._listing = WorkspaceListing(self._wd)
        self._index = WorkspaceIndex(self._rd, self._wd, self._listing, self._config.get("index"))
        self._cache.index = self._index

    def _config_changed(self, key: Any) -> None:
        # Modifying the configuration is deprecated, but takes effect at once (as in 1.7).
        if key == "workspace_dir":
            self._set_workspace()

    def _check_schema_compatibility(self) -> None:
        raw = str(self._config.get("schema_version", SCHEMA_VERSION))
        try:
            version = int(raw)
        except ValueError:
            raise IncompatibleSchemaVersion(
                f"The project's schema version {raw!r} is not understood."
            ) from None
        if version > SCHEMA_VERSION:
            raise IncompatibleSchemaVersion(
                f"The signac schema version used by this project is '{version}', but this "
                f"version of signac only supports up to schema version '{SCHEMA_VERSION}'. "
                "Try updating signac."
            )
        if version < SCHEMA_VERSION:
            raise IncompatibleSchemaVersion(
                f"The signac schema version used by this project is '{version}', but this "
                f"version of signac requires schema version '{SCHEMA_VERSION}'. Please migrate "
                "the project to the supported version."
            )
        logger.debug("The project's schema version %s is supported.", version)

    # -- identity and paths ------------------------------------------------------
    @property
    def id(self) -> str:
        """str: The project identifier (the ``project`` key of the configuration)."""
        return str(self._config["project"])

    def get_id(self) -> str:
        """Get the project identifier.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use ``project.id`` instead.

        Returns
        -------
        str
            The project id.
        """
        warn_message(
            "Project.get_id() is deprecated since 1.3 and will be removed in 2.0; use project.id."
        )
        return self.id

    @property
    def config(self) -> _ProjectConfig:
        """Get project's configuration.

        Modifying the configuration in memory is deprecated (1.3, removed in 2.0).

        Returns
        -------
        _ProjectConfig
            Dictionary containing project's configuration.
        """
        return self._config

    def root_directory(self) -> str:
        """Return the project's root directory.

        Returns
        -------
        str
            Path of project directory.
        """
        return self._rd

    _files_dir = root_directory

    def workspace(self) -> str:
        """Return the project's workspace directory.

        The workspace defaults to ``project_root/workspace``; configure it with
        the ``workspace_dir`` key (relative paths are relative to the project
        root; environment variables such as ``$HOME`` are expanded).

        Returns
        -------
        str
            Path of workspace directory.
        """
        return self._wd

    def __str__(self) -> str:
        return self.id

    def __repr__(self) -> str:
        return f"{type(self).__name__}.get_project({self._rd!r})"

    def _repr_html_(self) -> str:
        """Return an HTML representation of the project (for notebooks)."""
        return html.escape(repr(self), quote=False) + self.find_jobs()._repr_html_jobs()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return self._rd == other._rd or os.path.realpath(self._rd) == os.path.realpath(other._rd)

    def __hash__(self) -> int:
        return hash(os.path.realpath(self._rd))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_project, (type(self), self._rd))

    # -- private names that client code of signac 1.7 uses ------------------------------
    @property
    def _sp_cache(self) -> dict[str, dict[str, Any]]:
        """The live in-memory state point cache (id -> state point; do not modify the values)."""
        return self._cache.data

    def _remove_persistent_cache_file(self) -> None:
        """Delete the persistent state point cache file, if there is one."""
        self._cache.remove_persistent()

    # -- jobs ------------------------------------------------------------------------
    def _workspace_changed(self) -> None:
        self._listing.invalidate()

    def _job_ids(self) -> dict[str, None]:
        """All job ids in the workspace (an insertion-ordered dict)."""
        return self._index.ids()

    def open_job(self, statepoint: Mapping[str, Any] | None = None, id: str | None = None) -> _Job:
        """Get a job handle associated with a state point or a job id.

        Opening a job by a valid state point never fails. Opening a job by id
        requires that the job is initialized; any unique prefix of an id works.

        Parameters
        ----------
        statepoint : dict, optional
            The job's unique set of state point parameters (Default value = None).
        id : str, optional
            The job id (Default value = None).

        Returns
        -------
        Job
            The job instance.

        Raises
        ------
        KeyError
            If the attempt to open the job by id fails.
        LookupError
            If the attempt to open the job by an abbreviated id returns more
            than one match.
        """
        if (statepoint is None) == (id is None):
            raise ValueError("Either statepoint or id must be provided, but not both.")
        if id is None:
            return self.Job(project=self, statepoint=statepoint)
        job_id = str(id)
        cache = self._cache
        cached = cache.lookup(job_id)
        if cached is None:
            # Not cached: one stat suffices when the index shows the manifest
            # is the file once verified (the handle loads the state point on
            # first use); else the workspace decides.
            index = cache.index
            if index is None or not (is_job_id(job_id) and index.verified(job_id)):
                return self._open_job_from_workspace(job_id)
        return self.Job._from_trusted(self, job_id, cached)

    def _open_job_from_workspace(self, job_id: str) -> _Job:
        """Open a job the cache missed: the workspace decides, as in signac 1.7.

        Its errors chain a ``KeyError(job_id)`` for the miss, as 1.7's did
        (the CLI prints both).
        """
        try:
            raise KeyError(job_id)  # the cache miss
        except KeyError:
            if len(job_id) < 32:
                job_id = self._resolve_abbreviated_id(job_id)
            elif not is_job_id(job_id):
                raise KeyError(job_id)  # noqa: B904 - chains the miss, as 1.7
            # Read and verified now, as signac 1.7 does (or proven by one stat
            # when the index recorded the manifest).
            self._cache.require(job_id)
        return self.Job._from_trusted(self, job_id, None)

    def _resolve_abbreviated_id(self, prefix: str) -> str:
        import bisect

        ids = self._listing.sorted_ids()
        start = bisect.bisect_left(ids, prefix)
        matches = []
        for job_id in ids[start : start + 2]:
            if job_id.startswith(prefix):
                matches.append(job_id)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise LookupError(f"Multiple jobs match the abbreviated id '{prefix}'.")
        raise KeyError(prefix)

    def num_jobs(self) -> int:
        """Return the number of initialized jobs.

        Returns
        -------
        int
            Count of initialized jobs.
        """
        return self._index.count()

    __len__ = num_jobs

    def __iter__(self) -> Iterator[_Job]:
        return iter(self.find_jobs())

    def __contains__(self, job: object) -> bool:
        """Determine whether a job (or job id) is initialized in this project (O(1))."""
        job_id = job.id if isinstance(job, Job) else job
        if not isinstance(job_id, str) or not is_job_id(job_id):
            return False
        return os.path.isdir(f"{self._wd}{os.sep}{job_id}")

    def min_len_unique_id(self) -> int:
        """Determine the minimum length required for a job id to be unique.

        Returns
        -------
        int
            Minimum string length of a unique job identifier.
        """
        ids = self._listing.sorted_ids()
        longest = 0
        for a, b in zip(ids, ids[1:]):
            common = 0
            for x, y in zip(a, b):
                if x != y:
                    break
                common += 1
            longest = max(longest, common + 1)
        return longest

    # -- finding -----------------------------------------------------------------------
    def find_jobs(
        self, filter: Mapping[str, Any] | None = None, doc_filter: Mapping[str, Any] | None = None
    ) -> JobsCursor:
        """Find all jobs in the project's workspace.

        The filter uses the query language of :class:`~signac.Collection`
        with namespaces: ``{'sp.a': 1}`` (or simply ``{'a': 1}``) selects by
        state point, ``{'doc.b': 2}`` by job document.

        Parameters
        ----------
        filter : Mapping, optional
            A mapping of key-value pairs that all job state points (and,
            with ``doc.`` keys, documents) are compared against
            (Default value = None).
        doc_filter : Mapping, optional
            A mapping of key-value pairs that all job documents are
            compared against (deprecated: use ``doc.`` keys in ``filter``)
            (Default value = None).

        Returns
        -------
        JobsCursor
            JobsCursor of jobs matching the provided filter(s).

        Raises
        ------
        TypeError
            If the filters are not JSON serializable.
        ValueError
            If the filters are invalid.
        """
        if doc_filter:
            # 1.7's text and category (a plain DeprecationWarning).
            warn_message(DOC_FILTER_DEPRECATION, category=DeprecationWarning)
        return JobsCursor(self, filter, doc_filter)

    def _find_job_ids(self, filter: Mapping[str, Any] | None = None) -> list[str]:
        """Return the ids of the jobs that match a namespaced filter (None: all).

        The ids are in the order of the workspace listing, whatever the cache
        holds. A job whose manifest is corrupted raises
        :class:`~signac.errors.JobsCorruptedError` (as in signac 1.7).
        """
        if not filter:
            return list(self._job_ids())
        matcher = JobMatcher(dict(filter))
        statepoints, corrupted = self._statepoints(self._job_ids())
        if corrupted:
            raise JobsCorruptedError(corrupted)
        if not matcher.needs_doc:
            match = matcher.on_sp
            if match is not None:
                return [job_id for job_id, sp in statepoints.items() if match(sp)]
        docs = self._index.documents(statepoints, self.Job.FN_DOCUMENT) if matcher.needs_doc else {}
        result = []
        for job_id, sp in statepoints.items():
            doc = docs.get(job_id)
            if doc is not None or not matcher.needs_doc:
                if matcher(sp, doc):
                    result.append(job_id)
        return result

    def _statepoints(
        self, job_ids: Iterable[str] | None = None
    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """State points of all (or the given) jobs, from the cache where possible.

        Returns the state points by id (shared data: do not modify) and the
        ids of corrupted jobs.
        """
        if job_ids is None:
            job_ids = self._job_ids()
        statepoints, corrupted, _missing = self._cache.get_many(job_ids)
        return statepoints, corrupted

    def groupby(self, key: Any = None, default: Any = None) -> Any:
        """Group jobs according to one or more state point (or ``doc.``) parameters.

        See :meth:`JobsCursor.groupby`.

        Parameters
        ----------
        key : str, iterable, or callable, optional
            The grouping key(s) (Default value = None).
        default : optional
            A default value for jobs without the key (Default value = None).

        Returns
        -------
        iterator
            ``(key, group)`` pairs.
        """
        return self.find_jobs().groupby(key, default=default)

    def groupbydoc(self, key: Any = None, default: Any = None) -> Any:
        """Group jobs according to one or more document values.

        Same as :meth:`JobsCursor.groupbydoc` over all jobs.

        .. deprecated:: 1.7
           This will be removed in 2.0. Use :meth:`groupby` with ``doc.`` keys.

        Parameters
        ----------
        key : str, iterable, or callable, optional
            The document key(s), or a callable that is passed the document
            (Default value = None: one group per job).
        default : optional
            A default value for jobs without the key (Default value = None).

        Returns
        -------
        iterator
            ``(key, group)`` pairs.
        """
        warn_message(GROUPBYDOC_DEPRECATED)
        return self.find_jobs()._groupbydoc(key, default)

    def to_dataframe(self, *args: Any, **kwargs: Any) -> Any:
        """Export the project metadata to a pandas DataFrame.

        The arguments are forwarded to :meth:`JobsCursor.to_dataframe`.

        Parameters
        ----------
        *args
            Forwarded to :meth:`JobsCursor.to_dataframe`.
        **kwargs
            Forwarded to :meth:`JobsCursor.to_dataframe`.

        Returns
        -------
        pandas.DataFrame
            One row per job.
        """
        return self.find_jobs().to_dataframe(*args, **kwargs)

    def detect_schema(
        self, exclude_const: bool = False, subset: Iterable[Any] | None = None, index: Any = None
    ) -> Any:
        """Detect the project's state point schema.

        Parameters
        ----------
        exclude_const : bool
            Exclude all state point keys that are shared by all jobs within
            this project (Default value = False).
        subset : sequence of jobs or job ids, optional
            Detect the schema over these jobs only (Default value = None).
        index : list, optional
            A document index (deprecated) (Default value = None).

        Returns
        -------
        ProjectSchema
            The detected project schema.
        """
        from .schema import ProjectSchema

        if index is not None:
            warn_message(
                "The index argument of detect_schema() is deprecated since 1.3 and will be "
                "removed in 2.0.",
                category=DeprecatedWarning,
            )
            from_index = [doc["sp"] if "sp" in doc else doc["statepoint"] for doc in index]
            return ProjectSchema.detect(from_index, exclude_const=exclude_const)
        if subset is None:
            ids: Iterable[str] = self._job_ids()
        else:
            ids = [job.id if isinstance(job, Job) else str(job) for job in subset]
        statepoints, corrupted = self._statepoints(ids)
        if corrupted:
            _warn_corrupted(corrupted)
        return ProjectSchema.detect(statepoints.values(), exclude_const=exclude_const)

    # -- indexing (deprecated; the implementation is in _project_index) -----------------
    def index(
        self,
        formats: str | Mapping[str, Any] | None = None,
        depth: int = 0,
        skip_errors: bool = False,
        include_job_document: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Generate an index of the project's workspace (deprecated).

        Without ``formats`` one document per job: ``_id``, ``sp``, ``doc``
        (when requested and not empty), ``signac_id`` and ``root`` (the
        workspace). With ``formats`` (a regular expression, or a mapping of
        regular expressions to formats) one document per job with
        ``statepoint`` and the job document's keys, and one per matching file
        (see :class:`~signac_core.indexing.SignacProjectCrawler`).

        .. deprecated:: 1.7
           This will be removed in 2.0. Indexing APIs are deprecated.

        Parameters
        ----------
        formats : str or dict, optional
            The file formats to index (Default value = None: jobs only).
        depth : int
            The crawling depth below the workspace, 0 for no limit (Default value = 0).
        skip_errors : bool
            Log errors (e.g. corrupted jobs) and skip the job or file
            (Default value = False).
        include_job_document : bool
            Include the contents of job documents (Default value = True).

        Returns
        -------
        iterator of dict
            Index documents.
        """
        from ._project_index import project_index

        warn_deprecated("Project.index", "1.7", "Indexing APIs are deprecated.")
        return project_index(self, formats, depth, skip_errors, include_job_document)

    def create_access_module(
        self, filename: str | None = None, main: bool = True, master: bool | None = None
    ) -> str:
        """Create the access module for indexing (deprecated).

        Writes ``<root>/signac_access.py`` (it must not exist yet), executable
        when ``main``, which makes this project's index part of a main index
        (:func:`~signac_core.indexing.index`).

        .. deprecated:: 1.5
           This will be removed in 2.0. Access modules are deprecated.

        Parameters
        ----------
        filename : str, optional
            The file to write (Default value = None: ``signac_access.py`` in
            the project root).
        main : bool
            Add directives to compile a main index when the module is run
            (Default value = True).
        master : bool, optional
            Deprecated alias of ``main``.

        Returns
        -------
        str
            The file name of the access module.

        Raises
        ------
        FileExistsError
            When the file exists.
        """
        from ._project_index import create_access_module

        return create_access_module(self, filename, main, master)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def get_project(cls, root: str | None = None, search: bool = True, **kwargs: Any) -> Project:
        """Find a project configuration and return the associated project.

        Parameters
        ----------
        root : str, optional
            The starting point to search for a project, defaults to the
            current working directory.
        search : bool
            If True, search for project configurations inside and above the
            specified root directory, otherwise only return projects with a
            root directory identical to root (Default value = True).
        **kwargs
            Forwarded to the :class:`Project` constructor.

        Returns
        -------
        Project
            An instance of Project.

        Raises
        ------
        LookupError
            When project configuration cannot be found.
        """
        if root is None:
            root = os.getcwd()
        config = load_config(root=root)
        if "project" not in config or (
            not search and os.path.realpath(config["project_dir"]) != os.path.realpath(root)
        ):
            raise LookupError(f"Unable to determine project id for path '{os.path.abspath(root)}'.")
        return cls(config=config, **kwargs)

    @classmethod
    def init_project(
        cls,
        name: str,
        root: str | None = None,
        workspace: str | None = None,
        make_dir: bool = True,
    ) -> Project:
        """Initialize a project with the given name.

        It is safe to call this function multiple times with the same
        arguments. However, a RuntimeError is raised if an existing project
        configuration would conflict with the provided initialization
        parameters.

        Parameters
        ----------
        name : str
            The name of the project to initialize.
        root : str, optional
            The root directory for the project. Defaults to the current
            working directory.
        workspace : str, optional
            The workspace directory for the project. Defaults to a
            subdirectory ``workspace`` in the project root.
        make_dir : bool
            Create the project root directory if it does not exist yet
            (Default value = True).

        Returns
        -------
        Project
            Initialized project, an instance of Project.

        Raises
        ------
        RuntimeError
            If the project root path already contains a conflicting project
            configuration.
        """
        if root is None:
            root = os.getcwd()
        root = os.path.abspath(root)
        try:
            project = cls.get_project(root=root, search=False)
        except LookupError:
            from ._workspace import write_atomic

            if make_dir:
                os.makedirs(root, exist_ok=True)
            elif not os.path.isdir(root):
                raise FileNotFoundError(
                    errno.ENOENT, f"The project root directory does not exist: '{root}'."
                ) from None
            config = get_config()
            config["project"] = str(name)
            if workspace is not None:
                config["workspace_dir"] = workspace
            config["schema_version"] = SCHEMA_VERSION
            write_atomic(os.path.join(root, "signac.rc"), "\n".join(config.write()) + "\n")
            project = cls.get_project(root=root, search=False)
            if project.id != str(name):  # pragma: no cover - a concurrent initialization
                raise RuntimeError(
                    f"Failed to initialize project '{name}': path '{root}' already contains a "
                    "conflicting project configuration."
                ) from None
            return project
        workspace_conflict = workspace is not None and os.path.realpath(
            _expand_workspace(workspace, root)
        ) != os.path.realpath(project.workspace())
        if project.id != str(name) or workspace_conflict:
            raise RuntimeError(
                f"Failed to initialize project '{name}'. Path '{root}' already contains a "
                "conflicting project configuration."
            )
        return project

    @classmethod
    def get_job(cls, root: str | None = None) -> _Job:
        """Find a Job in or above the current working directory (or provided path).

        Parameters
        ----------
        root : str, optional
            The job root directory. If no root directory is given, the
            current working directory is assumed to be within the job's
            workspace directory (Default value = None).

        Returns
        -------
        Job
            The job instance.

        Raises
        ------
        LookupError
            When job cannot be found.
        """
        if root is None:
            root = os.getcwd()
        root = os.path.abspath(root)
        if not os.path.exists(root):
            raise LookupError(f"Path does not exist: '{root}'.")
        job_dir = root
        while not is_job_id(os.path.basename(job_dir)):
            parent = os.path.dirname(job_dir)
            if parent == job_dir:
                raise LookupError(f"Could not find a job id in path '{root}'.")
            job_dir = parent
        # Search for the project above the job (not a project nested inside it);
        # a workspace outside its project root is found through the current
        # directory's project.
        workspace = os.path.dirname(job_dir)
        try:
            project = cls.get_project(workspace)
        except LookupError:
            try:
                project = cls.get_project()
            except LookupError:
                raise LookupError(f"Unable to find the project of the job in '{root}'.") from None
            if os.path.realpath(project.workspace()) != os.path.realpath(workspace):
                raise LookupError(f"Unable to find the project of the job in '{root}'.") from None
        try:
            return project.open_job(id=os.path.basename(job_dir))
        except KeyError:
            raise LookupError(f"Unable to find a job in or above '{root}'.") from None

    # -- moving data (signac_core.import_export, .linked_view, .sync) -------------------
    def export_to(self, target: str, path: Any = None, copytree: Any = None) -> dict[str, str]:
        """Export all jobs to a target location, such as a directory or a (compressed) archive file.

        See :func:`signac_core.import_export.export_jobs` for the targets and
        the ``path`` argument (``None``: the implicit schema; ``False``: the
        job id; a template such as ``"foo/{foo}/{{auto}}"``; a callable).

        Parameters
        ----------
        target : str
            A directory (no extension), ``.zip``, ``.tar``, ``.gz``, ``.bz2`` or
            ``.xz`` file.
        path : None, False, str or callable
            The path (function) used to structure the exported data space
            (Default value = None).
        copytree : callable, optional
            The function used for copying directory trees; only for directory
            targets (Default value = None: :func:`shutil.copytree`).

        Returns
        -------
        dict
            ``{source workspace: destination relative to the target}``.
        """
        from .import_export import export_jobs

        return dict(export_jobs(jobs=list(self), target=target, path=path, copytree=copytree))

    def import_from(
        self, origin: str | None = None, schema: Any = None, sync: Any = None, copytree: Any = None
    ) -> dict[str, str]:
        """Import the data space located at origin into this project.

        See :func:`signac_core.import_export.import_into_project`.

        Parameters
        ----------
        origin : str, optional
            A directory, zip file or tarball (Default value = None: the current
            working directory).
        schema : str or callable, optional
            How to identify jobs (Default value = None: by their manifests).
        sync : bool or dict, optional
            Import into a temporary project, then :meth:`sync` this project with
            it (with these keyword arguments if a dict) (Default value = None).
        copytree : callable, optional
            The copy function for directory origins (Default value = None).

        Returns
        -------
        dict
            ``{source path: absolute destination workspace}``.
        """
        from .import_export import import_into_project

        if sync:
            with self.temporary_project() as tmp_project:
                result = tmp_project.import_from(origin=origin, schema=schema, copytree=copytree)
                self.sync(tmp_project, **(sync if isinstance(sync, Mapping) else {}))
                return result
        return dict(import_into_project(origin, self, schema=schema, copytree=copytree))

    def create_linked_view(
        self,
        prefix: str | None = None,
        job_ids: Iterable[str] | None = None,
        index: Any = None,
        path: Any = None,
    ) -> dict[str, str]:
        """Create or update a persistent linked view of the selected data space.

        See :func:`signac_core.linked_view.create_linked_view`.

        Parameters
        ----------
        prefix : str, optional
            The view directory (Default value = None: ``view`` in the cwd).
        job_ids : iterable of str, optional
            Only these jobs (Default value = None).
        index : iterable of dict, optional
            A document index; deprecated (Default value = None).
        path : None, False, str or callable
            The path (function) of each job, as for :meth:`export_to`
            (Default value = None).

        Returns
        -------
        dict
            ``{link relative to the prefix: absolute workspace}``.
        """
        from .linked_view import create_linked_view

        if index is not None:
            warn_message(
                "The index argument of create_linked_view() is deprecated since 1.3 and will be "
                "removed in 2.0."
            )
        return create_linked_view(self, prefix=prefix, job_ids=job_ids, index=index, path=path)

    def clone(self, job: _Job, copytree: Any = None) -> _Job:
        """Clone job into this project.

        Parameters
        ----------
        job : Job
            The job to copy into this project.
        copytree : callable, optional
            ``copytree(src, dst)`` (Default value = None: a copy under a hidden
            name, published by a rename).

        Returns
        -------
        Job
            The job instance corresponding to the copied job.

        Raises
        ------
        DestinationExistsError
            In case that a job with the same id is already initialized within
            this project.
        ValueError
            If ``job`` is not initialized.
        """
        from .sync import clone_job

        return clone_job(self, job, copytree)  # type: ignore[no-any-return]

    def sync(
        self,
        other: Project,
        strategy: Any = None,
        exclude: Any = None,
        doc_sync: Any = None,
        selection: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Synchronize this project with the other project (data flows from ``other``).

        See :func:`signac_core.sync.sync_projects` for all keyword arguments.

        Parameters
        ----------
        other : Project
            The other project to synchronize this project with.
        strategy : callable, optional
            A file synchronization strategy (Default value = None).
        exclude : str or list of str, optional
            Names matching these patterns are excluded (Default value = None).
        doc_sync : callable, optional
            The function applied for synchronizing documents (Default value = None).
        selection : optional
            Only sync the given jobs (Default value = None).
        **kwargs
            Forwarded to :func:`~signac_core.sync.sync_projects`.

        Returns
        -------
        FileTransferStats or None
            The transfer statistics if ``collect_stats=True``.
        """
        from .sync import sync_projects

        return sync_projects(
            source=other,
            destination=self,
            strategy=strategy,
            exclude=exclude,
            doc_sync=doc_sync,
            selection=selection,
            **kwargs,
        )

    @contextmanager
    def temporary_project(
        self, name: str | None = None, dir: str | None = None
    ) -> Iterator[Project]:
        """Context manager for the initialization of a temporary project.

        The temporary project is by default created within the root project's
        workspace to ensure that they share the same file system.

        Parameters
        ----------
        name : str, optional
            An optional name for the temporary project. Defaults to a unique
            random string.
        dir : str, optional
            Where the temporary project root directory is to be created.
            Defaults to the project's workspace directory.

        Yields
        ------
        Project
            An instance of Project.
        """
        from ._functions import TemporaryProject

        if dir is None:
            dir = self.workspace()
        os.makedirs(dir, exist_ok=True)
        with TemporaryProject(name=name, cls=type(self), dir=dir) as tmp_project:
            yield tmp_project


def _expand_workspace(workspace: str, root: str) -> str:
    wd = os.path.expandvars(os.path.expanduser(workspace))
    return wd if os.path.isabs(wd) else os.path.join(root, wd)


def _rebuild_project(cls: type[Project], root: str) -> Project:
    return cls.get_project(root=root, search=False)


def _warn_corrupted(job_ids: list[str]) -> None:
    shown = ", ".join(job_ids[:5]) + (", ..." if len(job_ids) > 5 else "")
    warnings.warn(
        f"Skipped {len(job_ids)} job(s) with a missing or corrupted state point manifest "
        f"({shown}); project.check() reports them and project.repair() may fix them.",
        RuntimeWarning,
        stacklevel=4,
    )
