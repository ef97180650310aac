import pickle

import pytest

from synced_collections.errors import (
    BufferedError,
    BufferException,
    InvalidKeyError,
    KeyTypeError,
    MetadataError,
)


def test_key_errors_are_builtin_subclasses():
    assert issubclass(KeyTypeError, TypeError)
    assert issubclass(InvalidKeyError, ValueError)


def test_error_hierarchy_of_signac_17():
    assert issubclass(BufferException, RuntimeError)
    assert issubclass(BufferedError, BufferException)
    assert issubclass(MetadataError, BufferException)
    assert not issubclass(MetadataError, BufferedError)


def test_metadata_error_names_the_file():
    error = MetadataError("doc.json", {"a": 1})
    assert error.filename == "doc.json"
    assert error.contents == {"a": 1}
    assert "doc.json" in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.filename, copy.contents) == ("doc.json", {"a": 1})
    with pytest.raises(BufferException):
        raise error


def test_buffered_error_lists_files():
    error = BufferedError({"a.json": None})
    assert error.files == {"a.json": None}
    assert "a.json" in str(error)
    assert pickle.loads(pickle.dumps(KeyTypeError("x"))).args == ("x",)
