"""Conformance with the signac 1.7 API reference (sections 1.3.1-1.3.3, 1.3.5, 1.3.8).

Each documented signature is asserted with :mod:`inspect`, and each documented
example is run in a temporary project, so a regression is caught. Behaviour
already covered in depth elsewhere (errors, find, groupby, schema, ...) is only
touched here where the reference shows an example or output.
"""

import copy
import inspect
import os
import pprint
import warnings

import pytest

import signac_core
from signac_core import Job, JobsCursor, Project
from signac_core.jsondict import JSONDict
from signac_core.warnings import SignacDeprecationWarning

_EMPTY = inspect.Parameter.empty


def _params(func):
    """Render a signature as in the reference: ``a, b=None, *args, **kwargs``."""
    out = []
    for name, param in inspect.signature(func).parameters.items():
        if name == "self":
            continue
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            out.append(f"*{name}")
        elif param.kind is inspect.Parameter.VAR_KEYWORD:
            out.append(f"**{name}")
        elif param.default is _EMPTY:
            out.append(name)
        else:
            out.append(f"{name}={param.default!r}")
    return out


def _assert_signature(func, documented):
    """The documented parameters come first, in order; extras are private with defaults."""
    actual = _params(func)
    expected = [p.strip() for p in documented.split(",") if p.strip()]
    assert actual[: len(expected)] == expected, (func, actual)
    for extra in actual[len(expected) :]:
        assert extra.startswith("_") and "=" in extra, (func, extra)


# -- 1.3.1 The Project --------------------------------------------------------------
PROJECT_METHODS = {
    "build_job_search_index": "index, _trust=False",
    "build_job_statepoint_index": "exclude_const=False, index=None",
    "check": "",
    "detect_schema": "exclude_const=False, subset=None, index=None",
    "dump_statepoints": "statepoints",
    "find_job_ids": "filter=None, doc_filter=None, index=None",
    "find_jobs": "filter=None, doc_filter=None",
    "fn": "filename",
    "get_id": "",
    "get_job": "root=None",
    "get_project": "root=None, search=True, **kwargs",
    "get_statepoint": "jobid, fn=None",
    "groupby": "key=None, default=None",
    "groupbydoc": "key=None, default=None",
    "init_project": "name, root=None, workspace=None, make_dir=True",
    "isfile": "filename",
    "min_len_unique_id": "",
    "num_jobs": "",
    "open_job": "statepoint=None, id=None",
    "read_statepoints": "fn=None",
    "repair": "fn_statepoints=None, index=None, job_ids=None",
    "reset_statepoint": "job, new_statepoint",
    "root_directory": "",
    "temporary_project": "name=None, dir=None",
    "to_dataframe": "*args, **kwargs",
    "update_cache": "",
    "update_statepoint": "job, update, overwrite=False",
    "workspace": "",
    "write_statepoints": "statepoints=None, fn=None, indent=2",
}

JOBSCURSOR_METHODS = {
    "export_to": "target, path=None, copytree=None",
    "groupby": "key=None, default=None",
    "groupbydoc": "key=None, default=None",
    "next": "",
    "to_dataframe": "sp_prefix='sp.', doc_prefix='doc.', usecols=None, flatten=False",
}

JOB_METHODS = {
    "clear": "",
    "close": "",
    "fn": "filename",
    "get_id": "",
    "init": "force=False",
    "isfile": "filename",
    "move": "project",
    "open": "",
    "remove": "",
    "reset": "",
    "reset_statepoint": "new_statepoint",
    "update_statepoint": "update, overwrite=False",
    "workspace": "",
}

TOP_LEVEL = {
    "TemporaryProject": "name=None, cls=None, **kwargs",
    "get_project": "root=None, search=True, **kwargs",
    "init_project": "name, root=None, workspace=None, make_dir=True",
    "get_job": "root=None",
    "diff_jobs": "*jobs",
}


@pytest.mark.parametrize(
    ("owner", "name", "documented"),
    [(Project, n, d) for n, d in PROJECT_METHODS.items()]
    + [(JobsCursor, n, d) for n, d in JOBSCURSOR_METHODS.items()]
    + [(Job, n, d) for n, d in JOB_METHODS.items()]
    + [(signac_core, n, d) for n, d in TOP_LEVEL.items()],
)
def test_documented_signatures(owner, name, documented):
    _assert_signature(getattr(owner, name), documented)


@pytest.mark.parametrize(
    ("cls", "documented"),
    [
        (Project, "config=None, ignore_schema_version=False"),
        (JobsCursor, "project, filter=None, doc_filter=None"),
        (Job, "project, statepoint=None, _id=None"),
    ],
)
def test_documented_constructors(cls, documented):
    _assert_signature(cls, documented)


def test_classmethods_and_properties():
    for name in ("get_job", "get_project", "init_project"):
        assert isinstance(inspect.getattr_static(Project, name), classmethod), name
    for name in ("config", "data", "doc", "document", "id", "stores"):
        assert isinstance(inspect.getattr_static(Project, name), property), name
    for name in ("data", "doc", "document", "id", "sp", "statepoint", "stores", "ws"):
        assert isinstance(inspect.getattr_static(Job, name), property), name


def test_documented_constants():
    assert Project.FN_DOCUMENT == "signac_project_document.json"
    assert Project.FN_STATEPOINTS == "signac_statepoints.json"
    assert Project.KEY_DATA == "signac_data"
    # The reference prints 'signac_sp_cache.json.gz'; on disk (and in signac
    # 1.x's code) the file is hidden: on-disk-format.md is authoritative.
    assert Project.FN_CACHE == ".signac_sp_cache.json.gz"
    assert Job.FN_DOCUMENT == "signac_job_document.json"
    assert Job.FN_MANIFEST == "signac_statepoint.json"
    assert Job.KEY_DATA == "signac_data"


def test_public_objects_have_docstrings():
    for owner, names in (
        (Project, PROJECT_METHODS),
        (JobsCursor, JOBSCURSOR_METHODS),
        (Job, JOB_METHODS),
        (signac_core, TOP_LEVEL),
    ):
        for name in names:
            doc = inspect.getdoc(getattr(owner, name))
            assert doc and len(doc) > 20, (owner, name)


# -- examples from the reference ------------------------------------------------------
def test_build_job_statepoint_index_example(project):
    for i in range(4):
        project.open_job({"a": i, "b": {"c": i % 2}}).init()
    with pytest.warns(SignacDeprecationWarning):
        index = list(project.build_job_statepoint_index())
    assert [key for key, _ in index] == [("b", "c"), ("a",)]
    assert index[0][1] == {
        0: {"3a530c13bfaf57517b4e81ecab6aec7f", "4e9a45a922eae6bb5d144b36d82526e4"},
        1: {"d49c6609da84251ab096654971115d0c", "5c2658722218d48a5eb1e0ef7c26240b"},
    }
    assert index[1][1] == {
        0: {"4e9a45a922eae6bb5d144b36d82526e4"},
        1: {"d49c6609da84251ab096654971115d0c"},
        2: {"3a530c13bfaf57517b4e81ecab6aec7f"},
        3: {"5c2658722218d48a5eb1e0ef7c26240b"},
    }
    assert pprint.pformat(index[1][1]).startswith("defaultdict(<class 'set'>,")


def test_detect_schema_example(project):
    for foo in range(10):
        project.open_job({"foo": foo}).init()
    assert str(project.detect_schema()) == "{\n 'foo': 'int([0, 1, 2, ..., 8, 9], 10)',\n}"
    assert project.detect_schema().format(depth=1) == "{'foo': 'int([0, 1, 2, ..., 8, 9], 10)'}"
    # A subset of jobs or ids, also as an iterator (fixed in 1.0.0).
    subset = iter(project.find_jobs({"foo": {"$lt": 3}}))
    assert str(project.detect_schema(subset=subset)) == "{\n 'foo': 'int([0, 1, 2], 3)',\n}"
    ids = (job.id for job in project.find_jobs({"foo": 4}))
    assert str(project.detect_schema(exclude_const=True, subset=ids)) == "{\n}"


def test_dump_statepoints_equivalence(project):
    statepoints = [{"a": i} for i in range(3)]
    assert project.dump_statepoints(statepoints) == {
        project.open_job(sp).id: sp for sp in statepoints
    }


@pytest.fixture
def grouped(project):
    """Jobs for the groupby examples: sp a, b, c, d and doc a, b, c, count, (d)."""
    for a in range(2):
        for b in range(2):
            for c in range(2):
                job = project.open_job({"a": a, "b": b, "c": c, "d": a + b}).init()
                job.doc.update(a=10 * a, b=b, c=c, count=c + 1)
                if a:
                    job.doc.d = True
    return project


def _sizes(groups):
    return [(key, len(list(group))) for key, group in groups]


def test_groupby_examples(grouped):
    project = grouped
    # Group jobs by state point parameter 'a'.
    assert _sizes(project.groupby("a")) == [(0, 4), (1, 4)]
    # Group jobs by document value 'a'.
    assert _sizes(project.groupby("doc.a")) == [(0, 4), (10, 4)]
    # The reference's "project.groupby('a', 'doc.b')" passes 'doc.b' as the
    # *default* (the second parameter), as in signac 1.7: it groups by 'a'.
    assert _sizes(project.groupby("a", "doc.b")) == [(0, 4), (1, 4)]
    # Grouping by state point 'a' and document 'b' takes an iterable.
    assert _sizes(project.groupby(("a", "doc.b"))) == [((a, b), 2) for a in (0, 1) for b in (0, 1)]
    # Find jobs where job.sp['a'] is 1 and group them by job.sp['b'] and job.sp['c'].
    assert _sizes(project.find_jobs({"a": 1}).groupby(("b", "c"))) == [
        ((b, c), 1) for b in (0, 1) for c in (0, 1)
    ]
    # Group by job.sp['d'] and job.document['count'] using a lambda.
    groups = project.groupby(lambda job: (job.sp["d"], job.document["count"]))
    assert _sizes(groups) == [
        ((0, 1), 1),
        ((0, 2), 1),
        ((1, 1), 2),
        ((1, 2), 2),
        ((2, 1), 1),
        ((2, 2), 1),
    ]
    # If key is None, jobs are grouped by id, placing one job into each group.
    by_id = [(key, list(group)) for key, group in project.groupby()]
    assert [key for key, _ in by_id] == sorted(job.id for job in project)
    assert all([job.id for job in group] == [key] for key, group in by_id)


def test_groupbydoc_examples(grouped):
    project = grouped
    with pytest.warns(SignacDeprecationWarning):
        # Group jobs by document value 'a'.
        assert _sizes(project.groupbydoc("a")) == [(0, 4), (10, 4)]
    with pytest.warns(SignacDeprecationWarning):
        # Find jobs where job.sp['a'] is 1 and group them by job.document['b'] and ['c'].
        groups = project.find_jobs({"a": 1}).groupbydoc(("b", "c"))
    assert _sizes(groups) == [((b, c), 1) for b in (0, 1) for c in (0, 1)]
    with pytest.warns(SignacDeprecationWarning):
        # Group by whether 'd' is a field in the job.document using a lambda.
        assert _sizes(project.groupbydoc(lambda doc: "d" in doc)) == [(False, 4), (True, 4)]
    with pytest.warns(SignacDeprecationWarning):
        assert len(list(project.groupbydoc())) == 8


def test_init_project_example_in_cwd(tmp_path):
    os.chdir(tmp_path)
    project = signac_core.init_project("project_name")
    assert project.root_directory() == str(tmp_path)
    assert project.workspace() == os.path.join(str(tmp_path), "workspace")
    assert os.path.isdir(project.workspace())  # created with the project (1.4.0)
    assert signac_core.init_project("project_name") == project  # safe to repeat
    with pytest.raises(RuntimeError):
        signac_core.init_project("other_name")
    with pytest.raises(RuntimeError):
        signac_core.init_project("project_name", workspace="elsewhere")
    # Project() and get_project() search upward from the working directory.
    os.makedirs("sub/dir")
    os.chdir("sub/dir")
    assert Project() == project
    assert signac_core.get_project() == project
    with pytest.raises(LookupError):
        signac_core.get_project(search=False)
    # A relative root with search=False (fixed in 1.1.0).
    os.chdir(tmp_path.parent)
    assert signac_core.get_project(tmp_path.name, search=False) == project


def test_get_job_example(project):
    job = project.open_job({"a": 1}).init()
    os.chdir(job.workspace())
    found = signac_core.get_job()
    assert found == job
    assert isinstance(found, Job)
    assert "Job(project=" in repr(found) and "statepoint={'a': 1}" in repr(found)
    os.makedirs("deeper")
    assert signac_core.get_job("deeper") == job
    assert Project.get_job(job.workspace()) == job
    os.chdir(project.root_directory())
    with pytest.raises(LookupError):
        signac_core.get_job()


def test_temporary_project_examples(project):
    with signac_core.TemporaryProject() as tmp_project:
        assert isinstance(tmp_project, Project)
        root = tmp_project.root_directory()
    assert not os.path.exists(root)
    with project.temporary_project() as tmp_project:
        assert os.path.dirname(tmp_project.root_directory()) == project.workspace()


def test_stores_example(project):
    np = pytest.importorskip("numpy")
    pytest.importorskip("signac_h5store")
    array = np.random.random((32, 4))
    from signac_h5store import H5Store

    project.stores["my_data"]["array"] = array
    with H5Store(project.fn("my_data.h5"), mode="r") as store:
        assert (store["array"][()] == array).all()
    project.stores.my_data.array = 2 * array
    with project.stores.my_data as store:
        assert (store.array[()] == 2 * array).all()
    job = project.open_job({"a": 1})
    job.stores.my_data.array = array
    assert job.isfile("my_data.h5")
    assert job.stores["my_data"] is not None
    assert job.data is not None and project.data is not None


def test_job_context_manager_example(project):
    cwd = os.getcwd()
    with project.open_job({"a": 1}) as job:
        assert os.path.realpath(os.getcwd()) == os.path.realpath(job.workspace())
        assert job in project
    assert os.getcwd() == cwd


# -- documented return values and errors -----------------------------------------------
def test_open_job_errors(project):
    project.open_job({"a": 0, "b": {"c": 0}}).init()  # 4e9a45a9...
    project.open_job({"a": 2, "b": {"c": 0}}).init()  # 3a530c13...
    project.open_job({"a": 3, "b": {"c": 1}}).init()  # 5c265872...
    with pytest.raises(KeyError):
        project.open_job(id="0123456789abcdef0123456789abcdef")
    with pytest.raises(LookupError) as info:
        project.open_job(id="")  # ambiguous: more than one match
    assert not isinstance(info.value, KeyError)
    assert project.open_job(id="4e").id == "4e9a45a922eae6bb5d144b36d82526e4"
    assert project.min_len_unique_id() == 1


def test_find_jobs_errors(project):
    with pytest.raises(TypeError):
        project.find_jobs({"a": object()})
    with pytest.raises(ValueError):
        project.find_jobs({"a": {"$unknown-operator": 1}})


def test_find_jobs_namespaced_filters(grouped):
    assert isinstance(grouped.find_jobs(), JobsCursor)
    assert len(grouped.find_jobs({"sp.a": 1})) == len(grouped.find_jobs({"a": 1})) == 4
    assert len(grouped.find_jobs({"doc.a": 10})) == 4
    assert len(grouped.find_jobs({"a": 1, "doc.c": 0})) == 2
    with pytest.warns(DeprecationWarning):
        assert len(grouped.find_jobs({"a": 1}, doc_filter={"c": 0})) == 2
    # Whole numbers match regardless of int or float (fixed in 1.1.0).
    job = grouped.open_job({"x": 1.0}).init()
    assert list(grouped.find_jobs({"x": 1})) == [job]


def test_update_statepoint_errors(project):
    job = project.open_job({"a": 1}).init()
    other = project.open_job({"a": 1, "b": 2}).init()
    with pytest.raises(KeyError):
        job.update_statepoint({"a": 2})
    with pytest.raises(signac_core.errors.DestinationExistsError):
        job.update_statepoint({"b": 2})
    job.update_statepoint({"a": 1})  # same value: not a change
    job.update_statepoint({"a": 3}, overwrite=True)
    assert job.sp() == {"a": 3}
    with pytest.raises(signac_core.errors.DestinationExistsError):
        job.reset_statepoint(other.sp())


def test_check_and_repair(project):
    job = project.open_job({"a": 1}).init()
    project.check()
    os.remove(job.fn(Job.FN_MANIFEST))
    with pytest.raises(signac_core.errors.JobsCorruptedError) as info:
        project.check()
    assert info.value.job_ids == [job.id]
    project.repair()  # the state point is still known (in-memory cache)
    project.check()
    fresh = signac_core.get_project(project.root_directory())
    os.remove(job.fn(Job.FN_MANIFEST))
    with pytest.raises(signac_core.errors.JobsCorruptedError):
        fresh.repair()


def test_job_document_and_statepoint_copies(project):
    job = project.open_job({"a": 1, "b": {"c": 2}}).init()
    assert job.statepoint() == job.sp() == {"a": 1, "b": {"c": 2}}
    assert type(job.sp()) is dict and job.sp.b.c == 2 and job.sp.get("x", 3) == 3
    job.doc.foo = {"bar": 1}
    assert job.document() == {"foo": {"bar": 1}} and type(job.doc()) is dict
    # Even deep copies of the document modify the same file.
    deep = copy.deepcopy(job.doc)
    deep["x"] = 1
    assert job.doc() == {"foo": {"bar": 1}, "x": 1}
    del job.doc.x  # attribute deletion (1.0.0)
    assert "x" not in job.doc
    assert isinstance(job.doc, JSONDict) and isinstance(project.doc, JSONDict)


def test_job_life_cycle(project):
    job = project.open_job({"a": 1})
    job.clear()  # does nothing before init
    assert job not in project
    job.reset()  # initializes
    assert job in project
    with open(job.fn("file.txt"), "w") as file:
        file.write("data")
    job.doc.x = 1
    assert job.isfile("file.txt")
    job.clear()
    assert not job.isfile("file.txt") and job.doc() == {} and job in project
    job.remove()
    job.remove()  # does nothing the second time
    assert job not in project
    job.init()  # a removed job can be used again (0.7.0)
    assert job in project
    assert job.ws == job.workspace() == os.path.join(project.workspace(), job.id)
    # Like signac 1.x's Job, a handle is not callable (callable(job) is used
    # to tell jobs from key functions).
    assert not callable(job)


def test_repeated_statepoint_resets_update_the_handle(project):
    job = project.open_job({"a": 0}).init()
    for value in (1, 2):
        job.sp.a = value
    job.reset_statepoint({"a": 3})
    job.statepoint = {"a": 4}
    assert job.sp() == {"a": 4}
    assert job.id == project.open_job({"a": 4}).id
    assert job in project and len(project) == 1


def test_cursor_len_contains(grouped):
    cursor = grouped.find_jobs({"a": 1})
    assert len(cursor) == 4
    inside = grouped.open_job({"a": 1, "b": 0, "c": 0, "d": 1})
    outside = grouped.open_job({"a": 0, "b": 0, "c": 0, "d": 0})
    assert inside in cursor and inside.id in cursor
    assert outside not in cursor and outside in grouped.find_jobs()
    with pytest.warns(SignacDeprecationWarning):
        assert cursor.next() in cursor


def test_to_dataframe_documented_arguments(grouped):
    pytest.importorskip("pandas")
    frame = grouped.to_dataframe()
    assert sorted(frame.index) == sorted(job.id for job in grouped)
    assert {"sp.a", "doc.count"} <= set(frame.columns)
    frame = grouped.find_jobs({"a": 1}).to_dataframe(usecols=["sp.a", "doc.count"])
    assert list(frame.columns) == ["sp.a", "doc.count"] and len(frame) == 4
    frame = grouped.to_dataframe(usecols=lambda column: "sp." in column)
    assert all(column.startswith("sp.") for column in frame.columns)
    grouped.open_job({"a": {"b": "c"}}).init()
    assert "a.b" in grouped.to_dataframe(sp_prefix="", flatten=True).columns
    assert "a" in grouped.to_dataframe(sp_prefix="").columns


# -- deprecations: SignacDeprecationWarning, reported at the caller --------------------
def _deprecated_calls(project, job):
    index = [{"_id": job.id, "sp": job.sp()}]
    return {
        "Project.get_id": lambda: project.get_id(),
        "Job.get_id": lambda: job.get_id(),
        "Project.find_job_ids": lambda: project.find_job_ids(),
        "Project.get_statepoint": lambda: project.get_statepoint(job.id),
        "Project.reset_statepoint": lambda: project.reset_statepoint(job, job.sp()),
        "Project.update_statepoint": lambda: project.update_statepoint(job, {}),
        "Project.build_job_search_index": lambda: project.build_job_search_index(index),
        "Project.build_job_statepoint_index": lambda: list(project.build_job_statepoint_index()),
        "Project.groupbydoc": lambda: project.groupbydoc("a", default=0),
        "JobsCursor.groupbydoc": lambda: project.find_jobs().groupbydoc("a", default=0),
        "JobsCursor.next": lambda: project.find_jobs().next(),
        "doc_filter": lambda: project.find_jobs(doc_filter={"a": 1}),
        "detect_schema(index=)": lambda: project.detect_schema(index=index),
        "repair(index=)": lambda: project.repair(index=index),
        "config modification": lambda: project.config.__setitem__("x", "1"),
        "config deletion": lambda: project.config.__delitem__("x"),
        "int key": lambda: project.open_job({"a": {1: "x"}}),
        "int key (update)": lambda: job.update_statepoint({2: "y"}),
    }


def test_deprecations_warn_at_the_caller(project):
    job = project.open_job({"a": 1}).init()
    for name, call in _deprecated_calls(project, job).items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
        assert deprecations, name
        assert all(w.filename == __file__ for w in deprecations), (
            name,
            [(w.filename, w.lineno) for w in deprecations],
        )
        assert "2.0" in str(deprecations[0].message) or "3.0" in str(deprecations[0].message)


def test_get_statepoint_errors(project):
    job = project.open_job({"a": 1}).init()
    project.write_statepoints([{"a": 1}, {"in": "file"}])
    fresh = signac_core.get_project(project.root_directory())
    with pytest.warns(SignacDeprecationWarning):
        assert fresh.get_statepoint(project.open_job({"in": "file"}).id) == {"in": "file"}
    with pytest.warns(SignacDeprecationWarning), pytest.raises(KeyError):
        fresh.get_statepoint("0123456789abcdef0123456789abcdef")
    os.remove(job.fn(Job.FN_MANIFEST))
    # The manifest of an existing job directory is inaccessible: corrupted.
    with pytest.warns(SignacDeprecationWarning):
        with pytest.raises(signac_core.errors.JobsCorruptedError):
            fresh.get_statepoint(job.id)


def test_numpy_conversion_warns_at_the_caller(project):
    np = pytest.importorskip("numpy")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        job = project.open_job({"a": {"b": np.arange(3)}})
    assert job.sp() == {"a": {"b": [0, 1, 2]}}
    assert caught and all(w.filename == __file__ for w in caught)


def test_repr_html_escapes_the_path(tmp_path):
    project = signac_core.init_project("html", root=str(tmp_path / "a&b<c>"))
    project.open_job({"a": 1}).init()
    for obj in (project, project.find_jobs()):
        text = obj._repr_html_()
        assert "a&amp;b&lt;c&gt;" in text and "a&b<c>" not in text
