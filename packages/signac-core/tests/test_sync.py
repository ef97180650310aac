"""The sync engine (facts 12-15), atomic copies and an interrupted sync."""

import logging
import os
import subprocess
import sys
import textwrap
import time

import pytest

import signac_core
from signac_core import sync, syncutil
from signac_core._fsutil import _mkdir_p
from signac_core.errors import (
    DocumentSyncConflict,
    FileSyncConflict,
    SchemaSyncConflict,
    SyncConflict,
)
from signac_core.sync import DocSync, FileSync, FileTransferStats, sync_jobs, sync_projects
from signac_core.warnings import DeprecatedWarning

COPYTREE_WARNING = (
    "copytree is deprecated as of 1.6.0 and will be removed in 2.0.0. Use shutil.copytree instead."
)
# Every sync of jobs warns as 1.7 did (tested below); the other tests need not see it.
pytestmark = pytest.mark.filterwarnings(f"ignore:{COPYTREE_WARNING}:DeprecationWarning")


@pytest.fixture
def src(tmp_path):
    return signac_core.init_project("src", root=str(tmp_path / "src"))


@pytest.fixture
def dst(tmp_path):
    return signac_core.init_project("dst", root=str(tmp_path / "dst"))


def _write(job, name, text):
    os.makedirs(os.path.dirname(job.fn(name)), exist_ok=True)
    with open(job.fn(name), "w") as file:
        file.write(text)


def _read(job, name):
    with open(job.fn(name)) as file:
        return file.read()


@pytest.fixture
def pair(src, dst):
    a = src.open_job({"a": 1}).init()
    b = dst.open_job({"a": 1}).init()
    return a, b


# -- fact 12 -----------------------------------------------------------------------------
def test_sync_copies_from_the_source(src, dst):
    job = src.open_job({"a": 1}).init()
    _write(job, "f.txt", "hello")
    dst.sync(src)
    assert _read(dst.open_job({"a": 1}), "f.txt") == "hello"


def test_identical_workspaces_raise(pair):
    a, _ = pair
    with pytest.raises(ValueError):
        a.sync(a)
    with pytest.raises(ValueError):
        sync_projects(a.project, a.project)


def test_uninitialised_source_job_is_a_noop(src, pair):
    _, b = pair
    b.sync(src.open_job({"a": 2}))
    assert sorted(os.listdir(b.workspace())) == ["signac_statepoint.json"]


def test_directories_only_with_recursive(pair, caplog):
    a, b = pair
    _write(a, "sub/x.txt", "x")
    with caplog.at_level(logging.WARNING):
        b.sync(a)
    assert not os.path.exists(b.fn("sub"))
    assert "Skip directory" in caplog.text
    b.sync(a, recursive=True)
    assert _read(b, "sub/x.txt") == "x"
    _write(a, "sub/y.txt", "y")
    b.sync(a, recursive=True)
    assert _read(b, "sub/y.txt") == "y"


def test_differing_file_without_strategy(pair):
    a, b = pair
    _write(a, "sub/f.txt", "new")
    _write(b, "sub/f.txt", "old!")
    _write(a, "other.txt", "o")
    with pytest.raises(FileSyncConflict) as info:
        b.sync(a, recursive=True)
    assert info.value.filename == "f.txt"
    assert isinstance(info.value, SyncConflict)
    assert not os.path.exists(b.fn("other.txt"))  # nothing of the job was written


def test_strategy_arguments(pair):
    a, b = pair
    _write(a, "sub/f.txt", "new")
    _write(b, "sub/f.txt", "old!")
    calls = []

    def strategy(s, d, fn):
        calls.append((s, d, fn))
        return True

    b.sync(a, strategy=strategy, recursive=True)
    assert calls == [(a, b, os.path.join("sub", "f.txt"))]
    assert _read(b, "sub/f.txt") == "new"


def test_file_sync_strategies(pair):
    a, b = pair
    _write(a, "f", "new")
    _write(b, "f", "old!")
    b.sync(a, strategy=FileSync.never)
    assert _read(b, "f") == "old!"
    os.utime(a.fn("f"), (time.time() - 100, time.time() - 100))
    b.sync(a, strategy=FileSync.update)
    assert _read(b, "f") == "old!"
    os.utime(a.fn("f"), (time.time() + 100, time.time() + 100))
    b.sync(a, strategy=FileSync.update)
    assert _read(b, "f") == "new"
    _write(a, "f", "newer")
    b.sync(a, strategy=FileSync.always)
    assert _read(b, "f") == "newer"
    assert FileSync.keys() == ("always", "never", "update", "Ask")


def test_file_sync_ask(pair, monkeypatch):
    a, b = pair
    _write(a, "f", "new")
    _write(b, "f", "old!")
    answers = iter(["y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    ask = FileSync.Ask()
    b.sync(a, strategy=ask)
    assert _read(b, "f") == "new" and ask.yes == {"f"}


def test_manifest_never_synced_and_document_only_by_copy(pair):
    a, b = pair
    a.doc.x = 1
    b.doc.x = 2
    with open(a.fn("signac_statepoint.json"), "a") as file:
        file.write(" ")  # differs in bytes, same state point
    b.sync(a, strategy=FileSync.always, doc_sync=DocSync.NO_SYNC)
    assert b.doc.x == 2
    assert not _read(b, "signac_statepoint.json").endswith(" ")
    b.sync(a, strategy=FileSync.always, doc_sync=DocSync.COPY)
    b._document = None  # reopen
    assert b.doc.x == 1


def test_exclude_regex_or_list_on_bare_names(pair):
    a, b = pair
    for name in ("keep.txt", "skip.log", "sub/skip.log", "sub/keep2.txt", "tmpdir/x"):
        _write(a, name, name)
    b.sync(a, exclude=[r".*\.log", "tmp"], recursive=True)
    assert os.path.exists(b.fn("keep.txt")) and os.path.exists(b.fn("sub/keep2.txt"))
    assert not os.path.exists(b.fn("skip.log")) and not os.path.exists(b.fn("sub/skip.log"))
    assert not os.path.exists(b.fn("tmpdir"))
    b.sync(a, exclude=r"keep", recursive=True)  # a single regex, re.match on the name


# -- fact 13 -----------------------------------------------------------------------------
def test_by_key_merges(pair):
    a, b = pair
    a.doc.update({"same": 1, "new": 2, "nested": {"x": 1, "deep": {"y": 1}}})
    b.doc.update({"same": 1, "mine": 3, "nested": {"z": 0, "deep": {"w": 2}}})
    b.sync(a)
    assert b.doc() == {
        "same": 1,
        "new": 2,
        "mine": 3,
        "nested": {"z": 0, "x": 1, "deep": {"w": 2, "y": 1}},
    }


def test_by_key_conflict_names_parent_and_key_and_leaves_destination(pair):
    a, b = pair
    a.doc.update({"nested": {"a": 1}, "top": 1, "extra": 5})
    b.doc.update({"nested": {"a": 2}, "top": 2})
    with pytest.raises(DocumentSyncConflict) as info:
        b.sync(a)
    assert info.value.keys == {"nested.a", "top"}
    assert b.doc() == {"nested": {"a": 2}, "top": 2}


def test_by_key_strategies(pair):
    a, b = pair
    a.doc.update({"nested": {"a": 1, "b": 1}, "foo": 1})
    b.doc.update({"nested": {"a": 2, "b": 2}, "foo": 2})
    b.sync(a, doc_sync=DocSync.ByKey("nested"))  # re.match on the dotted key
    assert b.doc() == {"nested": {"a": 1, "b": 1}, "foo": 2}  # foo rejected: skipped
    a.doc.foo = 3
    b.sync(a, doc_sync=DocSync.ByKey(lambda key: key == "foo"))
    assert b.doc.foo == 3


def test_doc_sync_constants_and_update(pair):
    assert DocSync.NO_SYNC is False
    assert DocSync.COPY == "copy"
    a, b = pair
    a.doc.update({"x": {"p": 1}})
    b.doc.update({"x": {"q": 1}, "y": 1})
    b.sync(a, doc_sync=DocSync.update)
    assert b.doc() == {"x": {"p": 1}, "y": 1}
    assert str(DocSync.ByKey()) == "ByKey(None)"


# -- fact 14 -----------------------------------------------------------------------------
def test_schema_check(src, dst):
    src.open_job({"a": 1}).init()
    dst.open_job({"b": 1}).init()
    with pytest.raises(SchemaSyncConflict):
        dst.sync(src)
    dst.sync(src, check_schema=False)
    assert len(dst) == 2


def test_schema_check_value_sets(src, dst):
    src.open_job({"a": 1}).init()
    dst.open_job({"a": 2}).init()
    with pytest.raises(SchemaSyncConflict):
        dst.sync(src)


def test_empty_schema_is_no_conflict(src, dst):
    src.open_job({"a": 1}).init()
    dst.sync(src)
    assert len(dst) == 1


def test_project_document_syncs_first_and_nothing_is_deleted(src, dst):
    src.doc.p = 1
    dst.doc.p = 2
    src.open_job({"a": 1}).init()
    only_dst = dst.open_job({"a": 9}).init()
    with pytest.raises(DocumentSyncConflict):
        dst.sync(src, check_schema=False)
    assert len(dst) == 1  # the document conflict came before any job
    dst.sync(src, check_schema=False, doc_sync=DocSync.ByKey(".*"))
    assert dst.doc.p == 1 and only_dst in dst and len(dst) == 2


@pytest.mark.parametrize("kind", ["project", "src_cursor", "dst_cursor", "jobs", "ids"])
def test_selection_forms(src, dst, kind):
    jobs = [src.open_job({"a": i}).init() for i in range(4)]
    for job in jobs[:2]:
        dst.open_job(job.statepoint()).init()
    if kind == "project":
        selection = dst  # the jobs of the destination
    elif kind == "src_cursor":
        selection = src.find_jobs({"a": {"$lt": 2}})
    elif kind == "dst_cursor":
        selection = dst.find_jobs()
    elif kind == "jobs":
        selection = jobs[:2]
    else:
        selection = [j.id for j in jobs[:2]]
    _write(jobs[0], "f", "x")
    dst.sync(src, selection=selection, check_schema=False)
    assert len(dst) == 2
    assert _read(dst.open_job(id=jobs[0].id), "f") == "x"


def test_collect_stats_counts_every_copied_file(src, dst):
    for i in range(3):
        job = src.open_job({"a": i}).init()
        _write(job, "data", "x" * (i + 1))
    stats = dst.sync(src, collect_stats=True)
    manifests = sum(os.path.getsize(j.fn("signac_statepoint.json")) for j in src)
    assert stats == FileTransferStats(num_files=6, volume=manifests + 1 + 2 + 3)
    assert dst.sync(src, collect_stats=True) == FileTransferStats(0, 0)
    assert dst.sync(src) is None


def test_dry_run_changes_nothing_and_prints(src, dst, capsys):
    job = src.open_job({"a": 1}).init()
    _write(job, "data", "x")
    job.doc.k = 1
    existing = dst.open_job({"a": 1})
    existing.init()
    stats = dst.sync(src, dry_run=True, collect_stats=True, check_schema=False)
    out = capsys.readouterr().out
    assert "data" in out
    assert sorted(os.listdir(existing.workspace())) == ["signac_statepoint.json"]
    assert stats.num_files == 1
    other = src.open_job({"a": 2}).init()
    dst.sync(src, dry_run=True, check_schema=False)
    assert other.id not in dst
    assert "signac_statepoint.json" in capsys.readouterr().out


@pytest.mark.parametrize("parallel", [True, 2])
def test_parallel_sync(src, dst, parallel):
    for i in range(12):
        job = src.open_job({"a": i}).init()
        _write(job, "data", str(i))
    dst.open_job({"a": 0}).init()
    stats = dst.sync(src, parallel=parallel, collect_stats=True, check_schema=False)
    assert len(dst) == 12
    assert stats.num_files == 1 + 11 * 2
    assert _read(dst.open_job({"a": 5}), "data") == "5"


def test_parallel_sync_conflict(src, dst):
    for i in range(4):
        _write(src.open_job({"a": i}).init(), "data", "new")
    _write(dst.open_job({"a": 3}).init(), "data", "old!")
    with pytest.raises(FileSyncConflict) as info:
        dst.sync(src, parallel=2, check_schema=False)
    assert info.value.filename == "data"


def test_parallel_with_unpicklable_strategy_uses_threads(src, dst):
    for i in range(4):
        _write(src.open_job({"a": i}).init(), "data", "new")
    _write(dst.open_job({"a": 3}).init(), "data", "old!")
    dst.sync(src, parallel=2, strategy=lambda s, d, f: True, check_schema=False)
    assert _read(dst.open_job({"a": 3}), "data") == "new"


# -- fact 15 -----------------------------------------------------------------------------
def test_file_modify_proxy_signature_and_times(tmp_path):
    proxy = sync._FileModifyProxy()
    assert (proxy.root, proxy.follow_symlinks, proxy.dry_run, proxy.stats) == (
        None,
        True,
        False,
        None,
    )
    with pytest.raises(ValueError):
        sync._FileModifyProxy(times=True)
    sync._FileModifyProxy(permissions=True, times=True)


def test_proxy_copy_copytree_remove(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_text("1")
    proxy = sync._FileModifyProxy(
        root=str(tmp_path), permissions=True, times=True, collect_stats=True
    )
    proxy.copy(str(tmp_path / "a" / "f"), str(tmp_path / "g"))
    proxy.copytree(str(tmp_path / "a"), str(tmp_path / "b"))
    assert (tmp_path / "g").read_text() == "1" and (tmp_path / "b" / "f").read_text() == "1"
    assert proxy.stats == {"num_files": 2, "volume": 2}
    assert os.path.getmtime(tmp_path / "g") == os.path.getmtime(tmp_path / "a" / "f")
    proxy.remove(str(tmp_path / "b"))
    proxy.remove(str(tmp_path / "g"))
    assert sorted(os.listdir(tmp_path)) == ["a"]


def test_create_backup(tmp_path):
    fn = tmp_path / "f"
    fn.write_text("original")
    proxy = sync._FileModifyProxy()
    with proxy.create_backup(str(fn)) as backup:
        assert backup == str(fn) + "~" and os.path.exists(backup)
        fn.write_text("changed")
    assert fn.read_text() == "changed" and not os.path.exists(backup)
    with pytest.raises(KeyError):
        with proxy.create_backup(str(fn)):
            fn.write_text("broken")
            raise KeyError("boom")
    assert fn.read_text() == "changed" and not os.path.exists(str(fn) + "~")
    (tmp_path / "f~").write_text("stale")
    with pytest.raises(RuntimeError, match="already exists"):
        with proxy.create_backup(str(fn)):
            pass


def test_create_doc_backup_restores_on_error(pair, caplog):
    _, b = pair
    b.doc.x = 1
    proxy = sync._FileModifyProxy()
    with caplog.at_level(logging.INFO), pytest.raises(KeyError):
        with proxy.create_doc_backup(b.doc) as doc:
            assert isinstance(doc, syncutil._DocProxy)
            doc["x"] = 2
            doc["y"] = 3
            raise KeyError("boom")
    assert b.doc() == {"x": 1}
    # 1.7 restores silently (golden cli.json, cli-105: the conflict message only).
    assert caplog.records == []


def test_doc_proxy():
    doc = {"a": 1}
    proxy = syncutil._DocProxy(doc, dry_run=True)
    proxy["b"] = 2
    proxy.update({"c": 3})
    del proxy["a"]
    assert doc == {"a": 1}
    assert repr(proxy) == "_DocProxy({'a': 1})" and str(proxy) == "_DocProxy({'a': 1})"
    assert proxy == {"a": 1} and len(proxy) == 1 and "a" in proxy and list(proxy) == ["a"]
    live = syncutil._DocProxy(doc)
    live["b"] = 2
    assert doc == {"a": 1, "b": 2}
    assert sync._DocProxy is syncutil._DocProxy


def test_mkdir_p(tmp_path):
    _mkdir_p(str(tmp_path / "x" / "y"))
    _mkdir_p(str(tmp_path / "x" / "y"))
    assert os.path.isdir(tmp_path / "x" / "y")


def test_syncutil_names():
    import filecmp

    assert syncutil.dircmp is filecmp.dircmp
    assert issubclass(syncutil.dircmp_deep, filecmp.dircmp)
    assert sync.FileTransferStats is syncutil.FileTransferStats


def test_deep_compares_contents(pair):
    a, b = pair
    _write(a, "f", "aaaa")
    _write(b, "f", "bbbb")
    stat = os.stat(a.fn("f"))
    os.utime(b.fn("f"), ns=(stat.st_atime_ns, stat.st_mtime_ns))
    b.sync(a)  # same size and time: shallow comparison sees no difference
    with pytest.raises(FileSyncConflict):
        b.sync(a, deep=True)


# -- beyond 1.7: atomic copies, interrupted sync ------------------------------------------
def test_copies_go_through_a_temporary_name(pair, monkeypatch):
    a, b = pair
    _write(a, "f", "new")
    renames = []
    real = os.replace

    def spy(x, y):
        renames.append((os.path.basename(x), os.path.basename(y)))
        return real(x, y)

    monkeypatch.setattr(os, "replace", spy)
    b.sync(a)
    assert renames == [(".f.signac-tmp", "f")]


def test_interrupted_sync_resumes_cleanly(src, dst, tmp_path):
    for i in range(30):
        job = src.open_job({"a": i}).init()
        _write(job, "big", str(i) * 2_000_000)
    script = textwrap.dedent(
        f"""
        import shutil, signac_core
        real = shutil.copyfile
        count = 0
        def slow(*args, **kwargs):
            global count
            count += 1
            if count == 10:  # write half a file, then wait to be killed
                with open(args[1], "wb") as file:
                    file.write(b"half")
                print("half", flush=True)
                import time; time.sleep(60)
            return real(*args, **kwargs)
        shutil.copyfile = slow
        src = signac_core.get_project({str(src.root_directory())!r})
        dst = signac_core.get_project({str(dst.root_directory())!r})
        dst.sync(src)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "half"
    finally:
        child.kill()
        child.wait()
    partial = [j for j in dst]
    assert 0 < len(partial) < 30
    stale = [
        name
        for root, dirs, files in os.walk(dst.workspace())
        for name in dirs + files
        if name.endswith(".signac-tmp")
    ]
    assert stale  # the half-written copy sits under its temporary name
    for job in partial:  # no file under its real name is half-copied
        assert _read(job, "big") == _read(src.open_job(id=job.id), "big")
    # (the partial value sets differ from the source's: the schema check would refuse)
    dst.sync(src, check_schema=False)
    assert len(dst) == 30
    for job in src:
        assert _read(dst.open_job(id=job.id), "big") == _read(job, "big")
    leftovers = [
        name
        for root, dirs, files in os.walk(dst.workspace())
        for name in dirs + files
        if name.endswith(".signac-tmp")
    ]
    assert leftovers == []


# -- 1.7's copytree DeprecatedWarning and its log lines (golden cli-108 ... cli-111) ---------
def _copytree_warnings(record):
    return [w for w in record if str(w.message) == COPYTREE_WARNING]


def test_syncutil_copytree_warns_as_1_7(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_text("x")
    with pytest.warns(DeprecatedWarning) as record:
        syncutil.copytree(str(tmp_path / "a"), str(tmp_path / "b"))
    (warning,) = record
    assert str(warning.message) == COPYTREE_WARNING
    assert issubclass(warning.category, DeprecationWarning)
    assert warning.filename == __file__  # reported at the caller
    assert (tmp_path / "b" / "f").read_text() == "x"


def test_sync_jobs_and_job_sync_warn(pair):
    a, b = pair
    with pytest.warns(DeprecatedWarning) as record:
        sync_jobs(a, b)
    assert len(_copytree_warnings(record)) == 1
    with pytest.warns(DeprecatedWarning) as record:
        b.sync(a)
    assert len(_copytree_warnings(record)) == 1


def test_sync_projects_warns_once_before_the_jobs(src, dst):
    for i in range(3):
        src.open_job({"a": i}).init()
    with pytest.warns(DeprecatedWarning) as record:
        sync_projects(src, dst)
    assert len(_copytree_warnings(record)) == 1  # once per call, not per job
    with pytest.warns(DeprecatedWarning) as record:
        dst.sync(src, parallel=2)
    assert len(_copytree_warnings(record)) == 1


def test_no_warning_without_jobs_or_before_the_project_document(src, dst, recwarn):
    sync_projects(src, dst)  # no job: the per-job phase never starts
    src.doc.p = 1
    dst.doc.p = 2
    src.open_job({"a": 1}).init()
    with pytest.raises(DocumentSyncConflict):
        sync_projects(src, dst)
    assert _copytree_warnings(recwarn.list) == []


def test_copytree_warning_follows_the_warnings_machinery(tmp_path):
    # Hidden by default (a DeprecationWarning outside __main__); with the default action
    # shown once per process however many syncs; an "error" filter raises it.
    code = textwrap.dedent(
        """
        import sys, warnings
        import signac_core
        from signac_core.sync import sync_jobs, sync_projects
        if sys.argv[1] != "none":
            warnings.simplefilter(sys.argv[1], DeprecationWarning)
        src = signac_core.init_project("s", root="src")
        dst = signac_core.init_project("d", root="dst")
        a = src.open_job({"a": 1}).init()
        try:
            sync_projects(src, dst)
        except DeprecationWarning as error:
            print("raised:", error)
            sys.exit(0)
        sync_projects(src, dst)
        sync_jobs(a, dst.open_job({"a": 1}))
        print(len(dst))
        """
    )

    def run(action):
        proc = subprocess.run(
            [sys.executable, "-c", code, action],
            cwd=tmp_path / action,
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout, proc.stderr

    for action in ("none", "default", "error"):
        (tmp_path / action).mkdir()
    assert run("none") == ("1\n", "")
    out, err = run("default")
    assert out == "1\n"
    assert err.count(f"DeprecatedWarning: {COPYTREE_WARNING}") == 1
    assert run("error") == (f"raised: {COPYTREE_WARNING}\n", "")


def test_project_sync_logs_under_sync_as_1_7(src, dst, caplog):
    for i in range(3):
        src.open_job({"a": i}).init()
    dst.open_job({"a": 0}).init()
    with caplog.at_level(logging.INFO, logger="sync"):
        sync_projects(src, dst, dry_run=True, check_schema=False)
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("sync", "INFO", "Synchronizing project 'src' to 'dst'."),
        ("sync", "INFO", "Performing dry run!"),
        ("sync", "INFO", "Project sync progress: 1/3"),
        ("sync", "INFO", "Project sync progress: 2/3"),
        ("sync", "INFO", "Project sync progress: 3/3"),
        ("sync", "INFO", "Cloned 2 and synchronized 1 job(s)."),
    ]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="sync"):
        sync_projects(src, dst, parallel=2, check_schema=False)
    assert [r.getMessage() for r in caplog.records] == [
        "Synchronizing project 'src' to 'dst'.",
        "Cloned 2 and synchronized 1 job(s).",
    ]
