import pytest

from signac_core import errors
from signac_core.warnings import SignacDeprecationWarning


@pytest.mark.parametrize(
    ("name", "bases"),
    [
        ("AuthenticationError", (errors.Error, RuntimeError)),
        ("BufferException", (errors.Error,)),
        ("BufferedFileError", (errors.BufferException,)),
        ("ConfigError", (errors.Error, RuntimeError)),
        ("DestinationExistsError", (errors.Error, RuntimeError)),
        ("DocumentSyncConflict", (errors.SyncConflict,)),
        ("ExportError", (errors.Error, RuntimeError)),
        ("FetchError", (FileNotFoundError,)),
        ("FileSyncConflict", (errors.SyncConflict,)),
        ("IncompatibleSchemaVersion", (errors.Error,)),
        ("InvalidKeyError", (ValueError,)),
        ("JobsCorruptedError", (errors.Error, RuntimeError)),
        ("KeyTypeError", (TypeError,)),
        ("SchemaSyncConflict", (errors.SyncConflict,)),
        ("StatepointParsingError", (errors.Error, RuntimeError)),
        ("SyncConflict", (errors.Error, RuntimeError)),
        ("WorkspaceError", (errors.Error, OSError)),
    ],
)
def test_documented_bases(name, bases):
    cls = getattr(errors, name)
    for base in bases:
        assert issubclass(cls, base), (name, base)


def test_documented_attributes():
    assert errors.DocumentSyncConflict(["a", "b"]).keys == {"a", "b"}
    assert errors.JobsCorruptedError(["abc"]).job_ids == ["abc"]
    assert errors.FileSyncConflict("x.txt").filename == "x.txt"
    assert errors.DestinationExistsError("/d").destination == "/d"
    assert errors.BufferedFileError({"f": None}).files == {"f": None}
    inner = OSError("disk full")
    assert errors.WorkspaceError(inner).error is inner
    assert str(errors.WorkspaceError(inner)) == "disk full"


def test_deprecation_warning_is_a_deprecation_warning():
    """Fact 11 of issue 11: every deprecation is catchable as DeprecationWarning."""
    assert issubclass(SignacDeprecationWarning, DeprecationWarning)
    assert issubclass(SignacDeprecationWarning, UserWarning)
