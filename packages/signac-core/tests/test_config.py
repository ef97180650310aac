import logging
import os

import pytest

import signac_core
from signac_core.config import Config, get_config, load_config, read_config_file
from signac_core.errors import ConfigError, IncompatibleSchemaVersion
from signac_core.warnings import SignacDeprecationWarning


def test_init_project_writes_signac_rc(tmp_path):
    root = tmp_path / "p"
    project = signac_core.init_project("my-project", root=str(root))
    assert project.id == "my-project"
    assert str(project) == "my-project"
    text = (root / "signac.rc").read_text()
    assert "project = my-project" in text
    assert "schema_version = 1" in text
    assert project.root_directory() == str(root)
    assert project.workspace() == str(root / "workspace")
    assert os.path.isdir(project.workspace())


def test_init_project_is_idempotent_and_detects_conflicts(tmp_path):
    root = str(tmp_path / "p")
    first = signac_core.init_project("name", root=root)
    again = signac_core.init_project("name", root=root)
    assert first == again
    with pytest.raises(RuntimeError):
        signac_core.init_project("other-name", root=root)
    with pytest.raises(RuntimeError):
        signac_core.init_project("name", root=root, workspace="elsewhere")
    assert signac_core.init_project("name", root=root, workspace="workspace") == first


def test_init_project_make_dir(tmp_path):
    with pytest.raises(OSError):
        signac_core.init_project("x", root=str(tmp_path / "missing"), make_dir=False)
    assert not (tmp_path / "missing").exists()


def test_init_project_in_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = signac_core.init_project("cwd-project")
    assert os.path.realpath(project.root_directory()) == os.path.realpath(tmp_path)


def test_get_project_searches_upward(tmp_path):
    project = signac_core.init_project("p", root=str(tmp_path))
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert signac_core.get_project(root=str(sub)) == project
    assert signac_core.get_project(root=str(tmp_path), search=False) == project
    with pytest.raises(LookupError):
        signac_core.get_project(root=str(sub), search=False)
    os.chdir(sub)
    assert signac_core.get_project() == project
    assert signac_core.Project.get_project() == project


def test_get_project_relative_path_without_search(tmp_path, monkeypatch):
    signac_core.init_project("p", root=str(tmp_path / "proj"))
    monkeypatch.chdir(tmp_path)
    assert signac_core.get_project("proj", search=False).id == "p"


def test_get_project_without_project_raises(tmp_path):
    with pytest.raises(LookupError):
        signac_core.get_project(root=str(tmp_path))


def test_dot_signacrc_is_accepted(tmp_path):
    (tmp_path / ".signacrc").write_text("project = dotted\n")
    assert signac_core.get_project(str(tmp_path)).id == "dotted"


def test_global_config_is_merged_but_not_a_project(tmp_path, _isolated_home):
    (_isolated_home / ".signacrc").write_text("[hosts]\n[[localhost]]\nurl = mongodb://localhost\n")
    project = signac_core.init_project("p", root=str(tmp_path / "p"))
    assert project.config["hosts"]["localhost"]["url"] == "mongodb://localhost"
    with pytest.raises(LookupError):
        signac_core.get_project(root=str(_isolated_home))


def test_workspace_dir_relative_absolute_and_environment(tmp_path, monkeypatch):
    root = tmp_path / "p"
    root.mkdir()
    (root / "signac.rc").write_text("project = p\nworkspace_dir = ws\n")
    assert signac_core.get_project(str(root)).workspace() == str(root / "ws")
    monkeypatch.setenv("SIGNAC_TEST_WS", str(tmp_path / "env-ws"))
    (root / "signac.rc").write_text("project = p\nworkspace_dir = $SIGNAC_TEST_WS/inner\n")
    project = signac_core.get_project(str(root))
    assert project.workspace() == str(tmp_path / "env-ws" / "inner")
    job = project.open_job({"a": 1}).init()
    assert job.workspace().startswith(str(tmp_path / "env-ws" / "inner"))


def test_init_project_with_workspace(tmp_path):
    project = signac_core.init_project("p", root=str(tmp_path / "p"), workspace="data")
    assert project.workspace() == str(tmp_path / "p" / "data")
    assert "workspace_dir = data" in (tmp_path / "p" / "signac.rc").read_text()


def test_schema_version(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    (root / "signac.rc").write_text("project = p\nschema_version = 2\n")
    with pytest.raises(IncompatibleSchemaVersion):
        signac_core.get_project(str(root))
    assert signac_core.get_project(str(root), ignore_schema_version=True).id == "p"
    (root / "signac.rc").write_text("project = p\nschema_version = 0\n")
    with pytest.raises(IncompatibleSchemaVersion):
        signac_core.get_project(str(root))
    (root / "signac.rc").write_text("project = p\n")  # signac < 1.3 wrote no version
    assert signac_core.get_project(str(root)).id == "p"


def test_config_with_special_characters(tmp_path):
    project = signac_core.init_project("a, b: c = d", root=str(tmp_path / "p"))
    assert signac_core.get_project(str(tmp_path / "p")).id == "a, b: c = d"
    assert project.id == "a, b: c = d"


def test_in_memory_config_modification_is_deprecated(project):
    with pytest.warns(SignacDeprecationWarning):
        project.config["foo"] = "bar"


def test_config_api(tmp_path):
    fn = tmp_path / "signac.rc"
    fn.write_text("project = x\n")
    config = read_config_file(str(fn))
    assert isinstance(config, Config)
    assert config["project"] == "x"
    assert config.verify() in (True, config.verify())
    empty = get_config()
    assert isinstance(empty, Config)
    loaded = load_config(str(tmp_path))
    assert loaded["project"] == "x"
    assert loaded["project_dir"] == str(tmp_path)
    assert load_config(str(tmp_path / "nope"), local=True).get("project") is None


def test_broken_config_file_raises_config_error(tmp_path):
    fn = tmp_path / "signac.rc"
    fn.write_text("project = x\n[broken\n")
    with pytest.raises(ConfigError):
        read_config_file(str(fn))


def test_project_from_explicit_config(tmp_path):
    signac_core.init_project("explicit", root=str(tmp_path / "p"))
    config = load_config(str(tmp_path / "p"))
    project = signac_core.Project(config=config)
    assert project.id == "explicit"
    assert project.root_directory() == str(tmp_path / "p")
    with pytest.raises(LookupError):
        signac_core.Project(config=get_config())
    os.chdir(tmp_path / "p")
    assert signac_core.Project().id == "explicit"


def test_absolute_workspace(tmp_path):
    ws = str(tmp_path / "elsewhere" / "ws")
    project = signac_core.init_project("abs", root=str(tmp_path / "p"), workspace=ws)
    assert project.workspace() == ws
    assert os.path.isdir(ws)
    job = project.open_job({"a": 1}).init()
    assert job.ws.startswith(ws)
    assert signac_core.init_project("abs", root=str(tmp_path / "p"), workspace=ws) == project
    with pytest.raises(LookupError):
        signac_core.get_job(job.ws)  # the project is not above its workspace
    os.chdir(project.root_directory())
    assert signac_core.get_job(job.ws) == job
    os.chdir(job.ws)
    with pytest.raises(LookupError):
        signac_core.get_job()


def test_read_missing_config_file_gives_validated_defaults(tmp_path):
    config = read_config_file(str(tmp_path / "missing.rc"))
    assert isinstance(config, Config)
    assert config["workspace_dir"] == "workspace"
    assert config["schema_version"] == "1"
    assert config["General"] == {"default_host": None}
    assert config["hosts"] == {}
    assert "project" not in config
    assert not (tmp_path / "missing.rc").exists()


def test_get_config_write_and_verify(tmp_path):
    fn = tmp_path / "my.rc"
    config = get_config(str(fn))
    config["project"] = "written"
    config["hosts"] = {"h": {"url": "mongodb://example"}}
    config.write()
    assert "project = written" in fn.read_text()
    again = get_config(str(fn))
    result = again.verify()
    assert result["project"] is True
    assert result["hosts"] is False  # username and password are required by the configspec
    assert again["hosts"]["h"]["auth_mechanism"] == "none"  # a default of the configspec
    assert get_config(["project = p"]).verify() is True
    assert get_config(["project = lines"])["project"] == "lines"


def test_fn_config_is_the_expanded_global_file():
    from signac_core.config import FN_CONFIG

    assert not FN_CONFIG.startswith("~")
    assert FN_CONFIG.endswith(os.sep + ".signacrc")
    assert os.path.isabs(FN_CONFIG)


def test_search_tree_and_standard_dirs(tmp_path, _isolated_home, monkeypatch):
    from signac_core.config import search_standard_dirs, search_tree

    (tmp_path / "signac.rc").write_text("project = outer\n")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (inner / ".signacrc").write_text("project = inner\n")
    (tmp_path / "a" / "signac.rc").write_text("workspace_dir = w\n")
    found = list(search_tree(str(inner)))
    expected = [
        str(inner / ".signacrc"),
        str(tmp_path / "a" / "signac.rc"),
        str(tmp_path / "signac.rc"),
    ]
    assert found[:3] == expected
    monkeypatch.chdir(inner)
    assert list(search_tree())[:3] == expected  # from the current directory
    assert list(search_standard_dirs()) == []
    (_isolated_home / ".signacrc").write_text("[General]\n")
    assert list(search_standard_dirs()) == [str(_isolated_home / ".signacrc")]


def test_debug_records_use_1_7_logger_names(tmp_path, caplog):
    # golden cli.json, cli-204: `signac --debug ...` shows these records under 1.7's names.
    root = tmp_path / "p"
    signac_core.init_project("p", root=str(root))
    with caplog.at_level(logging.DEBUG):
        signac_core.get_project(str(root))
    records = [(r.name, r.getMessage()) for r in caplog.records]
    assert ("signac.common.config", f"Reading config file '{root / 'signac.rc'}'.") in records
    assert ("signac.contrib.project", "The project's schema version 1 is supported.") in records
    assert not [name for name, _ in records if name.startswith("signac_core")]
