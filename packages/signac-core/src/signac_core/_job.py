"""The :class:`Job`: a handle on the data of one state point."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._documents import _DocumentsAndStores
from ._hashing import calc_id
from ._spdict import StatePointDict
from ._statepoint import copy_plain, normalize, statepoint_and_id
from ._workspace import (
    FN_MANIFEST,
    create_job_dir,
    mkdir_job,
    read_manifest,
    remove_tree_safely,
    staging_path,
    write_manifest,
)
from .errors import DestinationExistsError, JobsCorruptedError
from .warnings import SignacDeprecationWarning

if TYPE_CHECKING:
    from ._project import Project

logger = logging.getLogger(__name__)


class Job(_DocumentsAndStores):
    """The job instance is a handle to the data of a unique state point.

    Application developers should not directly instantiate this class, but
    use :meth:`~signac.Project.open_job` instead.

    Jobs can be opened by ``statepoint`` or ``_id``. If both values are
    provided, it is the user's responsibility to ensure that the values
    correspond.

    Parameters
    ----------
    project : Project
        Project handle.
    statepoint : dict, optional
        State point for the job (Default value = None).
    _id : str, optional
        The job identifier (Default value = None).
    """

    #: The job's state point filename.
    FN_MANIFEST = FN_MANIFEST
    #: The job's document filename.
    FN_DOCUMENT = "signac_job_document.json"

    __slots__ = (
        "_project",
        "_id",
        "_sp_plain",
        "_sp_hashed",
        "_listed",
        "__weakref__",
        "__dict__",
    )

    _listed: bool  # set only by _from_listing (read with getattr)

    # Lazily set per instance (class-level defaults keep handles cheap to create).
    _statepoint: StatePointDict | None = None
    _wd: str | None = None
    _cwd_stack: list[str] | None = None

    def __init__(
        self, project: Project, statepoint: Mapping[str, Any] | None = None, _id: str | None = None
    ):
        self._project = project
        if statepoint is None:
            if _id is None:
                raise ValueError("Either statepoint or _id must be provided.")
            self._sp_plain: dict[str, Any] | None = None
            self._id = str(_id)
            return
        plain, job_id, consistent = statepoint_and_id(statepoint)
        self._sp_plain = plain
        self._id = job_id if _id is None else str(_id)
        if consistent and _id is None:
            # Registered at once, as in signac 1.7 (open_job(id=) then finds it).
            project._cache.register(job_id, plain)
            self._sp_hashed = plain  # known to hash to the id: init need not hash it again

    @classmethod
    def _from_trusted(
        cls, project: Project, job_id: str, statepoint: dict[str, Any] | None = None
    ) -> Job:
        """Create a handle without any checks (id and state point come from the project)."""
        job = cls.__new__(cls)
        job._project = project
        job._id = job_id
        job._sp_plain = statepoint
        return job

    @classmethod
    def _from_listing(
        cls, project: Project, job_id: str, statepoint: dict[str, Any] | None = None
    ) -> Job:
        """Create a handle on a job of the workspace listing (iteration).

        Its state point, when first used, may come from the index without a
        stat of its manifest (:meth:`StatepointCache.known`): the listing
        showed that the job exists.
        """
        job = cls.__new__(cls)
        job._project = project
        job._id = job_id
        job._sp_plain = statepoint
        job._listed = True
        return job

    # -- identity ------------------------------------------------------------
    @property
    def id(self) -> str:
        """str: The unique identifier for the job's state point."""
        return self._id

    def get_id(self) -> str:
        """Job's state point unique identifier.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use ``job.id`` instead.

        Returns
        -------
        str
            The job id.
        """
        warnings.warn(
            "Job.get_id() is deprecated since 1.3 and will be removed in 2.0; use job.id instead.",
            SignacDeprecationWarning,
            stacklevel=2,
        )
        return self._id

    @property
    def _statepoint_requires_init(self) -> bool:
        """True while the state point of a job opened by id is not loaded (as in signac 1.7)."""
        return self._sp_plain is None

    @property
    def project(self) -> Project:
        """Project: The project this job belongs to."""
        return self._project

    def __str__(self) -> str:
        return self._id

    def __repr__(self) -> str:
        cls = type(self)
        try:
            statepoint = self._plain_statepoint()
        except JobsCorruptedError:  # still a valid expression for this job
            return f"{self._project!r}.open_job(id={self._id!r})"
        return f"{cls.__name__}(project={self._project!r}, statepoint={statepoint!r})"

    def __hash__(self) -> int:
        return hash(self._id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.id == other.id and os.path.realpath(self.workspace()) == os.path.realpath(
            other.workspace()
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_job, (type(self), self._project, self._id, self._sp_plain))

    def __copy__(self) -> Job:
        """Return a handle sharing the state point: a change through either moves both."""
        other = type(self)._from_trusted(self._project, self._id, self._sp_plain)
        sp = self.statepoint
        sp._jobs.append(other)
        other._statepoint = sp
        return other

    def __deepcopy__(self, memo: dict[int, Any]) -> Job:
        """Return an independent handle on the same job."""
        return type(self)._from_trusted(self._project, self._id, self._sp_plain)

    # -- paths ---------------------------------------------------------------
    def workspace(self) -> str:
        """Return the job's unique workspace directory.

        Returns
        -------
        str
            The path to the job's workspace directory.
        """
        wd = self._wd
        if wd is None:
            wd = self._wd = f"{self._project._wd}{os.sep}{self._id}"
        return wd

    _files_dir = workspace

    def _prepare_files(self) -> None:
        self.init()

    @property
    def ws(self) -> str:
        """str: Alias for :meth:`workspace`."""
        return self.workspace()

    # -- state point -----------------------------------------------------------
    def _plain_statepoint(self) -> dict[str, Any]:
        """Return the (shared, read-only) plain state point, loading it if needed."""
        sp = self._sp_plain
        if sp is None:
            cache = self._project._cache
            if getattr(self, "_listed", False):
                sp = cache.known(self._id)
            if sp is None:
                try:
                    sp = cache.get(self._id)
                except KeyError:
                    raise JobsCorruptedError([self._id]) from None
            self._sp_plain = sp
        return sp

    @property
    def statepoint(self) -> Any:
        """Get the job's state point.

        The state point behaves like a dictionary, but because it persists
        changes (changing it moves the job to its new id), copying it requires
        calling it: ``job.statepoint()`` returns a plain ``dict``.

        Returns
        -------
        :class:`~synced_collections.backends.collection_json.JSONAttrDict`
            The job's state point.
        """
        sp = self._statepoint
        if sp is None:
            self._plain_statepoint()  # loads and verifies the manifest (as in 1.7)
            sp = self._statepoint = StatePointDict._for_job(self)
        return sp

    @statepoint.setter
    def statepoint(self, new_statepoint: Mapping[str, Any]) -> None:
        self.reset_statepoint(new_statepoint)

    @property
    def sp(self) -> Any:
        """Alias for :attr:`statepoint`."""
        return self.statepoint

    @sp.setter
    def sp(self, new_statepoint: Mapping[str, Any]) -> None:
        self.reset_statepoint(new_statepoint)

    def reset_statepoint(self, new_statepoint: Mapping[str, Any]) -> None:
        """Overwrite the state point of this job while preserving job data.

        This method will change the job id if the state point has been altered.

        Parameters
        ----------
        new_statepoint : dict
            The job's new state point.

        Raises
        ------
        DestinationExistsError
            If a job with the new state point is already initialized.
        """
        self._reset_sp(normalize(new_statepoint))

    def update_statepoint(self, update: Mapping[str, Any], overwrite: bool = False) -> None:
        """Change the state point of this job while preserving job data.

        By default, this method will not change existing parameters of the
        state point of the job.

        Parameters
        ----------
        update : dict
            A mapping used for the state point update.
        overwrite : bool, optional
            If False, an error will be raised if the update modifies the values
            of existing keys in the state point. If True, any existing keys
            will be overwritten in the same way as :meth:`dict.update`
            (Default value = False).

        Raises
        ------
        KeyError
            If the update contains keys which are already part of the job's
            state point and ``overwrite`` is False.
        DestinationExistsError
            If a job associated with the new state point is already initialized.
        """
        statepoint = copy_plain(self._plain_statepoint())
        update = normalize(update)
        if not overwrite:
            for key, value in update.items():
                if key in statepoint and statepoint[key] != value:
                    raise KeyError(key)
        statepoint.update(update)
        self._reset_sp(statepoint)

    def _reset_sp(self, new_sp: dict[str, Any]) -> None:
        """Move this job to the id of ``new_sp`` (plain, normalized), keeping its data.

        An uninitialized job only changes its handle, also onto a job that
        exists (as in signac 1.7); :class:`DestinationExistsError` is raised
        only when an initialized job would overwrite another one.
        """
        new_id = calc_id(new_sp)
        old_id = self._id
        project = self._project
        if new_id == old_id:
            self._repoint(new_id, new_sp)
            return
        old_wd = self.workspace()
        new_wd = f"{project._wd}{os.sep}{new_id}"
        staging = staging_path(project._wd, old_id, "moving")
        if os.path.isdir(old_wd) and os.path.exists(new_wd):
            raise DestinationExistsError(new_id)
        try:
            os.rename(old_wd, staging)
        except FileNotFoundError:
            pass  # not initialized: only the handle changes
        else:
            try:
                write_manifest(staging, new_sp)
                _rename_no_replace(staging, new_wd)
            except BaseException as error:
                # Put everything back as it was.
                old_sp = self._sp_plain
                try:
                    if old_sp is not None:
                        write_manifest(staging, old_sp)
                    os.rename(staging, old_wd)
                except OSError:  # pragma: no cover - left for check() and repair()
                    logger.critical("Could not restore job %s from %s.", old_id, staging)
                if isinstance(error, OSError) and error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    raise DestinationExistsError(new_id) from error
                raise
            project._workspace_changed()
        project._cache.register(new_id, new_sp)
        self._repoint(new_id, new_sp)

    def _repoint(self, new_id: str, new_sp: dict[str, Any]) -> None:
        """Point this handle (and the copies sharing its state point) at ``new_id``."""
        sp = self._statepoint
        for job in sp._jobs if sp is not None else (self,):
            if job._id != new_id:
                job._id = new_id
                job._wd = None
                job._document = None
                job._stores = None
            job._sp_plain = new_sp
        self._sync_statepoint_dict(new_sp)

    def _sync_statepoint_dict(self, new_sp: dict[str, Any]) -> None:
        sp = self._statepoint
        if sp is not None:
            sp._replace_data(copy_plain(new_sp))

    # -- life cycle ------------------------------------------------------------------
    def init(self, force: bool = False) -> Job:
        """Initialize the job's workspace directory.

        This function does nothing if the directory and the job state point
        already exist and the state point is valid. It is safe to call from
        many processes at once.

        Parameters
        ----------
        force : bool
            Overwrite any existing state point files, e.g., to repair them if
            they got corrupted (Default value = False).

        Returns
        -------
        Job
            The job handle.

        Raises
        ------
        OSError
            If the workspace directory cannot be created or any other I/O error
            occurs when attempting to save the state point file.
        JobsCorruptedError
            If the job state point on disk is corrupted.
        """
        project = self._project
        job_id = self._id
        statepoint = self._plain_statepoint()
        if getattr(self, "_sp_hashed", None) is not statepoint and calc_id(statepoint) != job_id:
            # signac 1.7 hashes bool and None keys as JSON spells them: the
            # manifest of such a job would belong to another id.
            raise JobsCorruptedError([job_id])
        try:
            on_disk = read_manifest(project._wd, job_id)
        except KeyError:
            on_disk = None
        except JobsCorruptedError:
            if not force:
                raise
            on_disk = None
        if on_disk is not None and not force:
            if calc_id(on_disk) != job_id:
                raise JobsCorruptedError([job_id])
            project._cache.register(job_id, on_disk)
            return self
        if force or not create_job_dir(project._wd, job_id, statepoint):
            # The directory exists (made by another process just now, or a job
            # directory without a valid manifest): check it again, then write
            # the manifest in place if it is missing (or forced).
            if not force:
                try:
                    on_disk = read_manifest(project._wd, job_id)
                except KeyError:
                    on_disk = None
                if on_disk is not None:
                    if calc_id(on_disk) != job_id:
                        raise JobsCorruptedError([job_id])
                    project._cache.register(job_id, on_disk)
                    return self
            write_manifest(mkdir_job(project._wd, job_id), statepoint)
        project._cache.register(job_id, statepoint)
        project._workspace_changed()
        return self

    def clear(self) -> None:
        """Remove all job data, but not the job itself.

        This function will do nothing if the job was not previously initialized.
        """
        wd = self.workspace()
        try:
            names = os.listdir(wd)
        except FileNotFoundError:
            return
        for name in names:
            if name in (self.FN_MANIFEST, self.FN_DOCUMENT):
                continue
            path = os.path.join(wd, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        if os.path.exists(os.path.join(wd, self.FN_DOCUMENT)):
            self.document.clear()

    def reset(self) -> None:
        """Remove all job data, but not the job itself.

        This function will initialize the job if it was not previously initialized.
        """
        self.init()
        self.clear()

    def remove(self) -> None:
        """Remove the job's workspace including the job document.

        This function will do nothing if the workspace directory does not exist.
        """
        self._document = None
        self._stores = None
        if remove_tree_safely(self.workspace()):
            self._project._workspace_changed()

    def move(self, project: Project) -> None:
        """Move this job to project.

        Parameters
        ----------
        project : Project
            The project to move this job to.

        Moving a job into its own project does nothing.

        Raises
        ------
        RuntimeError
            If the job is not initialized.
        DestinationExistsError
            If the job is already initialized in the other project.
        """
        if project == self._project:
            return
        src_wd = self.workspace()
        if not os.path.isdir(src_wd):
            raise RuntimeError(f"Cannot move job '{self._id}': it is not initialized.")
        statepoint = self._plain_statepoint()
        dst = project.open_job(statepoint)
        os.makedirs(project._wd, exist_ok=True)
        dst_wd = dst.workspace()
        if os.path.exists(dst_wd):
            raise DestinationExistsError(dst)
        try:
            _rename_no_replace(src_wd, dst_wd)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise DestinationExistsError(dst) from error
            if error.errno != errno.EXDEV:
                raise
            # Across file systems: copy to a hidden name, publish, then remove.
            staging = staging_path(project._wd, self._id, "copying")
            shutil.copytree(src_wd, staging, symlinks=True)
            try:
                _rename_no_replace(staging, dst_wd)
            except OSError as error2:
                shutil.rmtree(staging, ignore_errors=True)
                raise DestinationExistsError(dst) from error2
            remove_tree_safely(src_wd)
        self._project._workspace_changed()
        project._workspace_changed()
        project._cache.register(self._id, statepoint)
        self._project = project
        self._wd = None
        self._document = None
        self._stores = None

    def sync(
        self,
        other: Job,
        strategy: Any = None,
        exclude: Any = None,
        doc_sync: Any = None,
        **kwargs: Any,
    ) -> None:
        """Perform a one-way synchronization of this job with the other job.

        See :func:`signac_core.sync.sync_jobs` for all keyword arguments.

        Parameters
        ----------
        other : Job
            The other job to synchronize from.
        strategy : callable, optional
            A synchronization strategy for file conflicts (Default value = None).
        exclude : str or list of str, optional
            Names matching these patterns are excluded (Default value = None).
        doc_sync : callable, optional
            A synchronization strategy for document keys (Default value = None).
        **kwargs
            Forwarded to :func:`~signac_core.sync.sync_jobs`.

        Raises
        ------
        FileSyncConflict
            In case that a file synchronization results in a conflict.
        """
        from .sync import sync_jobs

        sync_jobs(
            src=other, dst=self, strategy=strategy, exclude=exclude, doc_sync=doc_sync, **kwargs
        )

    # -- working directory ---------------------------------------------------------
    def open(self) -> None:
        """Enter the job's workspace directory (initializing the job).

        Opening pushes the current working directory onto a stack; it may be
        entered recursively. You can use the job as a context manager.
        """
        if self._cwd_stack is None:
            self._cwd_stack = []
        self._cwd_stack.append(os.getcwd())
        try:
            self.init()
            os.chdir(self.workspace())
        except BaseException:
            self._cwd_stack.pop()
            raise
        logger.info("Enter workspace '%s'.", self.workspace())

    def close(self) -> None:
        """Close the job and switch to the previous working directory."""
        try:
            os.chdir(self._cwd_stack.pop())  # type: ignore[union-attr]
        except (IndexError, AttributeError):
            pass

    def __enter__(self) -> Job:
        self.open()
        return self

    def __exit__(self, err_type: Any, err_value: Any, tb: Any) -> None:
        self.close()


def _rebuild_job(cls: type[Job], project: Project, job_id: str, sp: Any) -> Job:
    return cls._from_trusted(project, job_id, sp)


def _rename_no_replace(src: str, dst: str) -> None:
    """Rename a directory; fails with EEXIST/ENOTEMPTY if ``dst`` holds anything."""
    os.rename(src, dst)
