"""Errors raised by signac.

::

    Exception
    └── Error
        ├── AuthenticationError (RuntimeError)
        ├── BufferException
        │   └── BufferedFileError
        ├── ConfigError (RuntimeError)
        ├── DestinationExistsError (RuntimeError)
        ├── ExportError (RuntimeError)
        ├── IncompatibleSchemaVersion
        ├── JobsCorruptedError (RuntimeError)
        ├── StatepointParsingError (RuntimeError)
        ├── SyncConflict (RuntimeError)
        │   ├── DocumentSyncConflict
        │   ├── FileSyncConflict
        │   └── SchemaSyncConflict
        └── WorkspaceError (OSError)
    FetchError (FileNotFoundError)

``KeyTypeError`` and ``InvalidKeyError`` come from ``synced_collections.errors``
and are re-exported here, as in signac 1.7.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from synced_collections.errors import InvalidKeyError, KeyTypeError


class Error(Exception):
    """Base class used for signac Errors."""


class AuthenticationError(Error, RuntimeError):
    """Authentication error."""

    def __str__(self) -> str:
        if len(self.args) > 0:
            return f"Failed to authenticate with host '{self.args[0]}'."
        return "Failed to authenticate with host."


class BufferException(Error):
    """An exception occurred in buffered mode."""


class BufferedFileError(BufferException):
    """Raised when an error occurred while flushing one or more buffered files.

    Attributes
    ----------
    files : dict
        The files that caused issues during the flush, mapped to a possible
        reason for the issue, or None where it cannot be determined.
    """

    def __init__(self, files: dict[str, Any]):
        super().__init__(files)
        self.files = files

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.files})"


class ConfigError(Error, RuntimeError):
    """Error with parsing or reading a configuration file."""


class DestinationExistsError(Error, RuntimeError):
    """The destination for a move or copy operation already exists.

    Parameters
    ----------
    destination : str
        The destination causing the error.
    """

    def __init__(self, destination: Any):
        super().__init__(destination)
        self.destination = destination


class ExportError(Error, RuntimeError):
    """Error exporting documents to a mirror."""


class FetchError(FileNotFoundError):
    """Error in fetching data."""


class IncompatibleSchemaVersion(Error):
    """The project's schema version is incompatible with this version of signac."""


class JobsCorruptedError(Error, RuntimeError):
    """The state point manifest file of one or more jobs cannot be opened or is corrupted.

    Parameters
    ----------
    job_ids : iterable of str
        The job id(s) of the corrupted job(s).
    """

    def __init__(self, job_ids: Iterable[str]):
        self.job_ids = list(job_ids)
        super().__init__(self.job_ids)


class StatepointParsingError(Error, RuntimeError):
    """Indicates an error that occurred while trying to identify a state point."""


class SyncConflict(Error, RuntimeError):
    """Raised when a synchronization operation fails."""


class DocumentSyncConflict(SyncConflict):
    """Raised when a synchronization operation fails due to a document conflict.

    Parameters
    ----------
    keys : iterable of str
        The keys that caused the conflict.
    """

    def __init__(self, keys: Iterable[str]):
        self.keys = set(keys)
        super().__init__(
            f"The following keys caused a conflict: {', '.join(sorted(map(str, self.keys)))}"
        )


class FileSyncConflict(SyncConflict):
    """Raised when a synchronization operation fails due to a file conflict.

    Parameters
    ----------
    filename : str
        The filename of the file that caused the conflict.
    """

    def __init__(self, filename: str):
        self.filename = filename
        super().__init__(f"The file with filename '{filename}' caused a conflict.")


class SchemaSyncConflict(SyncConflict):
    """Raised when a synchronization operation fails due to schema differences.

    Parameters
    ----------
    schema_src, schema_dst : set
        The keys of the source and destination schemas.
    """

    def __init__(self, schema_src: Any, schema_dst: Any):
        self.schema_src = schema_src
        self.schema_dst = schema_dst
        super().__init__("The synchronization failed, because of a schema conflict.")


class WorkspaceError(Error, OSError):
    """Raised when there is an issue creating or accessing the workspace.

    Parameters
    ----------
    error : OSError
        The underlying error causing this issue.
    """

    def __init__(self, error: BaseException):
        self.error = error

    def __str__(self) -> str:
        return self.error.__str__()


__all__ = [
    "AuthenticationError",
    "BufferException",
    "BufferedFileError",
    "ConfigError",
    "DestinationExistsError",
    "DocumentSyncConflict",
    "Error",
    "ExportError",
    "FetchError",
    "FileSyncConflict",
    "IncompatibleSchemaVersion",
    "InvalidKeyError",
    "JobsCorruptedError",
    "KeyTypeError",
    "SchemaSyncConflict",
    "StatepointParsingError",
    "SyncConflict",
    "WorkspaceError",
]
