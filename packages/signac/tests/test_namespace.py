"""The documented signac 1.7 namespace: every name and path, same objects."""

import importlib
import pickle
import subprocess
import sys
from unittest import mock

import pytest

import signac
from signac import _paths

#: Paths and names whose implementing issue has not landed yet. Each must fail
#: with a clear ImportError now; remove entries as the issues land.
PENDING_PATHS = {
    "signac.sync",
    "signac.syncutil",
    "signac.db",
    "signac.testing",
    "signac.common.host",
    "signac.common.config",
    "signac.contrib.project",
    "signac.contrib.job",
    "signac.contrib.schema",
    "signac.contrib.linked_view",
    "signac.contrib.import_export",
    "signac.contrib.indexing",
    "signac.contrib.migration",
    "signac.contrib.filterparse",
    "signac.contrib.hashing",
    "signac.contrib.utility",
    "signac.core.jsondict",
    "signac.core.attrdict",
    "signac.core.synceddict",
    "signac.core.dict_manager",
    "signac.core.utility",
}
PENDING_NAMES = {
    name
    for name, reference in _paths.TOP_LEVEL.items()
    if reference.partition(":")[0].startswith("signac_core.")
    or reference in {"signac.sync", "signac.db"}
    or reference.partition(":")[2]
    in {
        "Project",
        "TemporaryProject",
        "get_project",
        "init_project",
        "get_job",
        "diff_jobs",
        "H5Store",
        "H5StoreManager",
        "Collection",
    }
}

LANDED_PATHS = sorted(set(_paths.documented_paths()) - PENDING_PATHS)
LANDED_NAMES = sorted(set(_paths.TOP_LEVEL) - PENDING_NAMES)


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


@pytest.mark.parametrize("path", LANDED_PATHS)
def test_landed_path_imports(path):
    module = importlib.import_module(path)
    assert sys.modules[path] is module


@pytest.mark.parametrize("path", sorted(PENDING_PATHS))
def test_pending_path_fails_clearly(path):
    assert path in _paths.documented_paths()
    with pytest.raises(ImportError, match="not available"):
        importlib.import_module(path)


@pytest.mark.parametrize("name", LANDED_NAMES)
def test_landed_top_level_name_resolves(name):
    value = getattr(signac, name)
    module, _, attribute = _paths.TOP_LEVEL[name].partition(":")
    expected = importlib.import_module(module)
    assert value is (getattr(expected, attribute) if attribute else expected)


@pytest.mark.parametrize("name", sorted(PENDING_NAMES))
def test_pending_top_level_name_fails_clearly(name):
    with pytest.raises(ImportError, match="not available"):
        getattr(signac, name)


@pytest.mark.parametrize("alias", sorted(set(_paths.ALIASES) - PENDING_PATHS))
def test_alias_is_the_same_module_object(alias):
    target = _paths.ALIASES[alias]
    aliased = importlib.import_module(alias)
    real = importlib.import_module(target)
    assert aliased is real
    assert real.__name__ == target
    assert real.__spec__.name == target  # the alias did not overwrite the real spec


def test_alias_covers_submodules():
    import signac.synced_collections.errors as aliased
    import synced_collections.errors

    assert aliased is synced_collections.errors
    assert signac.synced_collections.errors is synced_collections.errors
    assert aliased.KeyTypeError is signac.errors.KeyTypeError


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
