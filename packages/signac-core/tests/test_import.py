"""Import (facts 7-9), the export -> import round trip, and hostile archives."""

import io
import json
import os
import re
import tarfile
import zipfile

import pytest

import signac_core
from signac_core import import_export
from signac_core.errors import DestinationExistsError, StatepointParsingError
from signac_core.syncutil import _COPYTREE_DEPRECATED

FORMATS = ["", ".zip", ".tar", ".tar.gz", ".tar.bz2", ".tar.xz"]


def _fill(project):
    jobs = []
    for i in range(4):
        job = project.open_job({"a": i, "b": {"c": i % 2}, "s": "x"}).init()
        job.doc.update({"i": i, "nested": {"v": [i, 2.5]}})
        with open(job.fn("data.bin"), "wb") as file:
            file.write(bytes(range(256)) * (i + 1))
        os.makedirs(job.fn("sub/deeper"))
        with open(job.fn("sub/deeper/f.txt"), "w") as file:
            file.write(f"deep {i}")
        jobs.append(job)
    return jobs


def _snapshot(project):
    state = {}
    for job in project:
        files = {}
        for root, _, names in os.walk(job.workspace()):
            for name in names:
                fn = os.path.join(root, name)
                with open(fn, "rb") as file:
                    files[os.path.relpath(fn, job.workspace())] = file.read()
        state[job.id] = (job.statepoint(), job.document(), files)
    return state


@pytest.fixture
def other(tmp_path):
    return signac_core.init_project("other", root=str(tmp_path / "other"))


# -- round trip ------------------------------------------------------------------------
@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("path", [None, False, "p/{a}/{b.c}"])
def test_round_trip_reproduces_everything(project, other, tmp_path, ext, path):
    _fill(project)
    target = str(tmp_path / f"export{ext}")
    project.export_to(target, path=path)
    result = other.import_from(target)
    assert len(result) == 4
    assert _snapshot(other) == _snapshot(project)
    assert all(os.path.isabs(dst) for dst in result.values())


@pytest.mark.parametrize("ext", FORMATS)
def test_round_trip_of_one_job(project, other, tmp_path, ext):
    job = project.open_job({"only": 1}).init()
    job.doc.x = 1
    target = str(tmp_path / f"one{ext}")
    project.export_to(target)
    other.import_from(target)
    assert _snapshot(other) == _snapshot(project)


# -- fact 7: walking an origin ---------------------------------------------------------
def test_import_walks_top_down_and_subdirectories_are_data(project, other, tmp_path):
    (job, *_) = _fill(project)
    nested = job.fn("sub/inner")
    os.makedirs(nested)
    with open(os.path.join(nested, "signac_statepoint.json"), "w") as file:
        json.dump({"fake": 1}, file)  # data of the outer job, not a job
    project.export_to(str(tmp_path / "o"))
    other.import_from(str(tmp_path / "o"))
    assert len(other) == 4
    assert os.path.isfile(other.open_job(id=job.id).fn("sub/inner/signac_statepoint.json"))


def test_import_from_cwd(project, other, tmp_path):
    _fill(project)
    project.export_to(str(tmp_path / "o"))
    os.chdir(tmp_path / "o")
    assert len(other.import_from()) == 4


def test_temporary_project_inside_workspace_imports_the_parent_jobs(project):
    _fill(project)
    with project.temporary_project() as tmp_project:
        assert tmp_project.workspace().startswith(project.workspace())
        result = tmp_project.import_from(project.workspace())
        assert len(result) == 4 and len(tmp_project) == 4


def test_missing_origin_is_a_value_error(other, tmp_path):
    with pytest.raises(ValueError, match="Does the origin exist"):
        other.import_from(str(tmp_path / "missing"))


def test_unknown_file_is_a_runtime_error(other, tmp_path):
    fn = tmp_path / "plain.txt"
    fn.write_text("not an archive")
    with pytest.raises(RuntimeError, match="Unknown file type"):
        other.import_from(str(fn))


def test_result_maps_source_to_absolute_destination(project, other, tmp_path):
    jobs = _fill(project)
    project.export_to(str(tmp_path / "o"), path="{a}")
    result = other.import_from(str(tmp_path / "o"))
    assert result == {
        os.path.join(str(tmp_path / "o"), str(j.sp.a)): other.open_job(id=j.id).workspace()
        for j in jobs
    }


# -- fact 8: schemas ------------------------------------------------------------------------
def _raw(tmp_path, *paths):
    root = tmp_path / "raw"
    for path in paths:
        (root / path).mkdir(parents=True)
        (root / path / "data.txt").write_text(path)
    return str(root)


def test_string_schema_types(other, tmp_path):
    origin = _raw(tmp_path, "a/1/b/2.5/flag/true/name/x_y", "a/-3/b/.5/flag/0/name/z")
    result = other.import_from(origin, schema="a/{a:int}/b/{b.c:float}/flag/{f:bool}/name/{n}")
    assert len(result) == 2
    sps = sorted((job.statepoint() for job in other), key=lambda sp: sp["a"])
    assert sps == [
        {"a": -3, "b": {"c": 0.5}, "f": False, "n": "z"},
        {"a": 1, "b": {"c": 2.5}, "f": True, "n": "x_y"},
    ]


def test_string_schema_matches_whole_paths_only(other, tmp_path):
    origin = _raw(tmp_path, "a/1x", "a/2/extra")
    assert other.import_from(origin, schema="a/{a:int}") == {
        os.path.join(origin, "a", "2"): other.open_job({"a": 2}).workspace()
    }


def test_string_schema_no_match_imports_nothing(other, tmp_path):
    origin = _raw(tmp_path, "x/1")
    assert other.import_from(origin, schema="a/{a:int}") == {}
    assert len(other) == 0


def test_unknown_schema_type_is_a_key_error(other, tmp_path):
    with pytest.raises(KeyError):
        other.import_from(_raw(tmp_path, "a/1"), schema="a/{a:complex}")


def test_derived_statepoint_disagreeing_with_manifest(project, other, tmp_path):
    _fill(project)
    project.export_to(str(tmp_path / "o"), path="a/{a}")
    with pytest.raises(StatepointParsingError) as raised:
        other.import_from(str(tmp_path / "o"), schema="a/{a:int}")
    # 1.7's message names no path (golden cli.json, cli-157).
    assert str(raised.value) == (
        "Identified state point conflicts with state point in job manifest file!"
    )
    assert len(other) == 0


def test_two_directories_one_job(other, tmp_path):
    origin = _raw(tmp_path, "x/1", "y/1")
    with pytest.raises(StatepointParsingError, match="not unique"):
        other.import_from(origin, schema=lambda path: {"a": 1} if path[-1] == "1" else None)
    assert len(other) == 0


def test_callable_schema_none_is_not_a_job(other, tmp_path):
    origin = _raw(tmp_path, "keep/1", "skip/2")

    def schema(path):
        return {"n": int(path[-1])} if "keep" in path and path[-1].isdigit() else None

    assert len(other.import_from(origin, schema=schema)) == 1
    assert other.open_job({"n": 1}) in other


# -- fact 9: existing jobs and sync -------------------------------------------------------
# A sync of jobs warns 1.7's copytree deprecation (tested in test_sync.py).
_quiet_sync = pytest.mark.filterwarnings(f"ignore:{re.escape(_COPYTREE_DEPRECATED)}")


@pytest.mark.parametrize("ext", FORMATS)
def test_existing_job_raises_before_anything_is_copied(project, other, tmp_path, ext):
    jobs = _fill(project)
    target = str(tmp_path / f"o{ext}")
    project.export_to(target)
    other.open_job(jobs[2].statepoint()).init()
    with pytest.raises(DestinationExistsError) as info:
        other.import_from(target)
    assert info.value.destination == other.open_job(id=jobs[2].id)
    assert str(info.value) == jobs[2].id
    assert len(other) == 1


def test_existing_destination_named_is_the_first_in_origin_path_order(other, tmp_path):
    # (golden cli-163: 1.7 named the first its temporary project listed)
    for rel in ("y/1", "x/2", "x/1"):
        os.makedirs(tmp_path / "raw" / rel)
        (tmp_path / "raw" / rel / "data.txt").write_text(rel)
    existing = [other.open_job({"b": b, "a": a}).init() for b, a in (("y", 1), ("x", 2), ("x", 1))]
    with pytest.raises(DestinationExistsError) as info:
        list(import_export.import_into_project(str(tmp_path / "raw"), other, "{b}/{a:int}"))
    assert info.value.destination == other.open_job({"b": "x", "a": 1})
    assert all(os.listdir(job.workspace()) == ["signac_statepoint.json"] for job in existing)
    assert len(other) == 3


@_quiet_sync
def test_import_with_sync_true(project, other, tmp_path):
    _fill(project)
    project.export_to(str(tmp_path / "o"))
    result = other.import_from(str(tmp_path / "o"), sync=True)
    assert len(result) == 4  # the mapping of the temporary import
    assert not any(dst.startswith(other.workspace() + os.sep + "a") for dst in result.values())
    assert _snapshot(other) == _snapshot(project)
    assert sorted(os.listdir(other.workspace())) == sorted(j.id for j in project)


@_quiet_sync
@pytest.mark.parametrize("doc_sync", [None, False])
def test_import_with_sync_arguments(project, other, tmp_path, doc_sync):
    jobs = _fill(project)
    project.export_to(str(tmp_path / "o"))
    existing = other.open_job(jobs[0].statepoint()).init()
    existing.doc.mine = 1
    result = other.import_from(
        str(tmp_path / "o"), sync={"doc_sync": doc_sync, "check_schema": False}
    )
    assert len(result) == 4
    assert len(other) == 4
    assert existing.doc.mine == 1
    assert ("i" in existing.doc) is (doc_sync is None)


def test_copytree_argument_moves_directories(project, other, tmp_path):
    import shutil

    _fill(project)
    project.export_to(str(tmp_path / "o"))
    other.import_from(str(tmp_path / "o"), copytree=shutil.move)
    assert len(other) == 4
    assert not os.path.exists(tmp_path / "o" / "a" / "0" / "data.bin")


# -- beyond 1.7: hostile archives ---------------------------------------------------------
MANIFEST = json.dumps({"a": 1}).encode()


def _tar(path, members):
    with tarfile.open(path, "w") as tf:
        for info, data in members:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return str(path)


def _file(name, data=b"x"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _special(name, kind, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info, None


HOSTILE_TARS = {
    "absolute": [_file("job/signac_statepoint.json", MANIFEST), _file("/tmp/evil")],
    "dotdot": [_file("job/signac_statepoint.json", MANIFEST), _file("job/../../evil")],
    "symlink_out": [
        _file("job/signac_statepoint.json", MANIFEST),
        _special("job/link", tarfile.SYMTYPE, "../../outside"),
    ],
    "symlink_abs": [
        _file("job/signac_statepoint.json", MANIFEST),
        _special("job/link", tarfile.SYMTYPE, "/etc/passwd"),
    ],
    "symlink_other_job": [
        _file("job/signac_statepoint.json", MANIFEST),
        _file("other/secret"),
        _special("job/link", tarfile.SYMTYPE, "../other/secret"),
    ],
    "hardlink_out": [
        _file("job/signac_statepoint.json", MANIFEST),
        _special("job/hard", tarfile.LNKTYPE, "/etc/passwd"),
    ],
    "device": [
        _file("job/signac_statepoint.json", MANIFEST),
        _special("job/dev", tarfile.CHRTYPE),
    ],
    "fifo": [_file("job/signac_statepoint.json", MANIFEST), _special("job/p", tarfile.FIFOTYPE)],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_TARS))
def test_hostile_tar_is_refused_before_anything_is_written(other, tmp_path, kind):
    archive = _tar(tmp_path / "evil.tar", HOSTILE_TARS[kind])
    before = sorted(os.listdir(other.workspace()))
    with pytest.raises(ValueError, match="Refusing"):
        other.import_from(archive)
    assert sorted(os.listdir(other.workspace())) == before
    assert not os.path.exists(tmp_path / "outside") and not os.path.exists("/tmp/evil")
    assert not os.path.lexists(tmp_path / "evil")


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            zf.writestr(info, data)
    return str(path)


REG, LNK, CHR = 0o100644, 0o120777, 0o020644
HOSTILE_ZIPS = {
    "absolute": [("job/signac_statepoint.json", MANIFEST, REG), ("/abs/evil", b"x", REG)],
    "dotdot": [("job/signac_statepoint.json", MANIFEST, REG), ("job/../../evil", b"x", REG)],
    "symlink_out": [("job/signac_statepoint.json", MANIFEST, REG), ("job/l", b"../../x", LNK)],
    "device": [("job/signac_statepoint.json", MANIFEST, REG), ("job/dev", b"", CHR)],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_ZIPS))
def test_hostile_zip_is_refused_before_anything_is_written(other, tmp_path, kind):
    archive = _zip(tmp_path / "evil.zip", HOSTILE_ZIPS[kind])
    with pytest.raises(ValueError, match="Refusing"):
        other.import_from(archive)
    assert len(other) == 0
    assert os.listdir(other.workspace()) == []
    assert not os.path.lexists(tmp_path / "evil")


@pytest.mark.parametrize("fmt", ["tar", "zip"])
def test_archive_beyond_the_size_limit_is_refused(other, tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(import_export, "MAX_EXTRACT_SIZE", 1000)
    big = b"0" * 2000
    if fmt == "tar":
        archive = _tar(
            tmp_path / "big.tar", [_file("j/signac_statepoint.json", MANIFEST), _file("j/big", big)]
        )
    else:
        archive = _zip(
            tmp_path / "big.zip", [("j/signac_statepoint.json", MANIFEST, REG), ("j/big", big, REG)]
        )
    with pytest.raises(ValueError, match="more than the limit of 1000 bytes"):
        other.import_from(archive)
    assert os.listdir(other.workspace()) == []


def test_links_inside_the_job_are_kept(other, tmp_path):
    archive = _tar(
        tmp_path / "ok.tar",
        [
            _file("job/signac_statepoint.json", MANIFEST),
            _file("job/sub/data", b"payload"),
            _special("job/link", tarfile.SYMTYPE, "sub/data"),
            _special("job/hard", tarfile.LNKTYPE, "job/sub/data"),
        ],
    )
    other.import_from(archive)
    job = other.open_job({"a": 1})
    assert os.path.islink(job.fn("link"))
    with open(job.fn("link"), "rb") as a, open(job.fn("hard"), "rb") as b:
        assert a.read() == b.read() == b"payload"
