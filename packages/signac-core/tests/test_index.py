"""The workspace index (issue 16): every answer equals a scan; every invalidation rule."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import time

import pytest

import signac_core
from signac_core import _index, _workspace
from signac_core._hashing import calc_id
from signac_core._index import FN_INDEX, WorkspaceIndex, decode, encode

FN_DOC = "signac_job_document.json"
FN_SP = "signac_statepoint.json"


def handle(project, index=True, monkeypatch=None):
    """A fresh handle on the project, with or without the index."""
    if index:
        os.environ.pop("SIGNAC_INDEX", None)
    else:
        os.environ["SIGNAC_INDEX"] = "off"
    try:
        return signac_core.get_project(project.root_directory())
    finally:
        os.environ.pop("SIGNAC_INDEX", None)


def leave_racy_window():
    time.sleep(2 * _workspace.RACY_MARGIN_NS / 1e9)


def answers(project):
    """Everything the differential test compares (warnings of skipped jobs included)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = {
            "len": len(project),
            "ids": sorted(job.id for job in project),
            "iterate": sorted((job.id, json.dumps(job.sp(), sort_keys=True)) for job in project),
            "find_sp": sorted(job.id for job in project.find_jobs({"a": {"$lt": 3}})),
            "find_nested": sorted(job.id for job in project.find_jobs({"b.c": 1})),
            "find_doc": sorted(job.id for job in project.find_jobs({"doc.d": 1})),
            "find_doc_exists": sorted(
                job.id for job in project.find_jobs({"doc.d": {"$exists": False}})
            ),
            "schema": project.detect_schema().format(depth=0, precision=None, max_num_range=None),
            "groupby_doc": [
                (key, sorted(job.id for job in group))
                for key, group in project.groupby("doc.d", default=-1)
            ],
        }
    out["warnings"] = sorted({str(w.message) for w in caught})
    return out


def index_files(project):
    return {kind for kind, fn in FN_INDEX.items() if os.path.isfile(project.fn(fn))}


@pytest.fixture
def indexed(filled):
    """The 10-job project, its index built (every kind) and out of the racy window."""
    for job in filled:
        job.doc.d = job.sp.a % 3
    leave_racy_window()
    answers(handle(filled))
    assert index_files(filled) == {"ids", "sp", "doc"}
    return filled


# -- the file format ---------------------------------------------------------------------------
def test_encode_decode_round_trip():
    blob = encode("ids", "/w", b"x" * 64, stamp=[1, 2, 3, 4], count=2)
    header, body = decode(blob, "ids", "/w")
    assert body == b"x" * 64 and header["stamp"] == [1, 2, 3, 4] and header["count"] == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # torn: truncated
        lambda b: b + b"x",  # appended to
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit of the body
        lambda b: b.replace(b'"count": 2', b'"count": 3'),  # the header (its checksum)
        lambda b: b"PK\x03\x04" + b[4:],  # foreign magic
        lambda b: b"",
        lambda b: _index.MAGIC + b"no header line",
    ],
)
def test_a_damaged_file_is_never_believed(damage):
    blob = encode("ids", "/w", b"y" * 64, stamp=[1, 2, 3, 4], count=2)
    assert decode(damage(blob), "ids", "/w") is None


def test_a_file_of_another_kind_or_workspace_is_foreign():
    blob = encode("sp", "/w", b"{}")
    assert decode(blob, "sp", "/w") is not None
    assert decode(blob, "doc", "/w") is None
    assert decode(blob, "sp", "/other") is None


# -- the index never changes an answer --------------------------------------------------------
def test_index_files_are_written_and_used(indexed, monkeypatch):
    def fail(*args):
        pytest.fail("a manifest or document was read")

    expected = answers(handle(indexed, index=False))
    fresh = handle(indexed)
    monkeypatch.setattr(_workspace.WorkspaceListing, "_list", fail)
    monkeypatch.setattr(_index, "read_document_file", fail)
    monkeypatch.setattr(signac_core._cache, "read_verified", fail)
    assert answers(fresh) == expected


def test_deleting_the_index_changes_no_answer(indexed):
    expected = answers(handle(indexed))
    for fn in FN_INDEX.values():
        os.unlink(indexed.fn(fn))
    assert answers(handle(indexed)) == expected == answers(handle(indexed, index=False))


def test_1x_cache_keeps_its_format(indexed):
    indexed.update_cache()
    with gzip.open(indexed.fn(indexed.FN_CACHE)) as file:
        cache = json.loads(file.read())
    assert cache == {job.id: job.sp() for job in indexed}
    for fn in FN_INDEX.values():  # our files are not gzip/json and not named like 1.x files
        with open(indexed.fn(fn), "rb") as file:
            assert file.read().startswith(_index.MAGIC)


# -- open_job(id=): one stat of the manifest against the recorded identity ---------------------
def _no_manifest_reads(monkeypatch):
    reads = []
    real = signac_core._cache.read_verified
    monkeypatch.setattr(
        signac_core._cache, "read_verified", lambda *a: reads.append(a[1]) or real(*a)
    )
    return reads


def test_open_job_by_id_is_one_stat(indexed, monkeypatch):
    """A recorded manifest whose stat is unchanged is neither read nor parsed nor hashed."""
    expected = {job.id: job.sp() for job in handle(indexed, index=False)}
    reads = _no_manifest_reads(monkeypatch)
    fresh = handle(indexed)
    assert fresh._index._sp_file().count == len(expected)
    for job_id, sp in expected.items():
        job = fresh.open_job(id=job_id)
        assert job._statepoint_requires_init is True  # not loaded (fact 12)
        assert job.sp() == sp  # from the index, after a second stat
        assert job._statepoint_requires_init is False
    assert reads == []
    assert fresh._sp_cache == {}  # the index is never copied into the live cache


def _rewrite_manifest(job, text):
    with open(os.path.join(job.workspace(), FN_SP), "w") as file:
        file.write(text)


@pytest.mark.parametrize(
    "change", ["broken", "same_stat_broken", "replaced_same", "removed", "rmtree", "moved"]
)
def test_open_job_by_id_never_trusts_a_stale_record(indexed, monkeypatch, change):
    """A manifest rewritten, replaced, removed or moved since it was recorded is read again."""
    job = next(iter(handle(indexed, index=False).find_jobs({"a": 1})))
    fn = os.path.join(job.workspace(), FN_SP)
    text = json.dumps(job.sp())
    if change == "broken":
        _rewrite_manifest(job, "{broken")
    elif change == "same_stat_broken":  # in place, same size, mtime put back: ctime moves
        st = os.stat(fn)
        _same_stat_rewrite(fn, "{" + "x" * (st.st_size - 2) + "}", st.st_mtime_ns)
    elif change == "replaced_same":  # the same contents, another file
        with open(fn + ".new", "w") as file:
            file.write(text)
        os.replace(fn + ".new", fn)
    elif change == "removed":
        os.unlink(fn)
    elif change == "rmtree":
        shutil.rmtree(job.workspace())
    elif change == "moved":  # another job's manifest moved into its place
        other = next(iter(handle(indexed, index=False).find_jobs({"a": 2})))
        os.replace(os.path.join(other.workspace(), FN_SP), fn)
    reads = _no_manifest_reads(monkeypatch)
    fresh = handle(indexed)
    fresh._sp_cache.clear()
    if change == "replaced_same":
        assert fresh.open_job(id=job.id).sp() == job.sp()
    elif change == "rmtree":
        with pytest.raises(KeyError):
            fresh.open_job(id=job.id)
    else:
        with pytest.raises(signac_core.errors.JobsCorruptedError):
            fresh.open_job(id=job.id)
    assert reads == [job.id]  # read, not answered from the index


def test_a_racy_manifest_is_not_recorded(filled, monkeypatch):
    """A manifest read within the margin of its last change is read again by the next handle."""
    leave_racy_window()
    job = next(iter(filled))
    st = os.stat(os.path.join(job.workspace(), FN_SP))
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 1000)
    handle(filled).detect_schema()  # reads every manifest "in the same tick"
    assert handle(filled)._index._sp_file().count == 0
    reads = _no_manifest_reads(monkeypatch)
    assert handle(filled).open_job(id=job.id).id == job.id and reads == [job.id]
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 10**10)
    handle(filled).detect_schema()
    reads.clear()
    assert handle(filled).open_job(id=job.id).id == job.id and reads == []


def test_single_reads_are_recorded_in_amortized_batches(indexed, monkeypatch):
    """open_job(id=) and job.sp reads are written once as many as the file holds are new."""
    os.unlink(indexed.fn(FN_INDEX["sp"]))
    monkeypatch.setattr(_index, "MIN_BATCH", 3)
    fresh = handle(indexed)
    ids = [job.id for job in handle(indexed, index=False)]
    for job_id in ids[:2]:
        fresh.open_job(id=job_id).sp()
    assert "sp" not in index_files(indexed)
    fresh.open_job(id=ids[2])
    assert handle(indexed)._index._sp_file().count == 3


def test_a_damaged_table_gives_no_proof(indexed, monkeypatch):
    """Garbage in the records or the buckets of a well-formed file only costs reads."""
    fn = indexed.fn(FN_INDEX["sp"])
    with open(fn, "rb") as file:
        blob = file.read()
    header, start = _index._header(blob, "sp", indexed.workspace())
    damaged = blob[:start] + os.urandom(header["table"]) + blob[start + header["table"] :]
    with open(fn, "wb") as file:
        file.write(damaged)
    expected = answers(handle(indexed, index=False))
    statepoints = {job.id: job.sp() for job in handle(indexed, index=False)}
    reads = _no_manifest_reads(monkeypatch)
    fresh = handle(indexed)
    for job_id, sp in statepoints.items():
        assert fresh.open_job(id=job_id).sp() == sp
    assert sorted(reads) == sorted(statepoints)
    assert answers(handle(indexed)) == expected


def test_open_job_by_unknown_id_chains_two_key_errors(indexed):
    """As signac 1.7 (golden cli-204): the cache miss, then the workspace miss; no OSError."""
    unknown = "0123456789abcdef0123456789abcdef"
    for project in (indexed, handle(indexed), handle(indexed, index=False)):
        with pytest.raises(KeyError) as info:
            project.open_job(id=unknown)
        error = info.value
        assert type(error) is KeyError and error.args == (unknown,)
        assert error.__cause__ is None and not error.__suppress_context__
        miss = error.__context__
        assert type(miss) is KeyError and miss.args == (unknown,)
        assert miss.__context__ is None and miss.__cause__ is None


# -- invalidation: the id list -------------------------------------------------------------
@pytest.mark.parametrize("change", ["init", "remove", "move", "rmtree", "mkdir", "rename"])
def test_a_changed_workspace_is_listed_again(indexed, change):
    other = handle(indexed)
    job = other.open_job({"a": 1, "b": {"c": 1}, "const": 0})
    if change == "init":
        other.open_job({"a": 100}).init()
    elif change == "remove":
        job.remove()
    elif change == "move":
        job.update_statepoint({"a": 100}, overwrite=True)
    elif change == "rmtree":  # behind the library's back
        shutil.rmtree(job.workspace())
    elif change == "mkdir":
        sp = {"a": 100}
        os.mkdir(os.path.join(indexed.workspace(), calc_id(sp)))
        with open(os.path.join(indexed.workspace(), calc_id(sp), FN_SP), "w") as file:
            json.dump(sp, file)
    elif change == "rename":  # moved by hand, with its manifest
        target = os.path.join(indexed.workspace(), calc_id({"a": 100}))
        os.rename(job.workspace(), target)
        with open(os.path.join(target, FN_SP), "w") as file:
            json.dump({"a": 100}, file)
    assert answers(handle(indexed)) == answers(handle(indexed, index=False))
    # the long-lived handle notices too
    assert answers(indexed) == answers(handle(indexed, index=False))


def test_the_stamp_includes_the_change_time(indexed):
    """Restoring the workspace's mtime after a change does not hide it (ctime changes)."""
    st = os.stat(indexed.workspace())
    sp = {"a": 100}
    os.mkdir(os.path.join(indexed.workspace(), calc_id(sp)))
    with open(os.path.join(indexed.workspace(), calc_id(sp), FN_SP), "w") as file:
        json.dump(sp, file)
    os.utime(indexed.workspace(), ns=(st.st_atime_ns, st.st_mtime_ns))
    assert len(handle(indexed)) == 11


def test_a_racy_id_list_is_not_trusted(filled, monkeypatch):
    """An id list recorded within the margin of the workspace's last change is listed again."""
    from signac_core import _workspace

    leave_racy_window()
    st = os.stat(filled.workspace())
    listed = []
    original = _workspace.WorkspaceListing.ids
    monkeypatch.setattr(
        _workspace.WorkspaceListing, "ids", lambda self: listed.append(1) or original(self)
    )
    # Recorded "in the same tick" as the last change:
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 1000)
    fresh = handle(filled)
    assert len(fresh) == 10 and len(fresh) == 10
    assert "ids" not in index_files(filled)
    assert len(listed) == 2
    assert len(handle(filled)) == 10 and len(listed) == 3
    # Recorded well after it: trusted, written, reused by new handles.
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 10**10)
    fresh = handle(filled)
    assert len(fresh) == 10 and len(fresh) == 10
    assert "ids" in index_files(filled) and len(listed) == 4
    assert len(handle(filled)) == 10 and list(handle(filled)) and len(listed) == 4


def test_the_in_memory_list_has_the_listings_maximum_age(indexed, monkeypatch):
    from signac_core import _workspace

    fresh = handle(indexed)
    assert len(fresh) == 10
    listed = []
    original = _workspace.WorkspaceListing._list
    monkeypatch.setattr(
        _workspace.WorkspaceListing, "_list", lambda self: listed.append(1) or original(self)
    )
    monkeypatch.setattr(_workspace, "_MAX_AGE_NS", 0)
    assert len(fresh) == 10 and listed


# -- invalidation: documents -----------------------------------------------------------------
def _doc_path(job):
    return os.path.join(job.workspace(), FN_DOC)


@pytest.mark.parametrize("change", ["write", "external", "replace", "remove", "empty", "invalid"])
def test_a_changed_document_is_read_again(indexed, change):
    job = next(iter(indexed.find_jobs({"a": 1})))
    fn = _doc_path(job)
    if change == "write":
        job.doc.d = 2
    elif change == "external":  # in place, behind the library's back
        with open(fn, "w") as file:
            file.write('{"d": 2, "more": [1, 2, 3]}')
    elif change == "replace":  # same size and mtime, other inode
        st = os.stat(fn)
        with open(fn + ".new", "w") as file:
            file.write(json.dumps({"d": 2}).ljust(st.st_size))
        os.utime(fn + ".new", ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(fn + ".new", fn)
        assert os.stat(fn).st_size == st.st_size
    elif change == "remove":
        os.unlink(fn)
    elif change == "empty":
        open(fn, "w").close()
    elif change == "invalid":
        with open(fn, "w") as file:
            file.write("{not json")
    expected = answers(handle(indexed, index=False))
    assert answers(handle(indexed)) == expected
    assert answers(indexed) == expected


def _same_stat_rewrite(fn, text, mtime_ns):
    """Change a file's contents keeping its size, inode and mtime (a same-tick write)."""
    st = os.stat(fn)
    assert len(text) == st.st_size
    with open(fn, "r+") as file:
        file.write(text)
    os.utime(fn, ns=(st.st_atime_ns, mtime_ns))
    after = os.stat(fn)
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (mtime_ns, st.st_size, st.st_ino)


def test_a_racy_document_is_read_again(indexed, monkeypatch):
    job = next(iter(indexed.find_jobs({"a": 1})))
    fn = _doc_path(job)
    with open(fn, "w") as file:
        file.write('{"d": 5}')
    mtime = os.stat(fn).st_mtime_ns
    # The document was read within the timestamp granularity of its change:
    monkeypatch.setattr(_workspace, "_now_ns", lambda: mtime + 1_000_000)  # 1 ms later
    fresh = handle(indexed)
    assert [j.id for j in fresh.find_jobs({"doc.d": 5})] == [job.id]
    _same_stat_rewrite(fn, '{"d": 6}', mtime)  # a second write in the same tick
    assert [j.id for j in fresh.find_jobs({"doc.d": 6})] == [job.id]
    assert [j.id for j in handle(indexed).find_jobs({"doc.d": 6})] == [job.id]


def test_a_document_older_than_the_margin_is_trusted(indexed, monkeypatch):
    """The other side of the racy rule: the stat alone decides (nothing is read)."""
    job = next(iter(indexed.find_jobs({"a": 1})))
    fn = _doc_path(job)
    with open(fn, "w") as file:
        file.write('{"d": 5}')
    st = os.stat(fn)
    monkeypatch.setattr(
        _workspace, "_now_ns", lambda: st.st_ctime_ns + 10 * _workspace.RACY_MARGIN_NS
    )
    assert [j.id for j in handle(indexed).find_jobs({"doc.d": 5})] == [job.id]
    with monkeypatch.context() as patched:
        patched.setattr(_index, "read_document_file", pytest.fail)
        assert [j.id for j in handle(indexed).find_jobs({"doc.d": 5})] == [job.id]
    _same_stat_rewrite(fn, '{"d": 6}', st.st_mtime_ns)  # mtime rewound: the ctime moves on
    assert [j.id for j in handle(indexed).find_jobs({"doc.d": 6})] == [job.id]


# -- turning the index off -----------------------------------------------------------------
def _no_index_written(project):
    leave_racy_window()
    expected = answers(handle(project, index=False))
    assert answers(handle(project)) == expected
    assert index_files(project) == set()


def test_coarse_timestamps_turn_the_index_off(filled, monkeypatch):
    monkeypatch.setattr(_workspace, "COARSE_NS", 1)  # every timestamp looks coarse
    _no_index_written(filled)


@pytest.mark.parametrize("value", ["off", "False", "no", "0"])
def test_a_setting_turns_the_index_off(filled, value):
    with open(filled.fn("signac.rc"), "a") as file:
        file.write(f"index = {value}\n")
    _no_index_written(filled)


def test_the_environment_turns_the_index_off(filled, monkeypatch):
    monkeypatch.setenv("SIGNAC_INDEX", "off")
    leave_racy_window()
    answers(signac_core.get_project(filled.root_directory()))
    assert index_files(filled) == set()


# -- unwritable projects ---------------------------------------------------------------------
def test_a_failing_writer_never_fails_a_read(filled, monkeypatch):
    calls = []

    def refuse(path, blob):
        calls.append(path)
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(_index, "_write_file", refuse)
    leave_racy_window()
    fresh = handle(filled)
    assert answers(fresh) == answers(handle(filled, index=False))
    assert len(calls) == 1  # tried once, then the handle stops trying
    assert not fresh._index.writable and index_files(filled) == set()


def test_an_unwritable_project_reads_an_existing_index(indexed, monkeypatch):
    from signac_core import _workspace

    expected = answers(handle(indexed, index=False))
    monkeypatch.setattr(_index, "_write_file", pytest.fail)
    monkeypatch.setattr(_workspace.WorkspaceListing, "_list", pytest.fail)
    assert answers(handle(indexed)) == expected


def test_a_read_only_project_directory(filled):
    leave_racy_window()
    expected = answers(handle(filled, index=False))
    root = filled.root_directory()
    os.chmod(root, 0o555)
    try:
        assert answers(handle(filled)) == expected
        if os.geteuid() != 0:  # root may write anyway
            assert index_files(filled) == set()
    finally:
        os.chmod(root, 0o755)


def test_a_directory_in_place_of_an_index_file(filled):
    for fn in FN_INDEX.values():
        os.mkdir(filled.fn(fn))
    leave_racy_window()
    assert answers(handle(filled)) == answers(handle(filled, index=False))
    assert all(os.path.isdir(filled.fn(fn)) for fn in FN_INDEX.values())


@pytest.mark.parametrize("kind", sorted(FN_INDEX))
@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_a_torn_or_foreign_file_is_rebuilt(indexed, tmp_path, kind, damage):
    fn = indexed.fn(FN_INDEX[kind])
    with open(fn, "rb") as file:
        blob = file.read()
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "garbage":
        blob = os.urandom(len(blob))
    else:  # a valid file of another project (a copied index file)
        other = signac_core.init_project("other", root=str(tmp_path / "other"))
        for job in indexed:
            other.open_job(job.sp()).init().doc.d = 99
        leave_racy_window()
        answers(handle(other))
        with open(other.fn(FN_INDEX[kind]), "rb") as file:
            blob = file.read()
    with open(fn, "wb") as file:
        file.write(blob)
    assert answers(handle(indexed)) == answers(handle(indexed, index=False))
    with open(fn, "rb") as file:
        assert decode(file.read(), kind, indexed.workspace()) is not None  # rebuilt


def test_only_verified_statepoints_are_recorded(filled, monkeypatch):
    """Recorded: a state point that hashes to its id, read from a file (with its stat)."""
    index = WorkspaceIndex(filled.root_directory(), filled.workspace(), filled._listing)
    st = os.stat(filled.fn("signac.rc"))  # the stat of "the manifest read"
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 10**10)
    good, unread = {"a": 1}, {"a": 3}
    bad_id = calc_id(good)[::-1]
    index.add_statepoints(
        {calc_id(good): good, bad_id: {"a": 2}, calc_id(unread): unread},
        {calc_id(good): st, bad_id: st},
    )
    assert index.statepoint(calc_id(good)) == good
    assert index.statepoint(bad_id) is None
    assert index.statepoint(calc_id(unread)) is None  # not read: nothing to prove it by


def test_repair_does_not_use_the_index(indexed):
    from signac_core.errors import JobsCorruptedError

    job = next(iter(indexed))
    os.unlink(os.path.join(job.workspace(), FN_SP))
    with pytest.raises(JobsCorruptedError):
        handle(indexed).repair()


# -- the differential test -----------------------------------------------------------------
SECOND_PROCESS = """
import json, sys, signac_core
project = signac_core.get_project(sys.argv[1])
for job in project.find_jobs({"doc.d": 1}):
    job.doc.d = 7
job = project.open_job({"a": int(sys.argv[2])}).init()
job.doc.d = 1
print(len(project))
"""


def _operation(rng, project, workspace, step):
    jobs = sorted(project._listing.ids())
    pick = rng.choice(jobs) if jobs else None
    op = rng.choice(
        ["init", "init", "doc", "doc", "remove", "move", "external_doc", "external_rm",
         "external_init", "external_rename", "wait", "wait", "second_process"]
    )  # fmt: skip
    if op == "second_process" and step % 4:
        op = "wait"
    if op == "init" or pick is None:
        job = project.open_job({"a": rng.randrange(6), "b": {"c": rng.randrange(3)}}).init()
        if rng.random() < 0.5:
            job.doc.d = rng.randrange(3)
    elif op == "doc":
        project.open_job(id=pick).doc.d = rng.randrange(3)
    elif op == "remove":
        project.open_job(id=pick).remove()
    elif op == "move":
        try:
            project.open_job(id=pick).update_statepoint({"a": rng.randrange(100)}, overwrite=True)
        except Exception:
            pass  # the destination exists
    elif op == "external_doc":
        with open(os.path.join(workspace, pick, FN_DOC), "w") as file:
            file.write(json.dumps({"d": rng.randrange(3)}) if rng.random() < 0.9 else "{bad")
    elif op == "external_rm":
        shutil.rmtree(os.path.join(workspace, pick))
    elif op == "external_init":
        sp = {"a": rng.randrange(100, 110)}
        os.makedirs(os.path.join(workspace, calc_id(sp)), exist_ok=True)
        with open(os.path.join(workspace, calc_id(sp), FN_SP), "w") as file:
            json.dump(sp, file)
    elif op == "external_rename":
        sp = {"a": rng.randrange(200, 210)}
        target = os.path.join(workspace, calc_id(sp))
        if not os.path.exists(target):
            os.rename(os.path.join(workspace, pick), target)
            with open(os.path.join(target, FN_SP), "w") as file:
                json.dump(sp, file)
    elif op == "wait":
        leave_racy_window()
    elif op == "second_process":
        subprocess.run(
            [sys.executable, "-c", SECOND_PROCESS, project.root_directory(), str(rng.randrange(6))],
            check=True,
            capture_output=True,
        )


@pytest.mark.parametrize("seed", range(12))
def test_differential(tmp_path, seed):
    rng = random.Random(seed)
    project = signac_core.init_project("diff", root=str(tmp_path / "p"))
    workspace = project.workspace()
    long_lived = handle(project)
    for step in range(14):
        _operation(rng, project, workspace, step)
        if rng.random() < 0.5:
            leave_racy_window()
        expected = answers(handle(project, index=False))
        assert answers(handle(project)) == expected, step
        assert answers(long_lived) == expected, step


CHURN = """
import random, sys, time, signac_core
project = signac_core.get_project(sys.argv[1])
rng = random.Random(int(sys.argv[2]))
end = time.time() + float(sys.argv[3])
while time.time() < end:
    job = project.open_job({"a": rng.randrange(20), "w": int(sys.argv[2])})  # its own jobs
    if job in project and rng.random() < 0.4:
        job.remove()
    else:
        job.init().doc.d = rng.randrange(3)
    len(project), len(project.find_jobs({"doc.d": 1})), project.detect_schema()
"""


def test_concurrent_writers_and_readers(filled):
    """Two processes change the workspace and update the index while this one reads."""
    churners = [
        subprocess.Popen([sys.executable, "-c", CHURN, filled.root_directory(), str(i), "1.5"])
        for i in range(2)
    ]
    try:
        while any(p.poll() is None for p in churners):
            fresh = handle(filled)
            len(fresh), sorted(j.id for j in fresh.find_jobs({"doc.d": 1}))
            for kind, fn in FN_INDEX.items():  # never torn: old or new, whole
                try:
                    with open(filled.fn(fn), "rb") as file:
                        blob = file.read()
                except FileNotFoundError:
                    continue
                assert decode(blob, kind, filled.workspace()) is not None
    finally:
        for p in churners:
            p.wait(timeout=60)
    assert all(p.returncode == 0 for p in churners)
    leave_racy_window()
    assert answers(handle(filled)) == answers(handle(filled, index=False))


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],
        lambda b: b + b"x" * 32,
        lambda b: b.replace(b"\n", b""),  # the lines run together
        lambda b: b[:5] + b"\n" + b[6:],  # a line break inside an id
    ],
)
def test_an_impossible_id_list_is_not_believed(indexed, damage):
    """A well-formed ids file whose body cannot be a list of ids is ignored."""
    fn = indexed.fn(FN_INDEX["ids"])
    with open(fn, "rb") as file:
        header, body = decode(file.read(), "ids", indexed.workspace())
    with open(fn, "wb") as file:
        file.write(encode("ids", indexed.workspace(), damage(body), stamp=header["stamp"]))
    assert len(handle(indexed)) == 10


def test_update_cache_writes_every_state_point_read_from_the_index(indexed):
    """update_cache() on a fresh handle whose state points come from the index writes them all."""
    expected = {job.id: job.sp() for job in indexed}
    fresh = handle(indexed)
    fresh.update_cache()
    with gzip.open(indexed.fn(indexed.FN_CACHE)) as file:
        assert json.loads(file.read()) == expected
    assert handle(indexed).update_cache() is None  # now up to date
