"""Validators, type resolution, JSON encoding, numpy helpers and validator registration."""

import json
import warnings

import pytest

from synced_collections.backends.collection_json import JSONDict
from synced_collections.data_types.synced_collection import SyncedCollection
from synced_collections.errors import InvalidKeyError, KeyTypeError
from synced_collections.numpy_utils import NumpyConversionWarning
from synced_collections.utils import AbstractTypeResolver, SyncedCollectionJSONEncoder, default
from synced_collections.validators import (
    json_attr_dict_validator,
    json_format_validator,
    no_dot_in_key,
    require_string_key,
)


def test_json_format_validator():
    json_format_validator({"a": [1, 2.5, "x", None, True, {"b": ()}]})
    with pytest.raises(KeyTypeError):
        json_format_validator({1: 1})
    with pytest.raises(TypeError):
        json_format_validator({"a": {1, 2}})
    with pytest.raises(TypeError):
        json_format_validator([b"bytes"])
    with pytest.raises(TypeError):
        json_format_validator(1j)


def test_no_dot_in_key():
    no_dot_in_key({"a": {"b": [{"c": 1}]}, 1: 2, None: 3})
    with pytest.raises(InvalidKeyError):
        no_dot_in_key({"a": [{"b.c": 1}]})
    with pytest.raises(KeyTypeError):
        no_dot_in_key({1.5: 1})
    no_dot_in_key({"a": object()})  # values are not its business


def test_require_string_key():
    require_string_key({"a": {"b.c": 1}})
    with pytest.raises(KeyTypeError):
        require_string_key([{"a": {2: 1}}])


def test_json_attr_dict_validator():
    json_attr_dict_validator({"a": 1, 2: {None: True}})
    with pytest.raises(InvalidKeyError):
        json_attr_dict_validator({"a.b": 1})
    with pytest.raises(KeyTypeError):
        json_attr_dict_validator({(1,): 1})
    with pytest.raises(TypeError):
        json_attr_dict_validator({"a": object()})


def test_circular_references():
    loop = []
    loop.append(loop)
    for validator in (json_format_validator, no_dot_in_key, json_attr_dict_validator):
        with pytest.raises(ValueError):
            validator({"a": loop})
    shared = [1]
    json_format_validator({"a": shared, "b": shared})  # shared, not circular


def test_abstract_type_resolver():
    resolver = AbstractTypeResolver(
        {"MAPPING": lambda o: isinstance(o, dict), "LIST": lambda o: isinstance(o, list)}
    )
    assert resolver.get_type({}) == "MAPPING"
    assert resolver.get_type([]) == "LIST"
    assert resolver.get_type(1) is None
    assert resolver.type_map[dict] == "MAPPING"
    blocked = AbstractTypeResolver(
        {"POSITIVE": lambda o: o > 0, "OTHER": lambda o: True}, ["POSITIVE"]
    )
    assert blocked.get_type(1) == "POSITIVE"
    assert blocked.get_type(-1) == "OTHER"


def test_json_encoding_of_collections_and_numpy(tmp_path):
    doc = JSONDict(tmp_path / "doc.json")
    doc["a"] = {"b": [1]}
    assert json.dumps(doc, default=default) == '{"a": {"b": [1]}}'
    assert json.dumps({"x": doc["a"]}, cls=SyncedCollectionJSONEncoder) == '{"x": {"b": [1]}}'
    with pytest.raises(TypeError):
        json.dumps(object(), cls=SyncedCollectionJSONEncoder)
    numpy = pytest.importorskip("numpy")
    with pytest.warns(NumpyConversionWarning):
        assert json.dumps(numpy.arange(2), default=default) == "[0, 1]"
    with pytest.warns(NumpyConversionWarning):  # signac 1.7: scalars warn too
        assert json.dumps(numpy.int16(3), default=default) == "3"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a float subclass: json encodes it without default()
        assert json.dumps(numpy.float64(0.5), default=default) == "0.5"


def test_numpy_is_not_imported_by_the_package():
    import subprocess
    import sys

    code = (
        "import sys, synced_collections.backends.collection_json as cj, tempfile, os;"
        "d = cj.JSONDict(os.path.join(tempfile.mkdtemp(), 'x.json')); d['a'] = [1];"
        "assert 'numpy' not in sys.modules, 'numpy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_validators_are_inherited_and_overridable():
    calls = []

    def first(data):
        calls.append("first")

    def second(data):
        calls.append("second")

    class Base(JSONDict):
        _backend = "tests.validators.base"
        _validators = (first,)

    class Child(Base):
        _backend = "tests.validators.child"
        _validators = (second,)

    class Only(Child):
        _backend = "tests.validators.only"
        _all_validators = (second,)

    assert Child._all_validators[-2:] == (first, second)
    assert json_format_validator in Child._all_validators
    assert Only._all_validators == (second,)
    assert Child in SyncedCollection.registry["tests.validators.child"]


def test_unexpected_constructor_arguments(tmp_path):
    with pytest.raises(TypeError):
        JSONDict(tmp_path / "x.json", False, None, None, "extra")
    with pytest.raises(TypeError):
        JSONDict(tmp_path / "x.json", bogus=1)


def test_numpy_scalars_become_python_types_in_memory(tmp_path):
    numpy = pytest.importorskip("numpy")
    doc = JSONDict(tmp_path / "doc.json")
    with pytest.warns(NumpyConversionWarning):
        doc["f"] = numpy.float64(0.5)
    with pytest.warns(NumpyConversionWarning):
        doc["s"] = numpy.str_("text")
    with pytest.warns(NumpyConversionWarning):
        doc["l"] = [numpy.int8(1)]
    assert type(doc["f"]) is float
    assert type(doc["s"]) is str
    assert type(doc["l"][0]) is int
    before = open(doc.filename, "rb").read()
    for bad in (numpy.bytes_(b"x"), numpy.array([b"x"]), numpy.datetime64("2021-06-08")):
        with pytest.raises(TypeError):
            doc["bad"] = bad
    assert open(doc.filename, "rb").read() == before
