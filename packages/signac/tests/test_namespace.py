"""The documented signac 1.7 namespace: every name and path, same objects."""

import importlib
import importlib.util
import pickle
import subprocess
import sys
from unittest import mock

import pytest

import signac
from signac import _paths

#: Paths that must import now; this set only grows as issues land. Every other
#: documented path must either import (its source exists) or fail with a clear
#: ImportError naming what is missing.
REQUIRED_PATHS = {
    "signac.errors",
    "signac.warnings",
    "signac.cite",
    "signac.__main__",
    "signac.contrib",
    "signac.core",
    "signac.common",
    "signac.contrib.errors",
    "signac.core.errors",
    "signac.common.errors",
    "signac.contrib.collection",
    "signac.core.h5store",
    "signac.synced_collections",
    "signac.synced_collections.errors",
    "signac.core.dict_manager",
    *_paths.ALIASED_SUBMODULES,
    "signac.contrib.project",
    "signac.contrib.job",
    "signac.contrib.schema",
    "signac.contrib.hashing",
    "signac.contrib.filterparse",
    "signac.common.config",
    "signac.core.jsondict",
    "signac.core.attrdict",
    "signac.core.synceddict",
    "signac.testing",
}
REQUIRED_NAMES = {
    "errors", "warnings", "cite", "contrib", "core", "common", "synced_collections",
    "H5Store", "H5StoreManager", "Collection",
    "Project", "TemporaryProject", "get_project", "init_project", "get_job", "diff_jobs",
    "JSONDict", "buffered", "is_buffered", "flush", "get_buffer_size", "get_buffer_load",
    "set_buffer_size",
}  # fmt: skip


def _source_exists(reference: str) -> bool:
    """Whether the object behind ``'module:attribute'`` exists (without the alias hook)."""
    module_name, _, attribute = reference.partition(":")
    try:
        if importlib.util.find_spec(module_name) is None:
            return False
    except ModuleNotFoundError:
        return False
    module = importlib.import_module(module_name)
    return not attribute or hasattr(module, attribute)


def _path_sources(path: str) -> list[str]:
    if path in _paths.NAMESPACES or path in _paths.OWN_MODULES:
        return []
    target = _paths.alias_target(path)
    if target is not None:
        return [target]
    return list(_paths.GATHERED[path].values())


ALL_PATHS = _paths.documented_paths()


def test_required_paths_and_names_are_documented():
    assert REQUIRED_PATHS <= set(ALL_PATHS)
    assert REQUIRED_NAMES <= set(_paths.TOP_LEVEL)


@pytest.mark.parametrize("path", ALL_PATHS)
def test_documented_path_imports_or_names_what_is_missing(path):
    sources = _path_sources(path)
    if all(_source_exists(source) for source in sources):
        module = importlib.import_module(path)
        assert sys.modules[path] is module
        target = _paths.alias_target(path)
        if target is not None:  # an alias is the very module object of its target
            real = importlib.import_module(target)
            assert module is real
            assert real.__spec__.name == target  # the alias did not overwrite the spec
    else:
        assert path not in REQUIRED_PATHS, f"{path} must have landed"
        with pytest.raises(ImportError, match="not available"):
            importlib.import_module(path)


@pytest.mark.parametrize("name", sorted(_paths.TOP_LEVEL))
def test_top_level_name_is_the_source_object(name):
    reference = _paths.TOP_LEVEL[name]
    module, _, attribute = reference.partition(":")
    if module.startswith("signac."):  # a documented path
        available = all(_source_exists(s) for s in _path_sources(module))
    else:
        available = _source_exists(reference)
    if available:
        value = getattr(signac, name)
        expected = importlib.import_module(module)
        assert value is (getattr(expected, attribute) if attribute else expected)
    else:
        assert name not in REQUIRED_NAMES, f"signac.{name} must have landed"
        with pytest.raises(ImportError, match="not available"):
            getattr(signac, name)


def test_all_lists_every_documented_top_level_name():
    documented = {
        "Project", "TemporaryProject", "get_project", "init_project", "get_job", "diff_jobs",
        "get_database", "fetch", "export_one", "export", "export_to_mirror", "export_pymongo",
        "index_files", "index", "RegexFileCrawler", "MainCrawler", "MasterCrawler",
        "SignacProjectCrawler", "JSONDict", "H5Store", "H5StoreManager", "Collection",
        "buffered", "is_buffered", "flush", "get_buffer_size", "get_buffer_load",
        "set_buffer_size", "cite", "sync", "errors", "warnings", "db", "contrib",
        "__version__",
    }  # fmt: skip
    assert documented <= set(signac.__all__)


def test_version_is_the_api_version():
    assert signac.__version__.startswith("1.7.")


def test_alias_covers_submodules():
    import signac.synced_collections.errors as aliased
    import synced_collections.errors

    assert aliased is synced_collections.errors
    assert signac.synced_collections.errors is synced_collections.errors
    assert aliased.KeyTypeError is signac.errors.KeyTypeError


def test_longest_alias_wins():
    import signac.synced_collections.buffered.memory_buffered_collection as aliased
    import synced_collections.buffers.memory_buffered_collection as real

    assert aliased is real
    assert signac.synced_collections.buffered is signac.synced_collections.buffers


def test_mock_patch_through_the_alias_hits_the_real_module():
    import synced_collections.errors

    with mock.patch("signac.synced_collections.errors.InvalidKeyError", KeyError):
        assert synced_collections.errors.InvalidKeyError is KeyError
    assert synced_collections.errors.InvalidKeyError is not KeyError


def test_objects_pickle_through_either_path():
    from signac.synced_collections.errors import KeyTypeError

    restored = pickle.loads(pickle.dumps(KeyTypeError("k")))
    assert type(restored) is KeyTypeError


def test_gathered_module_holds_the_same_objects():
    import signac_core.errors
    from signac.common import errors as common_errors
    from signac.core import errors as core_errors

    assert core_errors.Error is signac_core.errors.Error is signac.errors.Error
    assert common_errors.ConfigError is signac_core.errors.ConfigError
    assert signac.contrib.errors.JobsCorruptedError is signac_core.errors.JobsCorruptedError


def test_namespace_packages_import_children_lazily():
    assert signac.core.errors.Error is signac.errors.Error
    with pytest.raises(AttributeError):
        signac.contrib.no_such_module  # noqa: B018


def test_unknown_paths_are_not_found():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("signac.no_such_module")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("signac.synced_collections.no_such_module")


def test_cite_prints_both_references(capsys, tmp_path):
    signac.cite.bibtex()
    assert "10.1016/j.commatsci.2018.01.035" in capsys.readouterr().out
    target = tmp_path / "refs.txt"
    signac.cite.reference(str(target))
    text = target.read_text()
    assert "10.25080/Majora-4af1f417-016" in text
    assert signac.__version__ in text


def test_python_dash_m_signac_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "signac", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("signac 1.7")


def test_documented_classes_are_the_core_objects():
    import signac.contrib.job
    import signac.contrib.project
    import signac_core

    assert signac.Project is signac.contrib.project.Project is signac_core.Project
    assert signac.contrib.job.Job is signac_core.Job
    assert signac.contrib.project.JobsCursor is signac_core.JobsCursor


def test_a_project_through_the_documented_namespace(tmp_path):
    project = signac.init_project("ns", root=str(tmp_path))
    job = project.open_job({"constant": 42, "diff1": 0, "diff2": 1}).init()
    assert job.id == "c4af2b26f1fd256d70799ad3ce3bdad0"
    assert isinstance(job, signac.contrib.job.Job)
    assert signac.get_project(str(tmp_path)) == project
    with pytest.raises(signac.errors.DestinationExistsError):
        other = project.open_job({"constant": 42, "diff1": 1, "diff2": 1}).init()
        other.sp.diff1 = 0
