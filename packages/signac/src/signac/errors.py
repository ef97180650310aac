"""Errors raised by signac (the documented ``signac.errors`` module).

The classes are those of the packages that raise them; see
``signac_core.errors`` for the hierarchy.
"""

from signac_core.errors import (
    AuthenticationError,
    BufferedFileError,
    BufferException,
    ConfigError,
    DestinationExistsError,
    DocumentSyncConflict,
    Error,
    ExportError,
    FetchError,
    FileSyncConflict,
    IncompatibleSchemaVersion,
    InvalidKeyError,
    JobsCorruptedError,
    KeyTypeError,
    SchemaSyncConflict,
    StatepointParsingError,
    SyncConflict,
    WorkspaceError,
)

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
