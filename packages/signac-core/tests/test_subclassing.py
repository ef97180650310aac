"""A ``Project`` subclass as the workflow manager built on signac 1.7 writes it (issue 13, item 1).

It has its own metaclass and an ``__init__(self, config=None, ...)`` that
calls ``super().__init__(config=config)``; the classmethods ``get_project`` and
``init_project`` return the subclass.
"""

import io
import pickle
from collections.abc import Mapping

import pytest

import signac_core
from signac_core.config import Config, _ProjectConfig
from signac_core.filters import parse_filter_arg


class _ProjectClass(type):
    """A metaclass that registers operations defined on the class, like a workflow manager's."""

    def __new__(metacls, name, bases, namespace, **kwargs):
        cls = super().__new__(metacls, name, bases, dict(namespace), **kwargs)
        cls._OPERATIONS = [key for key, value in namespace.items() if getattr(value, "_op", False)]
        return cls


def operation(func):
    func._op = True
    return func


class FlowLikeProject(signac_core.Project, metaclass=_ProjectClass):
    def __init__(self, config=None, environment=None, entrypoint=None):
        super().__init__(config=config)
        self._environment = environment or "local"
        self._entrypoint = entrypoint or {}
        self.labels_seen = []

    @operation
    def compute(self, job):
        job.doc.result = job.sp.a**2

    def label(self, job):
        self.labels_seen.append(job.id)
        return "done" if "result" in job.doc else "todo"


def test_metaclass_is_kept():
    assert type(FlowLikeProject) is _ProjectClass
    assert FlowLikeProject._OPERATIONS == ["compute"]
    assert issubclass(FlowLikeProject, signac_core.Project)


def test_init_and_get_project_return_the_subclass(tmp_path):
    root = str(tmp_path / "flow")
    project = FlowLikeProject.init_project("flow-test", root=root)
    assert type(project) is FlowLikeProject
    assert project._environment == "local"
    again = FlowLikeProject.get_project(root=root, search=False)
    assert type(again) is FlowLikeProject
    assert again == project
    sub = tmp_path / "flow" / "workspace"
    assert type(FlowLikeProject.get_project(root=str(sub), search=True)) is FlowLikeProject
    with pytest.raises(LookupError):
        FlowLikeProject.get_project(root=str(sub), search=False)
    assert type(FlowLikeProject.init_project("flow-test", root=root)) is FlowLikeProject
    assert type(pickle.loads(pickle.dumps(project))) is FlowLikeProject


def test_config_is_a_project_config(tmp_path):
    project = FlowLikeProject.init_project("flow-test", root=str(tmp_path / "flow"))
    assert isinstance(project.config, _ProjectConfig)
    assert isinstance(project.config, Config)
    assert isinstance(project.config, Mapping)
    assert project.config["project"] == "flow-test"
    assert project.config["workspace_dir"] == "workspace"
    assert project.config.get("schema_version") == "1"
    assert type(signac_core.get_project(str(tmp_path / "flow")).config) is _ProjectConfig


def test_explicit_config_argument(tmp_path):
    from signac_core.config import load_config

    root = str(tmp_path / "flow")
    FlowLikeProject.init_project("flow-test", root=root)
    project = FlowLikeProject(config=load_config(root), environment="cluster")
    assert project._environment == "cluster"
    assert project.root_directory() == root


def test_jobs_find_jobs_and_parse_filter_arg_through_the_subclass(tmp_path):
    project = FlowLikeProject.init_project("flow-test", root=str(tmp_path / "flow"))
    for a in range(6):
        project.open_job({"a": a, "group": {"even": a % 2 == 0}}).init()
    assert len(project) == 6
    for job in project.find_jobs(parse_filter_arg(["group.even", "true"], file=io.StringIO())):
        project.compute(job)
    assert sorted(project.label(job) for job in project) == ["done"] * 3 + ["todo"] * 3
    note = io.StringIO()
    done = project.find_jobs(parse_filter_arg(["doc.result", '{"$gte": 4}'], file=note))
    assert sorted(job.sp.a for job in done) == [2, 4]
    assert note.getvalue() == 'Interpreted filter arguments as \'{"doc.result": {"$gte": 4}}\'.\n'
    assert len(project.find_jobs(parse_filter_arg(['{"a": {"$lt": 2}}']))) == 2
    assert list(project.find_jobs(parse_filter_arg(None))) == list(project)
    job = project.open_job({"a": 1, "group": {"even": False}})
    assert job in project
    assert job.project is project or job.project == project
    with project.temporary_project() as tmp:
        assert type(tmp) is FlowLikeProject


def test_project_config_is_project_over_global(tmp_path, _isolated_home):
    (_isolated_home / ".signacrc").write_text(
        "[General]\ndefault_host = global-host\n[hosts]\n[[global-host]]\nurl = mongodb://g\n"
    )
    root = tmp_path / "flow"
    FlowLikeProject.init_project("flow-test", root=str(root))
    with open(root / "signac.rc", "a") as file:
        file.write("[General]\ndefault_host = project-host\n")
    project = FlowLikeProject.get_project(root=str(root))
    assert isinstance(project.config, _ProjectConfig)
    assert project.config["General"]["default_host"] == "project-host"
    assert project.config["hosts"]["global-host"]["url"] == "mongodb://g"
