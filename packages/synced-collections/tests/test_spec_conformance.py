"""Conformance with the signac 1.7 API reference (section 1.3.10 "synced_collections package").

Every documented signature (parameter names, order, defaults, kinds), base class,
class method and attribute is asserted here, and every documented example runs
(adapted to a temporary directory and to the test servers). Behaviour that the
contract suites in :mod:`synced_collections.testing` already cover in depth is not
repeated.
"""

from __future__ import annotations

import collections.abc
import doctest
import importlib
import inspect
import json
import uuid
import warnings

import pytest

from synced_collections.backends import collection_json
from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    BufferedJSONAttrList,
    BufferedJSONCollection,
    BufferedJSONDict,
    BufferedJSONList,
    JSONAttrDict,
    JSONAttrList,
    JSONCollection,
    JSONDict,
    JSONList,
    MemoryBufferedJSONAttrDict,
    MemoryBufferedJSONAttrList,
    MemoryBufferedJSONCollection,
    MemoryBufferedJSONDict,
    MemoryBufferedJSONList,
    json_attr_dict_validator,
)
from synced_collections.buffers.buffered_collection import BufferedCollection
from synced_collections.buffers.file_buffered_collection import FileBufferedCollection
from synced_collections.buffers.memory_buffered_collection import (
    SharedMemoryFileBufferedCollection,
)
from synced_collections.buffers.serialized_file_buffered_collection import (
    SerializedFileBufferedCollection,
)
from synced_collections.data_types.attr_dict import AttrDict
from synced_collections.data_types.synced_collection import SyncedCollection, _LoadAndSave
from synced_collections.data_types.synced_dict import SyncedDict
from synced_collections.data_types.synced_list import SyncedList
from synced_collections.errors import InvalidKeyError, KeyTypeError
from synced_collections.utils import AbstractTypeResolver, SyncedCollectionJSONEncoder, default
from synced_collections.validators import (
    json_format_validator,
    no_dot_in_key,
    require_string_key,
)

PKG = "synced_collections."
JSON_COLLECTION_ARGS = "filename=None, write_concern=False, data=None, parent=None, *args, **kwargs"

# Documented signatures: "module:qualname" -> parameters (without self/cls).
SIGNATURES = {
    "data_types.synced_collection:SyncedCollection": "parent=None, *args, **kwargs",
    "data_types.synced_collection:_LoadAndSave": "collection",
    "data_types.synced_collection:SyncedCollection._from_base": "data, **kwargs",
    "data_types.synced_collection:SyncedCollection._register_validators": "",
    "data_types.synced_collection:SyncedCollection._load": "",
    "data_types.synced_collection:SyncedCollection._save": "",
    "data_types.synced_collection:SyncedCollection._load_from_resource": "",
    "data_types.synced_collection:SyncedCollection._save_to_resource": "",
    "data_types.synced_collection:SyncedCollection._to_base": "",
    "data_types.synced_collection:SyncedCollection._update": "data",
    "data_types.synced_collection:SyncedCollection._validate": "data",
    "data_types.synced_collection:SyncedCollection.enable_multithreading": "",
    "data_types.synced_collection:SyncedCollection.disable_multithreading": "",
    "data_types.synced_collection:SyncedCollection.is_base_type": "data",
    "data_types.synced_dict:SyncedDict": "data=None, _validate=True, *args, **kwargs",
    "data_types.synced_dict:SyncedDict.is_base_type": "data",
    "data_types.synced_dict:SyncedDict.reset": "data",
    "data_types.synced_dict:SyncedDict.clear": "",
    "data_types.synced_dict:SyncedDict.items": "",
    "data_types.synced_dict:SyncedDict.keys": "",
    "data_types.synced_dict:SyncedDict.values": "",
    "data_types.synced_dict:SyncedDict.popitem": "",
    "data_types.synced_list:SyncedList": "data=None, _validate=True, *args, **kwargs",
    "data_types.synced_list:SyncedList.append": "item",
    "data_types.synced_list:SyncedList.clear": "",
    "data_types.synced_list:SyncedList.extend": "iterable",
    "data_types.synced_list:SyncedList.insert": "index, item",
    "data_types.synced_list:SyncedList.is_base_type": "data",
    "data_types.synced_list:SyncedList.remove": "value",
    "data_types.synced_list:SyncedList.reset": "data",
    "backends.collection_json:JSONCollection": "filename=None, write_concern=False, *args, **kwargs",
    "backends.collection_json:BufferedJSONCollection": "parent=None, filename=None, *args, **kwargs",
    # The PDF shows "file_name=" here (a hyphenation artifact of "filename="; the
    # serialized variant and the FileBufferedCollection parameters say filename).
    "backends.collection_json:MemoryBufferedJSONCollection": (
        "parent=None, filename=None, *args, **kwargs"
    ),
    **{
        f"backends.collection_json:{name}": JSON_COLLECTION_ARGS
        for name in (
            "JSONDict",
            "JSONList",
            "JSONAttrDict",
            "JSONAttrList",
            "BufferedJSONDict",
            "BufferedJSONList",
            "BufferedJSONAttrDict",
            "BufferedJSONAttrList",
            "MemoryBufferedJSONDict",
            "MemoryBufferedJSONList",
            "MemoryBufferedJSONAttrDict",
            "MemoryBufferedJSONAttrList",
        )
    },
    "backends.collection_json:json_attr_dict_validator": "data",
    "backends.collection_mongodb:MongoDBCollection": "collection=None, uid=None, *args, **kwargs",
    "backends.collection_mongodb:MongoDBDict": (
        "collection=None, uid=None, data=None, parent=None, *args, **kwargs"
    ),
    "backends.collection_mongodb:MongoDBList": (
        "collection=None, uid=None, data=None, parent=None, *args, **kwargs"
    ),
    "backends.collection_redis:RedisCollection": "client=None, key=None, *args, **kwargs",
    "backends.collection_redis:RedisDict": (
        "client=None, key=None, data=None, parent=None, *args, **kwargs"
    ),
    "backends.collection_redis:RedisList": (
        "client=None, key=None, data=None, parent=None, *args, **kwargs"
    ),
    "backends.collection_zarr:ZarrCollection": "group=None, name=None, codec=None, *args, **kwargs",
    "backends.collection_zarr:ZarrDict": (
        "group=None, name=None, data=None, parent=None, *args, **kwargs"
    ),
    "backends.collection_zarr:ZarrList": (
        "group=None, name=None, data=None, parent=None, *args, **kwargs"
    ),
    "buffers.buffered_collection:BufferedCollection": "*args, **kwargs",
    "buffers.buffered_collection:BufferedCollection._flush": "",
    "buffers.buffered_collection:BufferedCollection._flush_buffer": "",
    "buffers.buffered_collection:BufferedCollection._load": "",
    "buffers.buffered_collection:BufferedCollection._save": "",
    "buffers.buffered_collection:BufferedCollection._load_from_buffer": "",
    "buffers.buffered_collection:BufferedCollection._save_to_buffer": "",
    "buffers.buffered_collection:BufferedCollection.backend_is_buffered": "",
    "buffers.buffered_collection:BufferedCollection.buffer_backend": "*args, **kwargs",
    "buffers.file_buffered_collection:FileBufferedCollection": (
        "parent=None, filename=None, *args, **kwargs"
    ),
    "buffers.file_buffered_collection:FileBufferedCollection.buffer_backend": (
        "buffer_size=None, force_write=None, *args, **kwargs"
    ),
    "buffers.file_buffered_collection:FileBufferedCollection.disable_multithreading": "",
    "buffers.file_buffered_collection:FileBufferedCollection.enable_multithreading": "",
    "buffers.file_buffered_collection:FileBufferedCollection.get_buffer_capacity": "",
    "buffers.file_buffered_collection:FileBufferedCollection.get_current_buffer_size": "",
    "buffers.file_buffered_collection:FileBufferedCollection.set_buffer_capacity": "new_capacity",
    "buffers.serialized_file_buffered_collection:SerializedFileBufferedCollection": (
        "parent=None, filename=None, *args, **kwargs"
    ),
    "buffers.memory_buffered_collection:SharedMemoryFileBufferedCollection": (
        "parent=None, filename=None, *args, **kwargs"
    ),
    "utils:AbstractTypeResolver": "abstract_type_identifiers, cache_blocklist=None",
    "utils:AbstractTypeResolver.get_type": "obj",
    "utils:SyncedCollectionJSONEncoder": (
        "*, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, "
        "sort_keys=False, indent=None, separators=None, default=None"
    ),
    "utils:SyncedCollectionJSONEncoder.default": "o",
    "utils:default": "o",
    "validators:json_format_validator": "data",
    "validators:no_dot_in_key": "data",
    "validators:require_string_key": "data",
}

# Documented class methods (called on the class, not an instance).
CLASSMETHODS = {
    "data_types.synced_collection:SyncedCollection": (
        "_from_base",
        "_register_validators",
        "disable_multithreading",
        "enable_multithreading",
        "is_base_type",
    ),
    "data_types.synced_dict:SyncedDict": ("is_base_type",),
    "data_types.synced_list:SyncedList": ("is_base_type",),
    "buffers.buffered_collection:BufferedCollection": (
        "_flush_buffer",
        "backend_is_buffered",
        "buffer_backend",
    ),
    "buffers.file_buffered_collection:FileBufferedCollection": (
        "buffer_backend",
        "disable_multithreading",
        "enable_multithreading",
        "get_buffer_capacity",
        "get_current_buffer_size",
        "set_buffer_capacity",
    ),
}

# Documented direct bases, in order.
BASES = {
    SyncedCollection: (collections.abc.Collection,),
    _LoadAndSave: (object,),
    SyncedDict: (SyncedCollection, collections.abc.MutableMapping),
    SyncedList: (SyncedCollection, collections.abc.MutableSequence),
    JSONCollection: (SyncedCollection,),
    JSONDict: (JSONCollection, SyncedDict),
    JSONList: (JSONCollection, SyncedList),
    JSONAttrDict: (JSONDict, AttrDict),
    JSONAttrList: (JSONList,),
    BufferedJSONCollection: (SerializedFileBufferedCollection, JSONCollection),
    BufferedJSONDict: (BufferedJSONCollection, SyncedDict),
    BufferedJSONList: (BufferedJSONCollection, SyncedList),
    BufferedJSONAttrDict: (BufferedJSONDict, AttrDict),
    BufferedJSONAttrList: (BufferedJSONList,),
    MemoryBufferedJSONCollection: (SharedMemoryFileBufferedCollection, JSONCollection),
    MemoryBufferedJSONDict: (MemoryBufferedJSONCollection, SyncedDict),
    MemoryBufferedJSONList: (MemoryBufferedJSONCollection, SyncedList),
    MemoryBufferedJSONAttrDict: (MemoryBufferedJSONDict, AttrDict),
    MemoryBufferedJSONAttrList: (MemoryBufferedJSONList,),
    BufferedCollection: (SyncedCollection,),
    FileBufferedCollection: (BufferedCollection,),
    SerializedFileBufferedCollection: (FileBufferedCollection,),
    SharedMemoryFileBufferedCollection: (FileBufferedCollection,),
    AbstractTypeResolver: (object,),
    SyncedCollectionJSONEncoder: (json.JSONEncoder,),
}

SERVER_BASES = {
    "backends.collection_mongodb": {
        "MongoDBCollection": ("data_types.synced_collection:SyncedCollection",),
        "MongoDBDict": (
            "backends.collection_mongodb:MongoDBCollection",
            "data_types.synced_dict:SyncedDict",
        ),
        "MongoDBList": (
            "backends.collection_mongodb:MongoDBCollection",
            "data_types.synced_list:SyncedList",
        ),
    },
    "backends.collection_redis": {
        "RedisCollection": ("data_types.synced_collection:SyncedCollection",),
        "RedisDict": (
            "backends.collection_redis:RedisCollection",
            "data_types.synced_dict:SyncedDict",
        ),
        "RedisList": (
            "backends.collection_redis:RedisCollection",
            "data_types.synced_list:SyncedList",
        ),
    },
    "backends.collection_zarr": {
        "ZarrCollection": ("data_types.synced_collection:SyncedCollection",),
        "ZarrDict": (
            "backends.collection_zarr:ZarrCollection",
            "data_types.synced_dict:SyncedDict",
        ),
        "ZarrList": (
            "backends.collection_zarr:ZarrCollection",
            "data_types.synced_list:SyncedList",
        ),
    },
}


def resolve(path: str):
    module_name, _, qualname = path.partition(":")
    obj = importlib.import_module(PKG + module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def format_parameters(obj) -> str:
    signature = inspect.signature(obj)
    parts = []
    keyword_only_marked = False
    for index, parameter in enumerate(signature.parameters.values()):
        if index == 0 and parameter.name in ("self", "cls") and not inspect.isclass(obj):
            continue
        if parameter.kind is parameter.VAR_POSITIONAL:
            parts.append(f"*{parameter.name}")
            keyword_only_marked = True
        elif parameter.kind is parameter.VAR_KEYWORD:
            parts.append(f"**{parameter.name}")
        else:
            if parameter.kind is parameter.KEYWORD_ONLY and not keyword_only_marked:
                parts.append("*")
                keyword_only_marked = True
            if parameter.default is parameter.empty:
                parts.append(parameter.name)
            else:
                parts.append(f"{parameter.name}={parameter.default!r}")
    return ", ".join(parts)


@pytest.mark.parametrize("path", sorted(SIGNATURES))
def test_documented_signature(path):
    obj = resolve(path)
    assert format_parameters(obj) == SIGNATURES[path]


@pytest.mark.parametrize("path", sorted(CLASSMETHODS))
def test_documented_classmethods(path):
    cls = resolve(path)
    for name in CLASSMETHODS[path]:
        for klass in cls.__mro__:
            if name in klass.__dict__:
                assert isinstance(klass.__dict__[name], classmethod), (cls, name)
                break
        else:  # pragma: no cover - a missing method fails here
            pytest.fail(f"{cls.__name__}.{name} is missing")


@pytest.mark.parametrize("cls", list(BASES), ids=lambda cls: cls.__name__)
def test_documented_bases(cls):
    assert cls.__bases__ == BASES[cls]


@pytest.mark.parametrize("module", sorted(SERVER_BASES))
def test_documented_bases_of_optional_backends(module):
    if module.endswith("zarr"):
        pytest.importorskip("zarr")
    for name, bases in SERVER_BASES[module].items():
        cls = resolve(f"{module}:{name}")
        assert cls.__bases__ == tuple(resolve(base) for base in bases)


def test_documented_modules_and_names():
    expected = {
        "data_types.synced_collection": ["SyncedCollection", "_LoadAndSave"],
        "data_types.synced_dict": ["SyncedDict"],
        "data_types.synced_list": ["SyncedList"],
        "backends.collection_json": [
            cls.__name__ for cls in BASES if cls.__module__.endswith("json")
        ]
        + ["json_attr_dict_validator"],
        "buffers.buffered_collection": ["BufferedCollection"],
        "buffers.file_buffered_collection": ["FileBufferedCollection"],
        "buffers.serialized_file_buffered_collection": ["SerializedFileBufferedCollection"],
        "buffers.memory_buffered_collection": ["SharedMemoryFileBufferedCollection"],
        "utils": ["AbstractTypeResolver", "SyncedCollectionJSONEncoder", "default"],
        "validators": ["json_format_validator", "no_dot_in_key", "require_string_key"],
    }
    for module_name, names in expected.items():
        module = importlib.import_module(PKG + module_name)
        assert module.__doc__, module_name
        for name in names:
            assert getattr(module, name).__doc__, (module_name, name)
    assert collection_json.json_attr_dict_validator is json_attr_dict_validator


# -- SyncedCollection --------------------------------------------------------


def test_synced_collection_protocol():
    assert SyncedCollection._LoadSaveType is _LoadAndSave
    assert isinstance(inspect.getattr_static(SyncedCollection, "_backend"), property)
    assert SyncedCollection._supports_threading is False
    assert inspect.isabstract(SyncedCollection)
    abstract = SyncedCollection.__abstractmethods__
    assert {"_backend", "_load_from_resource", "_save_to_resource", "is_base_type"} <= abstract
    assert {"_to_base", "_update"} <= abstract
    assert JSONCollection._supports_threading is True
    assert isinstance(JSONDict._backend, str)


def test_validator_registration():
    def first(data):
        pass

    def second(data):
        pass

    def only(data):
        pass

    class Base(JSONDict):
        _validators = (first,)

    class Child(Base):
        _validators = (second,)

    class Alone(Child):
        _all_validators = (only,)

    assert Child._all_validators[-2:] == (first, second)
    assert json_format_validator in Child._all_validators
    assert Alone._all_validators == (only,)
    assert JSONAttrDict._all_validators == (json_attr_dict_validator,)


def test_from_base_resolves_types(tmp_path):
    root = JSONDict(tmp_path / "a.json")
    child = JSONDict._from_base({"a": [1, {"b": 2}]}, parent=root)
    assert type(child) is JSONDict
    assert type(child["a"]) is JSONList
    assert child._parent is root
    assert JSONDict._from_base(1) == 1
    attr_root = JSONAttrDict(tmp_path / "b.json")
    assert type(JSONAttrDict._from_base({"x": {}}, parent=attr_root)["x"]) is JSONAttrDict
    assert type(JSONAttrList._from_base([{"x": 1}], parent=attr_root)[0]) is JSONAttrDict


def test_update_is_in_place_and_to_base_does_not_load(tmp_path):
    doc = JSONDict(tmp_path / "a.json")
    doc["a"] = {"b": 1}
    nested = doc["a"]
    doc._update({"a": {"b": 2}, "c": 3})
    assert doc["a"] is nested or doc._data["a"] is nested
    (tmp_path / "a.json").write_text('{"x": 1}')
    assert doc._to_base() == {"a": {"b": 2}, "c": 3}  # no load
    assert doc() == {"x": 1}  # the call loads


def test_load_from_resource_returns_none_for_missing_file(tmp_path):
    assert JSONDict(tmp_path / "missing.json")._load_from_resource() is None


@pytest.mark.parametrize(
    "module, name",
    [
        ("backends.collection_mongodb", "MongoDBDict"),
        ("backends.collection_redis", "RedisList"),
        ("backends.collection_zarr", "ZarrDict"),
    ],
)
def test_enable_multithreading_raises_value_error_without_support(module, name):
    cls = resolve(f"{module}:{name}")
    assert cls._supports_threading is False
    with pytest.raises(ValueError):
        cls.enable_multithreading()
    cls.disable_multithreading()  # allowed


# -- SyncedDict / SyncedList -------------------------------------------------


def test_synced_dict_documented_behaviour(tmp_path):
    doc = JSONDict(tmp_path / "d.json")
    assert doc.get("a") is None
    assert doc.get("a", 1) == 1
    assert doc.setdefault("a", 2) == 2
    assert doc.setdefault("a", 3) == 2
    assert doc.pop("missing", "d") == "d"
    with pytest.raises(KeyError):
        doc.pop("missing")
    doc.update({"b": 1}, c=2)
    doc.update([("d", 4)])
    assert doc() == {"a": 2, "b": 1, "c": 2, "d": 4}
    assert doc.pop("d") == 4
    assert doc.popitem() == ("c", 2)
    assert doc.clear() is None
    with pytest.raises(KeyError):
        doc.popitem()
    with pytest.raises(ValueError):
        doc.reset([1, 2])
    doc.reset({"x": 1})
    assert doc() == {"x": 1}
    assert SyncedDict.is_base_type({}) and not SyncedDict.is_base_type([])


def test_synced_list_documented_behaviour(tmp_path):
    sl = JSONList(tmp_path / "l.json")
    sl.append(1)
    sl.extend([2, 3])
    sl.insert(0, 0)
    sl.remove(2)
    assert sl() == [0, 1, 3]
    with pytest.raises(ValueError):
        sl.remove(42)
    with pytest.raises(ValueError):
        sl.reset("abc")
    with pytest.raises(ValueError):
        sl.reset({"a": 1})
    sl.reset([5])
    assert sl() == [5]
    assert sl.clear() is None
    assert sl() == []
    assert SyncedList.is_base_type([]) and SyncedList.is_base_type((1,))
    assert not SyncedList.is_base_type("abc")
    assert not SyncedList.is_base_type({})


# -- JSON backend: documented examples -----------------------------------------


def test_json_dict_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = JSONDict("data.json", write_concern=True)
    doc["foo"] = "bar"
    assert doc["foo"] == "bar"
    assert "foo" in doc
    del doc["foo"]
    doc["foo"] = dict(bar=True)
    assert repr(doc) == "{'foo': {'bar': True}}"
    assert json.loads((tmp_path / "data.json").read_text()) == {"foo": {"bar": True}}


@pytest.mark.parametrize("cls", [JSONAttrDict, BufferedJSONAttrDict, MemoryBufferedJSONAttrDict])
def test_json_attr_dict_example(cls, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = cls("data.json", write_concern=True)
    doc["foo"] = "bar"
    assert doc.foo == doc["foo"] == "bar"
    assert "foo" in doc
    del doc["foo"]
    doc["foo"] = dict(bar=True)
    assert repr(doc) == "{'foo': {'bar': True}}"
    doc.foo.bar = False
    assert repr(doc) == "{'foo': {'bar': False}}"
    # Changelog 0.9.0: keys can be deleted through the attribute interface.
    del doc.foo
    assert doc() == {}
    assert json.loads((tmp_path / "data.json").read_text()) == {}


def test_json_list_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    synced_list = JSONList("data.json", write_concern=True)
    synced_list.append("bar")
    assert synced_list[0] == "bar"
    assert len(synced_list) == 1
    del synced_list[0]
    assert json.loads((tmp_path / "data.json").read_text()) == []


def test_module_docstring_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for t in finder.find(collection_json) if t.examples]
    assert tests
    for test in tests:
        for path in tmp_path.iterdir():
            path.unlink()
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_json_collection_filename_and_children(tmp_path):
    doc = JSONAttrDict(tmp_path / "a.json")
    assert doc.filename == str(tmp_path / "a.json")
    doc.x = {"y": 1}
    assert doc.x.filename == doc.filename
    for cls, child in [
        (JSONAttrList, JSONAttrDict),
        (BufferedJSONAttrList, BufferedJSONAttrDict),
        (MemoryBufferedJSONAttrList, MemoryBufferedJSONAttrDict),
        (BufferedJSONList, BufferedJSONDict),
        (MemoryBufferedJSONList, MemoryBufferedJSONDict),
    ]:
        synced_list = cls(tmp_path / f"{cls.__name__}.json")
        synced_list.append({"a": 1})
        assert type(synced_list[0]) is child


def test_json_attr_dict_validator_documented_errors():
    with pytest.raises(KeyTypeError):
        json_attr_dict_validator({(1, 2): 1})
    with pytest.raises(TypeError):
        json_attr_dict_validator({"a": object()})
    with pytest.raises(InvalidKeyError):
        json_attr_dict_validator({"a.b": 1})
    # Non-str keys of the 1.x key types are accepted: the collections convert them.
    json_attr_dict_validator({1: 1, False: 2, None: 3})


def test_non_serializable_value_does_not_overwrite_file(tmp_path):
    # Changelog 0.9.3: storing a non-serializable value must not overwrite the file.
    doc = JSONDict(tmp_path / "a.json")
    doc["a"] = 1
    before = (tmp_path / "a.json").read_bytes()
    with pytest.raises(TypeError):
        doc["b"] = object()
    assert (tmp_path / "a.json").read_bytes() == before
    assert doc() == {"a": 1}


def test_dots_in_keys_rejected_for_attr_dicts(tmp_path):
    # Changelog 1.0.0: dots in keys are no longer allowed for JSONDict keys
    # (signac.JSONDict is BufferedJSONAttrDict).
    doc = BufferedJSONAttrDict(tmp_path / "a.json")
    with pytest.raises(InvalidKeyError):
        doc["a.b"] = 1
    assert not (tmp_path / "a.json").exists()


# -- buffers -------------------------------------------------------------------


def test_buffer_capacities_and_units(tmp_path):
    assert SerializedFileBufferedCollection._BUFFER_CAPACITY > 0
    assert SharedMemoryFileBufferedCollection._BUFFER_CAPACITY > 0
    for cls in (BufferedJSONDict, MemoryBufferedJSONDict):
        capacity = cls.get_buffer_capacity()
        assert isinstance(capacity, int)
        assert cls.get_current_buffer_size() == 0
        with cls.buffer_backend(buffer_size=12345):
            assert cls.backend_is_buffered()
            assert cls.get_buffer_capacity() == 12345
            doc = cls(tmp_path / f"{cls.__name__}.json")
            doc["a"] = 1
            assert cls.get_current_buffer_size() > 0
            assert not (tmp_path / f"{cls.__name__}.json").exists()
        assert not cls.backend_is_buffered()
        assert cls.get_buffer_capacity() == capacity  # reset after the context
        assert cls.get_current_buffer_size() == 0
        assert json.loads((tmp_path / f"{cls.__name__}.json").read_text()) == {"a": 1}


def test_force_write_warns_and_is_ignored(tmp_path):
    # Changelog 1.7.0: force_write is no longer respected; passing it warns.
    doc = BufferedJSONAttrDict(tmp_path / "a.json")
    with pytest.warns(DeprecationWarning, match="2.0"):
        with BufferedJSONAttrDict.buffer_backend(force_write=True):
            doc["a"] = 1
            assert not (tmp_path / "a.json").exists()
    assert doc() == {"a": 1}


def test_flush_buffer_flushes_everything(tmp_path):
    for cls in (BufferedJSONAttrDict, MemoryBufferedJSONAttrDict):
        with cls.buffer_backend():
            doc = cls(tmp_path / f"{cls.__name__}.json")
            doc["a"] = 1
            assert not (tmp_path / f"{cls.__name__}.json").exists()
            cls._flush_buffer()
            assert json.loads((tmp_path / f"{cls.__name__}.json").read_text()) == {"a": 1}
            assert cls.get_current_buffer_size() == 0
            doc["b"] = 2
        assert doc() == {"a": 1, "b": 2}


def test_default_buffered_collection_hooks(tmp_path):
    class Plain(BufferedCollection, JSONDict):
        pass

    doc = Plain(tmp_path / "a.json")
    assert not doc._is_buffered
    with doc.buffered:
        assert doc._is_buffered
        doc["a"] = 1
        # The default is not to buffer: the hooks write through.
        assert json.loads((tmp_path / "a.json").read_text()) == {"a": 1}
    (tmp_path / "a.json").write_text('{"b": 2}')
    assert doc._load_from_buffer() == {"b": 2}  # reads the resource


# -- utils and validators -------------------------------------------------------


def test_abstract_type_resolver():
    resolver = AbstractTypeResolver(
        {"MAPPING": lambda obj: isinstance(obj, collections.abc.Mapping)},
        cache_blocklist=None,
    )
    assert resolver.get_type({}) == "MAPPING"
    assert resolver.get_type(1) is None
    assert set(resolver.abstract_type_identifiers) == {"MAPPING"}
    assert resolver.type_map[dict] == "MAPPING"


def test_json_encoder_and_default(tmp_path):
    doc = JSONAttrDict(tmp_path / "a.json", data={"a": [1, {"b": 2}]})
    assert json.dumps(doc, cls=SyncedCollectionJSONEncoder) == '{"a": [1, {"b": 2}]}'
    assert json.dumps({"x": doc.a}, default=default) == '{"x": [1, {"b": 2}]}'
    with pytest.raises(TypeError):
        json.dumps(object(), cls=SyncedCollectionJSONEncoder)


def test_json_encoder_numpy():
    numpy = pytest.importorskip("numpy")
    from synced_collections.numpy_utils import NumpyConversionWarning

    assert issubclass(NumpyConversionWarning, UserWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumpyConversionWarning)
        encoded = json.dumps({"a": numpy.arange(3), "b": numpy.float64(1.5)}, default=default)
    assert json.loads(encoded) == {"a": [0, 1, 2], "b": 1.5}


def test_numpy_arrays_are_cast_to_lists_with_a_warning(tmp_path):
    # Changelog 0.9.0 / 1.3.0: numpy arrays become lists (NumpyConversionWarning).
    numpy = pytest.importorskip("numpy")
    from synced_collections.numpy_utils import NumpyConversionWarning

    doc = JSONDict(tmp_path / "a.json")
    with pytest.warns(NumpyConversionWarning):
        doc["a"] = numpy.array([1, 2])
    assert json.loads((tmp_path / "a.json").read_text()) == {"a": [1, 2]}


@pytest.mark.parametrize(
    "validator, data, error",
    [
        (json_format_validator, {1: "a"}, KeyTypeError),
        (json_format_validator, {"a": object()}, TypeError),
        (json_format_validator, [b"x"], TypeError),
        (no_dot_in_key, {"a.b": 1}, InvalidKeyError),
        (no_dot_in_key, {(1, 2): 1}, KeyTypeError),
        (no_dot_in_key, [{"c": {"a.b": 1}}], InvalidKeyError),
        (require_string_key, {1: 1}, KeyTypeError),
        (require_string_key, [{"a": {None: 1}}], KeyTypeError),
    ],
)
def test_validators_raise_documented_errors(validator, data, error):
    with pytest.raises(error):
        validator(data)
    assert validator({"a": [1, {"b": None}]}) is None


# -- the other backends: documented attributes and examples ------------------------


@pytest.fixture(scope="module")
def mongo_collection(mongo_server):
    pymongo = pytest.importorskip("pymongo")
    client = pymongo.MongoClient(mongo_server.uri, serverSelectionTimeoutMS=20000)
    yield client["synced_collections_spec"][f"c{uuid.uuid4().hex}"]
    client.close()


@pytest.fixture(scope="module")
def redis_client(redis_server):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


def test_mongodb_examples_and_attributes(mongo_collection):
    from synced_collections.backends.collection_mongodb import MongoDBDict, MongoDBList

    doc = MongoDBDict(mongo_collection, uid={"name": "dict"})
    assert doc.collection is mongo_collection
    assert doc.uid == {"name": "dict"}
    doc["foo"] = "bar"
    assert doc["foo"] == "bar"
    assert "foo" in doc
    del doc["foo"]
    doc["foo"] = dict(bar=True)
    assert repr(doc) == "{'foo': {'bar': True}}"

    synced_list = MongoDBList(collection=mongo_collection, uid={"name": "list"})
    synced_list.append("bar")
    assert synced_list[0] == "bar"
    assert len(synced_list) == 1
    del synced_list[0]
    assert MongoDBList(mongo_collection, {"name": "list"})() == []
    # The key "data" is reserved and may not be part of the uid.
    with pytest.raises(ValueError):
        MongoDBDict(mongo_collection, uid={"data": 1})


def test_redis_examples_and_attributes(redis_client):
    from synced_collections.backends.collection_redis import RedisDict, RedisList

    key = f"spec-{uuid.uuid4().hex}"
    doc = RedisDict(redis_client, key)
    assert doc.client is redis_client
    assert doc.key == key
    doc["foo"] = "bar"
    assert doc["foo"] == "bar"
    assert "foo" in doc
    del doc["foo"]
    doc["foo"] = dict(bar=True)
    assert repr(doc) == "{'foo': {'bar': True}}"

    synced_list = RedisList(client=redis_client, key=key + "-list")
    synced_list.append("bar")
    assert synced_list[0] == "bar"
    assert len(synced_list) == 1
    del synced_list[0]
    assert RedisList(redis_client, key + "-list")() == []


def test_zarr_examples_and_attributes():
    zarr = pytest.importorskip("zarr")
    numcodecs = pytest.importorskip("numcodecs")
    from synced_collections.backends.collection_zarr import ZarrDict, ZarrList

    group = zarr.group()
    doc = ZarrDict(group, "data")
    assert doc.group is group
    assert doc.name == "data"
    assert isinstance(doc.codec, numcodecs.JSON)  # the documented default
    doc["foo"] = "bar"
    assert doc["foo"] == "bar"
    assert "foo" in doc
    del doc["foo"]
    doc["foo"] = dict(bar=True)
    assert repr(doc) == "{'foo': {'bar': True}}"

    synced_list = ZarrList(group=group, name="list")
    synced_list.append("bar")
    assert synced_list[0] == "bar"
    assert len(synced_list) == 1
    del synced_list[0]
    assert ZarrList(group, "list")() == []


# -- warnings point at the caller -------------------------------------------------


def _warning_lines(action):
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        action()
    return [(record.filename, record.category) for record in records]


@pytest.mark.parametrize(
    "operation",
    ["setitem", "attribute", "update", "setdefault", "reset", "constructor", "nested", "list"],
)
def test_legacy_key_warning_points_at_the_caller(operation, tmp_path):
    doc = JSONAttrDict(tmp_path / "a.json")
    actions = {
        "setitem": lambda: doc.__setitem__(1, 1),
        "attribute": lambda: setattr(doc, "x", {2: 1}),
        "update": lambda: doc.update({3: 1}),
        "setdefault": lambda: doc.setdefault(4, 1),
        "reset": lambda: doc.reset({5: 1}),
        "constructor": lambda: JSONAttrDict(tmp_path / "b.json", data={6: 1}),
        "nested": lambda: doc.__setitem__("y", {"z": {7: 1}}),
        "list": lambda: JSONAttrList(tmp_path / "c.json").append({8: 1}),
    }
    assert _warning_lines(actions[operation]) == [(__file__, DeprecationWarning)]


def test_force_write_and_numpy_warnings_point_at_the_caller(tmp_path):
    def force_write():
        with BufferedJSONDict.buffer_backend(force_write=True):
            pass

    assert _warning_lines(force_write) == [(__file__, DeprecationWarning)]
    numpy = pytest.importorskip("numpy")
    from synced_collections.numpy_utils import NumpyConversionWarning

    doc = JSONDict(tmp_path / "a.json")
    assert _warning_lines(lambda: doc.update(a=numpy.arange(2))) == [
        (__file__, NumpyConversionWarning)
    ]


def test_default_uses_the_data_attribute_of_other_objects():
    class Wrapper:
        def __init__(self, data):
            self._data = data

    assert json.dumps({"w": Wrapper([1, Wrapper({"a": 2})])}, default=default) == (
        '{"w": [1, {"a": 2}]}'
    )
    assert json.dumps(Wrapper(1), cls=SyncedCollectionJSONEncoder) == "1"


def test_type_resolver_blocklist_is_never_cached():
    resolver = AbstractTypeResolver(
        {"POSITIVE": lambda obj: isinstance(obj, int) and obj > 0},
        cache_blocklist=("POSITIVE",),
    )
    assert resolver.get_type(-1) is None
    assert resolver.get_type(1) == "POSITIVE"
    assert resolver.get_type(-2) is None
    assert int not in resolver.type_map
