"""The documented signac 1.7 namespace: every name and path, same objects."""

import importlib
import importlib.util
import pickle
import subprocess
import sys
from pathlib import Path
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
    if module_name.startswith("signac."):  # a documented path: its own sources
        sources = [_source_exists(source) for source in _path_sources(module_name)]
        return any(sources) if module_name in _paths.GATHERED else all(sources)
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


def _object(reference: str) -> object:
    module_name, _, attribute = reference.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def _file_of(path: str) -> str:
    relative = path.replace(".", "/")
    return f"{relative}/__init__.py" if path in {"signac.contrib"} else f"{relative}.py"


def _import_line(name: str, reference: str) -> str:
    module_name, _, attribute = reference.partition(":")
    if not attribute:
        parent, _, child = module_name.rpartition(".")
        return f"from {parent} import {child} as {child}"
    return f"from {module_name} import {attribute} as {name}"


ALL_PATHS = _paths.documented_paths()


def test_required_paths_and_names_are_documented():
    assert REQUIRED_PATHS <= set(ALL_PATHS)
    assert REQUIRED_NAMES <= set(_paths.TOP_LEVEL)


@pytest.mark.parametrize("path", [p for p in ALL_PATHS if p not in _paths.GATHERED])
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


@pytest.mark.parametrize("path", sorted(_paths.GATHERED))
def test_gathered_path_has_exactly_the_17_names_that_exist(path):
    """Each 1.7 name is there (the very object) exactly when its implementation exists."""
    names = _paths.GATHERED[path]
    available = [name for name, ref in names.items() if _source_exists(ref)]
    if not available:  # nothing built yet: importing the path names what is missing
        assert path not in REQUIRED_PATHS, f"{path} must have landed"
        missing = sorted({ref.partition(":")[0] for ref in names.values()})
        with pytest.raises(ImportError) as info:
            importlib.import_module(path)
        assert any(module in str(info.value) for module in missing), str(info.value)
        return
    module = importlib.import_module(path)
    for name, reference in names.items():
        if name in available:
            assert hasattr(module, name), (
                f"{reference} exists now: add `{_import_line(name, reference)}` "
                f"to packages/signac/src/{_file_of(path)}"
            )
            assert getattr(module, name) is _object(reference)
        else:
            assert not hasattr(module, name)
    lacking = [name for name in available if name not in module.__all__]
    assert not lacking, (
        "add "
        + "; ".join(f"`{_import_line(n, names[n])}`" for n in lacking)
        + f" to packages/signac/src/{_file_of(path)}"
    )
    assert module.__all__ == available  # 1.7's order, only what exists
    public = {n for n in dir(module) if not n.startswith("__")} - {"_finish"}
    children = {p.rpartition(".")[2] for p in ALL_PATHS if p.startswith(path + ".")}
    assert public - children == set(available) - children


def test_contrib_has_the_names_of_17():
    expected = [
        "indexing", "Project", "TemporaryProject", "get_project", "init_project", "get_job",
        "BaseCrawler", "RegexFileCrawler", "JSONCrawler", "SignacProjectCrawler",
        "MasterCrawler", "MainCrawler", "fetch", "export_one", "export", "export_to_mirror",
        "export_pymongo", "index_files", "index", "Collection",
    ]  # fmt: skip
    assert list(_paths.GATHERED["signac.contrib"]) == expected
    import signac_collection
    import signac_core

    for name in ("Project", "TemporaryProject", "get_project", "init_project", "get_job"):
        assert getattr(signac.contrib, name) is getattr(signac_core, name)
    assert signac.contrib.Collection is signac_collection.Collection


def test_a_subclass_of_contrib_project_at_import_time():
    """The workflow package built on signac 1.7 subclasses ``signac.contrib.Project``."""

    class FlowProject(signac.contrib.Project):
        pass

    assert issubclass(FlowProject, signac.Project)


@pytest.mark.parametrize("name", sorted(_paths.TOP_LEVEL))
def test_top_level_name_is_the_source_object(name):
    reference = _paths.TOP_LEVEL[name]
    if _source_exists(reference):
        value = getattr(signac, name)
        assert value is _object(reference)
    else:
        assert name not in REQUIRED_NAMES, f"signac.{name} must have landed"
        assert not hasattr(signac, name)
        with pytest.raises(AttributeError, match="not available"):
            getattr(signac, name)
        with pytest.raises(ImportError):
            exec(f"from signac import {name}", {})


def test_all_is_17s_all_less_what_does_not_exist():
    documented = {
        "Project", "TemporaryProject", "get_project", "init_project", "get_job", "diff_jobs",
        "get_database", "fetch", "export_one", "export", "export_to_mirror", "export_pymongo",
        "index_files", "index", "RegexFileCrawler", "MainCrawler", "MasterCrawler",
        "SignacProjectCrawler", "JSONDict", "H5Store", "H5StoreManager", "Collection",
        "buffered", "is_buffered", "flush", "get_buffer_size", "get_buffer_load",
        "set_buffer_size", "cite", "sync", "errors", "warnings", "db", "contrib",
        "__version__",
    }  # fmt: skip
    assert set(_paths.TOP_LEVEL_ALL) == documented
    expected = [
        name
        for name in _paths.TOP_LEVEL_ALL
        if name == "__version__" or _source_exists(_paths.TOP_LEVEL[name])
    ]
    assert signac.__all__ == expected
    assert REQUIRED_NAMES & documented <= set(signac.__all__)


def test_type_checkers_see_every_top_level_name_that_exists():
    """The TYPE_CHECKING imports of signac/__init__.py agree with _paths.TOP_LEVEL."""
    import ast

    tree = ast.parse(Path(signac.__file__).read_text())
    (block,) = [
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    ]
    seen = {}
    for node in block.body:
        for alias in node.names:
            assert alias.asname == alias.name.rpartition(".")[2], ast.unparse(node)
            if isinstance(node, ast.ImportFrom):
                module = "signac" if node.level else node.module
                seen[alias.asname] = (
                    f"{module}.{alias.name}" if node.level else f"{module}:{alias.name}"
                )
            else:
                seen[alias.asname] = alias.name
    expected = {n: ref for n, ref in _paths.TOP_LEVEL.items() if _source_exists(ref)}
    for name, reference in expected.items():
        assert name in seen, (
            f"add `{_import_line(name, reference)}` under TYPE_CHECKING in signac/__init__.py"
        )
        assert _object(seen[name]) is _object(reference)
    assert set(seen) == set(expected)


def test_version_is_the_api_version():
    assert signac.__version__.startswith("1.7.")


def test_alias_covers_submodules():
    import synced_collections.errors

    import signac.synced_collections.errors as aliased

    assert aliased is synced_collections.errors
    assert signac.synced_collections.errors is synced_collections.errors
    assert aliased.KeyTypeError is signac.errors.KeyTypeError


def test_longest_alias_wins():
    import synced_collections.buffers.memory_buffered_collection as real

    import signac.synced_collections.buffered.memory_buffered_collection as aliased

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
    import signac_core

    import signac.contrib.job
    import signac.contrib.project

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


@pytest.mark.parametrize("path", sorted({*_paths.ALIASES, *_paths.ALIASED_SUBMODULES}))
def test_every_alias_has_a_type_stub_of_its_target(path):
    """Type checkers see an alias through a stub ``from <target> import *``."""
    root = Path(signac.__file__).parent
    parts = path.split(".")[1:]
    candidates = [
        root.joinpath(*parts[:-1], parts[-1] + ".pyi"),
        root.joinpath(*parts, "__init__.pyi"),
    ]
    (stub,) = [c for c in candidates if c.exists()]
    assert f"from {_paths.alias_target(path)} import *  # noqa: F403" in stub.read_text()
    assert not stub.with_suffix(".py").exists()  # the hook serves it at run time


def test_signac_testing_is_reachable_after_import_signac():
    """signac 1.7: ``import signac`` alone makes ``signac.testing`` an attribute."""
    import signac_core.testing

    assert hasattr(signac, "testing")
    assert signac.testing is signac_core.testing
    assert callable(signac.testing.init_jobs)
