"""The synced state point of a job: changing it moves the job to its new id."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar

from synced_collections.backends.collection_json import JSONAttrDict
from synced_collections.validators import json_attr_dict_validator

from ._statepoint import copy_plain, normalize

if TYPE_CHECKING:
    from ._job import Job

_IMMUTABLE = (type(None), bool, int, float, str, tuple, frozenset)


class StatePointDict(JSONAttrDict):
    """A job's state point: a :class:`JSONAttrDict` whose changes move the job.

    The job's plain state point is the truth (a manifest never changes while
    the id stays the same), so reads never touch the disk, and the synced
    structure is only built on first use: creating one costs almost nothing
    and ``job.statepoint()`` returns a copy of the plain data directly. Every
    modification, also of nested values, calls back into the job, which moves
    its directory to the new id (or raises
    :class:`~signac.errors.DestinationExistsError` and leaves everything as it
    was).

    Parameters
    ----------
    job : Job
        The job whose state point this is.
    """

    # The inter-process file lock of JSON collections is not needed here: the
    # manifest is written by the job with an atomic rename, and the job may not
    # exist on disk.
    _use_process_lock = False
    # As JSONAttrDict: int, bool and None keys become strings with a deprecation warning.
    _all_validators = (json_attr_dict_validator,)
    _defaults: ClassVar[dict[str, Any] | None] = None

    def __init__(self, job: Job):
        self.__dict__["_job"] = job
        self.__dict__["_jobs"] = [job]
        super().__init__(filename=job.fn(job.FN_MANIFEST))

    @classmethod
    def _for_job(cls, job: Job) -> StatePointDict:
        """Create the state point of a job cheaply (no validation, nothing built yet)."""
        defaults = cls._defaults
        if defaults is None:
            defaults = cls._learn_defaults(job)
        obj = cls.__new__(cls)
        state = obj.__dict__
        if defaults:
            state.update(defaults)
        state["_job"] = job
        state["_jobs"] = [job]  # the handles sharing this state point (copy.copy)
        return obj

    @classmethod
    def _learn_defaults(cls, job: Job) -> dict[str, Any]:
        """Learn the instance state of a fresh collection from one full construction.

        Immutable values become class attributes (shared); others are copied
        into every instance.
        """
        proto = cls(job)
        per_instance = {}
        for key, value in proto.__dict__.items():
            if key in ("_job", "_jobs", "_data_"):
                continue
            if isinstance(value, _IMMUTABLE):
                setattr(cls, key, value)
            else:  # pragma: no cover - no such state in synced-collections today
                per_instance[key] = value
        cls._defaults = per_instance
        return per_instance

    # -- the path of the manifest (derived from the job, which may move) ------------
    @property
    def _filename(self) -> str:  # type: ignore[override]
        job = self._job
        return f"{job._project._wd}{os.sep}{job._id}{os.sep}{job.FN_MANIFEST}"

    @_filename.setter
    def _filename(self, value: str) -> None:
        pass  # derived from the job

    # -- the in-memory data, built on first use -----------------------------------------
    @property
    def _data(self) -> dict[str, Any]:  # type: ignore[override]
        state = self.__dict__
        data = state.get("_data_")
        if data is None:
            data = state["_data_"] = {}
            with self._suspend_sync():
                self._update(copy_plain(self._job._plain_statepoint()))
        return data  # type: ignore[no-any-return]

    @_data.setter
    def _data(self, value: dict[str, Any]) -> None:
        self.__dict__["_data_"] = value

    @property
    def _materialized(self) -> bool:
        return "_data_" in self.__dict__

    def _load(self) -> None:
        state = self.__dict__
        if "_data_" not in state:
            self._data  # noqa: B018 - builds the data
        elif state.get("_needs_resync"):
            state["_needs_resync"] = False
            self._replace_data(copy_plain(self._job._plain_statepoint()))

    def _save(self) -> None:
        if self._suspend_sync_ > 0:
            return
        try:
            self._job._reset_sp(normalize(self._to_base()))
        except BaseException:
            # Nested collections resync through _load(): make it restore the data.
            self.__dict__["_needs_resync"] = True
            raise

    def _to_base(self) -> dict[str, Any]:
        if "_data_" not in self.__dict__:
            return copy_plain(self._job._plain_statepoint())  # type: ignore[no-any-return]
        return super()._to_base()

    def __call__(self) -> dict[str, Any]:
        """Return a plain ``dict`` copy of the state point."""
        return copy_plain(self._plain())  # type: ignore[no-any-return]

    # -- reads served from the plain state point until something is modified -------
    def _plain(self) -> dict[str, Any]:
        job = self._job
        sp = job._sp_plain
        if sp is None:
            sp = job._plain_statepoint()
        return sp  # type: ignore[no-any-return]

    def __getitem__(self, key: Any) -> Any:
        if "_data_" not in self.__dict__ and type(key) is str:
            value = self._plain()[key]
            kind = type(value)
            if kind is not dict and kind is not list:
                return value
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value of ``key``, or ``default`` if it is not in the state point."""
        if "_data_" not in self.__dict__ and type(key) is str:
            sp = self._plain()
            if key not in sp:
                return default
            value = sp[key]
            kind = type(value)
            if kind is not dict and kind is not list:
                return value
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if "_data_" not in self.__dict__:
            return key in self._plain()
        return super().__contains__(key)

    def __len__(self) -> int:
        if "_data_" not in self.__dict__:
            return len(self._plain())
        return super().__len__()

    def __iter__(self) -> Any:
        if "_data_" not in self.__dict__:
            return iter(list(self._plain()))
        return super().__iter__()

    def _resync_after_error(self) -> None:
        if self._materialized:
            self._replace_data(copy_plain(self._job._plain_statepoint()))

    def _replace_data(self, data: dict[str, Any]) -> None:
        if self._materialized:
            with self._suspend_sync():
                self._update(data)
