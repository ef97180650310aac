"""Options no other test reaches: the deprecated index options and sync's copy options."""

from __future__ import annotations

import json
import os
import stat

import pytest

COPYTREE_WARNING = (
    "DeprecatedWarning: copytree is deprecated as of 1.6.0 and will be removed in 2.0.0. "
    "Use shutil.copytree instead."
)


# -- project -i / -a, index, find -i, document --index ------------------------------------
def test_project_index_prints_one_document_per_job(project):
    result = project.ok("project", "--index")
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(doc["_id"] for doc in docs) == sorted(project.ids)
    assert all(doc["signac_id"] == doc["_id"] and "sp" in doc for doc in docs)
    assert "DeprecatedWarning: Project.index is deprecated" in result.stderr


def test_project_access_creates_the_access_module(project):
    result = project.ok("project", "-a")
    fn = project.cwd / "signac_access.py"
    assert result.stdout == ""
    assert result.stderr.endswith(f"Created access module '{fn}'.\n")
    assert "get_project" in fn.read_text()


def test_index_compiles_the_main_index_of_a_tree(project):
    project.ok("project", "-a")
    # The access module imports ``signac`` (1.7's format); signac-cli may be installed
    # with signac-core alone, so this one reads the same API from signac_core.
    access = project.cwd / "signac_access.py"
    access.write_text(
        access.read_text().replace("import signac\n", "import signac_core as signac\n")
    )
    result = project.ok("index", str(project.cwd))
    assert result.stderr.startswith(f"Compiling main index for path '{project.cwd}'...\n")
    ids = sorted(json.loads(line)["_id"] for line in result.stdout.splitlines())
    assert ids == sorted(project.ids)
    tagged = project.ok("index", "-t", "b", "a")
    assert "Provided tags: a, b\n" in tagged.stderr


def test_find_and_document_read_an_index_file(project):
    (project.cwd / "index.txt").write_text(project.ok("project", "-i").stdout)
    a, b, c = project.ids
    result = project.ok("find", "-i", "index.txt", "b", "x")
    assert sorted(result.stdout.split()) == sorted([a, b])
    assert result.stderr == (
        'Interpreted filter arguments as \'{"b": "x"}\'.\n'
        "Reading index from file 'index.txt'...\n"
    )  # no deprecation warning: the option is 1.7's, not the caller's use of an old API
    docs = project.ok("document", "--index", "index.txt", "-f", "a", "0").stdout
    assert docs == '{"score": 1, "tag": "foo"}\n'
    missing = project("find", "--index", "nope.txt")
    assert missing.exit == 1
    assert missing.stderr.endswith("Error: [Errno 2] No such file or directory: 'nope.txt'\n")


# -- sync: -a, -o, -I, --force, --parallel and the copytree warning ----------------------
@pytest.fixture
def two(signac, tmp_path, jobs):
    """Projects ``src`` and ``dst`` with the same three (empty) jobs, cwd in ``dst``."""
    src, dst = tmp_path / "src", tmp_path / "dst"
    for root in (src, dst):
        root.mkdir()
        signac.ok("init", root.name, cwd=root)
    ids = jobs(src, [{"a": i} for i in range(3)])
    jobs(dst, [{"a": i} for i in range(3)])
    signac.cwd = dst
    return signac, src, dst, ids


def test_archive_mode_is_rltpog(two):
    signac, src, dst, ids = two
    job = src / "workspace" / ids[0]
    (job / "sub").mkdir()
    (job / "sub" / "data").write_text("x")
    os.chmod(job / "sub" / "data", 0o640)
    os.utime(job / "sub" / "data", (1_500_000_000, 1_500_000_000))
    os.symlink("sub/data", job / "link")
    result = signac.ok("sync", str(src), "-a")
    assert result.stderr.endswith("Done.\n")
    out = dst / "workspace" / ids[0]
    assert (out / "sub" / "data").read_text() == "x"  # -r
    assert os.readlink(out / "link") == "sub/data"  # -l
    info, orig = os.stat(out / "sub" / "data"), os.stat(job / "sub" / "data")
    assert stat.S_IMODE(info.st_mode) == 0o640  # -p
    assert info.st_mtime == 1_500_000_000  # -t
    assert (info.st_uid, info.st_gid) == (orig.st_uid, orig.st_gid)  # -o -g
    plain = signac.ok("sync", str(src), "-o", "-g", "-s", "always", cwd=dst)
    assert plain.stderr.endswith("Done.\n")


def test_ignore_times_compares_contents(two):
    signac, src, dst, ids = two
    a, b = src / "workspace" / ids[0] / "f", dst / "workspace" / ids[0] / "f"
    a.write_text("new!")
    b.write_text("old!")
    for fn in (a, b):
        os.utime(fn, (1_000_000_000, 1_000_000_000))
    signac.ok("sync", str(src))  # same size and time: taken as equal
    assert b.read_text() == "old!"
    conflict = signac("sync", str(src), "-I")
    assert conflict.exit == 1
    assert "The file with filename 'f' caused a conflict." in conflict.stderr
    signac.ok("sync", str(src), "--ignore-times", "-s", "always")
    assert b.read_text() == "new!"


def test_force_ignores_a_schema_conflict(two, jobs):
    signac, src, dst, ids = two
    jobs(src, [{"a": 9, "extra": True}])
    assert signac("sync", str(src)).exit == 1
    result = signac.ok("sync", str(src), "--force")
    assert result.stderr.endswith("Done.\n")
    assert len(signac.ok("find").stdout.split()) == 4


@pytest.mark.parametrize("args", [["--parallel"], ["--parallel", "2"]])
def test_parallel_syncs_every_job(two, args):
    signac, src, dst, ids = two
    for job_id in ids:
        (src / "workspace" / job_id / "data").write_text(job_id)
    result = signac.ok("sync", str(src), *args, "--stats", "--json")
    assert (
        result.stdout
        == "\n# Transfer statistics \n" + json.dumps({"num_files": 3, "volume": 96}) + "\n"
    )
    for job_id in ids:
        assert (dst / "workspace" / job_id / "data").read_text() == job_id


def test_sync_shows_the_copytree_warning_once_and_logs_under_sync(two):
    signac, src, dst, ids = two
    result = signac.ok("sync", str(src))
    assert result.stderr.count(COPYTREE_WARNING) == 1
    assert "INFO:" not in result.stderr
    verbose = signac.ok("sync", "-v", str(src), "-n")
    lines = [line for line in verbose.stderr.splitlines() if line.startswith("INFO:")]
    assert lines == [
        "INFO:sync:Synchronizing project 'src' to 'dst'.",
        "INFO:sync:Performing dry run!",
        *(f"INFO:sync:Project sync progress: {i}/3" for i in (1, 2, 3)),
        "INFO:sync:Cloned 0 and synchronized 3 job(s).",
    ]
