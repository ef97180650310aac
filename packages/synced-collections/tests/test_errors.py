import pickle

import pytest

from synced_collections.errors import BufferedError, InvalidKeyError, KeyTypeError, MetadataError


def test_key_errors_are_builtin_subclasses():
    assert issubclass(KeyTypeError, TypeError)
    assert issubclass(InvalidKeyError, ValueError)


def test_metadata_error_is_a_buffered_error_naming_the_file():
    error = MetadataError("doc.json", {"a": 1})
    assert isinstance(error, BufferedError)
    assert error.filename == "doc.json"
    assert "doc.json" in error.files
    with pytest.raises(BufferedError):
        raise error


def test_buffered_error_lists_files():
    error = BufferedError({"a.json": None})
    assert error.files == {"a.json": None}
    assert "a.json" in str(error)
    assert pickle.loads(pickle.dumps(KeyTypeError("x"))).args == ("x",)
