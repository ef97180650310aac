"""Projects written by signac 1.x open here unchanged, and the reverse.

The fixtures are built by hand from the on-disk format (``on-disk-format.md``)
and the id test vectors, as signac 1.x writes them.
"""

import gzip
import hashlib
import json
import os

import pytest
from configobj import ConfigObj

import signac_core

VECTORS = {
    "c4af2b26f1fd256d70799ad3ce3bdad0": {"constant": 42, "diff1": 0, "diff2": 1},
    "b96b21fada698f8934d58359c72755c0": {"constant": 42, "diff1": 1, "diff2": 1},
    "e4289419d2b0e57e4852d44a09f167c0": {"constant": 42, "diff1": 2, "diff2": 2},
    "4e9a45a922eae6bb5d144b36d82526e4": {"a": 0, "b": {"c": 0}},
    "d49c6609da84251ab096654971115d0c": {"a": 1, "b": {"c": 1}},
}


def write_1x_project(root, with_cache=True, rc="project = legacy\nschema_version = 1\n"):
    """Lay out a project exactly as signac 1.x leaves it on disk."""
    os.makedirs(root)
    with open(os.path.join(root, "signac.rc"), "w") as file:
        file.write(rc)
    workspace = os.path.join(root, "workspace")
    os.makedirs(workspace)
    for i, (job_id, sp) in enumerate(VECTORS.items()):
        wd = os.path.join(workspace, job_id)
        os.makedirs(wd)
        with open(os.path.join(wd, "signac_statepoint.json"), "w") as file:
            # Older 1.x releases indented the manifest; both must be read.
            file.write(json.dumps(sp, indent=2) if i == 0 else json.dumps(sp))
        with open(os.path.join(wd, "signac_job_document.json"), "w") as file:
            file.write(json.dumps({"index": i, "nested": {"x": [i, i]}}))
        with open(os.path.join(wd, "output.txt"), "w") as file:
            file.write(f"data {i}")
    with open(os.path.join(root, "signac_project_document.json"), "w") as file:
        file.write(json.dumps({"title": "legacy"}))
    with open(os.path.join(root, "signac_statepoints.json"), "w") as file:
        file.write(json.dumps(VECTORS, indent=2))
    if with_cache:
        with gzip.open(os.path.join(root, ".signac_sp_cache.json.gz"), "wb") as file:
            file.write(json.dumps(VECTORS).encode())
    return root


def read_like_1x(root):
    """Read a project the way signac 1.x does; assert every invariant it relies on."""
    config = ConfigObj(os.path.join(root, "signac.rc"))
    assert "project" in config
    assert int(config.get("schema_version", 1)) == 1
    workspace = os.path.join(root, config.get("workspace_dir", "workspace"))
    jobs = {}
    for name in os.listdir(workspace):
        wd = os.path.join(workspace, name)
        assert len(name) == 32 and os.path.isdir(wd), name
        with open(os.path.join(wd, "signac_statepoint.json")) as file:
            blob = file.read()
        sp = json.loads(blob)
        assert hashlib.md5(json.dumps(sp, sort_keys=True).encode()).hexdigest() == name
        doc_fn = os.path.join(wd, "signac_job_document.json")
        doc = json.loads(open(doc_fn).read()) if os.path.exists(doc_fn) else {}
        assert isinstance(doc, dict)
        leftovers = [
            f for f in os.listdir(wd) if f.startswith(".") or f.endswith((".tmp", ".lock"))
        ]
        assert leftovers == [], leftovers
        jobs[name] = (sp, doc, blob)
    cache_fn = os.path.join(root, ".signac_sp_cache.json.gz")
    if os.path.exists(cache_fn):
        with gzip.open(cache_fn, "rb") as file:
            cache = json.loads(file.read())
        for job_id, sp in cache.items():
            assert hashlib.md5(json.dumps(sp, sort_keys=True).encode()).hexdigest() == job_id
    hidden = [f for f in os.listdir(workspace) if f.startswith(".")]
    assert hidden == []
    return jobs


@pytest.mark.parametrize("with_cache", [True, False])
def test_1x_project_opens_unchanged(tmp_path, with_cache):
    root = write_1x_project(str(tmp_path / "legacy"), with_cache=with_cache)
    before = read_like_1x(root)
    project = signac_core.get_project(root)
    assert project.id == "legacy"
    assert len(project) == 5
    project.check()
    assert {job.id: job.sp() for job in project} == VECTORS
    assert project.doc() == {"title": "legacy"}
    assert project.read_statepoints() == VECTORS
    assert len(project.find_jobs({"constant": 42})) == 3
    assert len(project.find_jobs({"b.c": 1})) == 1
    assert len(project.find_jobs({"doc.index": {"$gte": 3}})) == 2
    assert project.open_job(id="4e9a").sp() == {"a": 0, "b": {"c": 0}}
    assert project.detect_schema()["diff1"] == {int: {0, 1, 2}}
    job = project.open_job(id="c4af2b26f1fd256d70799ad3ce3bdad0")
    assert job.doc.nested.x == [0, 0]
    assert job.isfile("output.txt")
    assert read_like_1x(root) == before  # reading modifies nothing


def test_writes_are_readable_by_1x(tmp_path):
    root = write_1x_project(str(tmp_path / "legacy"))
    project = signac_core.get_project(root)
    job = project.open_job(id="d49c6609da84251ab096654971115d0c")
    job.doc.new_key = {"list": [1, 2.5, None, True, "s"]}
    job.sp.b.c = 5  # moves the job
    new = project.open_job({"fresh": [1, 2], "nested": {"k": "v"}}).init()
    new.doc["x"] = 1
    project.doc.more = 1
    project.update_cache()
    project.write_statepoints()
    project.open_job(id="e4289419d2b0e57e4852d44a09f167c0").remove()
    jobs = read_like_1x(root)
    assert len(jobs) == 5
    sp, doc, blob = jobs[job.id]
    assert sp == {"a": 1, "b": {"c": 5}}
    assert blob == json.dumps(sp)  # the exact encoding of signac 1.x
    assert doc["new_key"] == {"list": [1, 2.5, None, True, "s"]}
    assert jobs[new.id][2] == '{"fresh": [1, 2], "nested": {"k": "v"}}'
    assert json.loads(open(os.path.join(root, "signac_project_document.json")).read()) == {
        "title": "legacy",
        "more": 1,
    }
    with open(os.path.join(root, "signac_statepoints.json")) as file:
        statepoints = json.load(file)
    assert statepoints[new.id] == {"fresh": [1, 2], "nested": {"k": "v"}}
    assert not [f for f in os.listdir(root) if f.endswith((".tmp", ".lock"))]


def test_new_project_is_laid_out_like_1x(tmp_path):
    project = signac_core.init_project("fresh", root=str(tmp_path / "p"))
    for job_id, sp in VECTORS.items():
        assert project.open_job(sp).init().id == job_id
    project.update_cache()
    jobs = read_like_1x(project.root_directory())
    assert {job_id: sp for job_id, (sp, _doc, _blob) in jobs.items()} == VECTORS
    config = ConfigObj(project.fn("signac.rc"))
    assert config["project"] == "fresh"
    assert config["schema_version"] == "1"


def test_1x_config_variants(tmp_path):
    root = write_1x_project(
        str(tmp_path / "legacy"), rc="project = legacy\nworkspace_dir = workspace\n"
    )
    assert len(signac_core.get_project(root)) == 5
    rc = os.path.join(root, "signac.rc")
    os.rename(rc, os.path.join(root, ".signacrc"))
    assert len(signac_core.get_project(root)) == 5
