"""Many writers: processes that update one document or initialize the same jobs."""

import multiprocessing
import os
import random

import pytest

import signac_core

N_PROCS = 8


def _context():
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _update_document(root, job_id, worker, n_keys):
    project = signac_core.get_project(root)
    job = project.open_job(id=job_id)
    for i in range(n_keys):
        job.doc[f"w{worker}_k{i}"] = i
        job.doc.setdefault("shared", {})
    return worker


def _init_jobs(root, seed, n_jobs):
    project = signac_core.get_project(root)
    values = list(range(n_jobs))
    random.Random(seed).shuffle(values)
    for value in values:
        job = project.open_job({"a": value, "b": {"c": value % 3}}).init()
        assert job.sp.a == value
    return len(project)


def _read_while_writing(root, stop, errors):
    project = signac_core.get_project(root)
    rounds = 0
    while (not stop.is_set() or rounds < 2) and rounds < 10_000:
        try:
            for job in project:
                job.statepoint()
            project.check()
            list(project.find_jobs({"b.c": 1}))
        except Exception as error:  # reported to the parent
            errors.put(repr(error))
            return
        rounds += 1


def test_many_processes_update_one_document(project):
    job = project.open_job({"a": 1}).init()
    job.doc.start = True
    n_keys = 15
    with _context().Pool(N_PROCS) as pool:
        results = pool.starmap(
            _update_document,
            [(project.root_directory(), job.id, w, n_keys) for w in range(N_PROCS)],
        )
    assert sorted(results) == list(range(N_PROCS))
    doc = job.doc()
    assert doc["start"] is True
    for w in range(N_PROCS):
        for i in range(n_keys):
            assert doc[f"w{w}_k{i}"] == i
    assert len(doc) == N_PROCS * n_keys + 2
    assert sorted(os.listdir(job.ws)) == ["signac_job_document.json", "signac_statepoint.json"]


def test_many_processes_init_overlapping_jobs(project):
    n_jobs = 40
    ctx = _context()
    stop, errors = ctx.Event(), ctx.Queue()
    reader = ctx.Process(
        target=_read_while_writing, args=(project.root_directory(), stop, errors), daemon=True
    )
    reader.start()
    try:
        with ctx.Pool(N_PROCS) as pool:
            sizes = pool.starmap(
                _init_jobs, [(project.root_directory(), seed, n_jobs) for seed in range(N_PROCS)]
            )
    finally:
        stop.set()
        reader.join(60)
        if reader.is_alive():  # pragma: no cover
            reader.terminate()
    assert errors.empty(), errors.get()
    assert reader.exitcode == 0
    assert all(0 < size <= n_jobs for size in sizes)
    assert len(project) == n_jobs
    project.check()
    assert sorted(job.sp.a for job in project) == list(range(n_jobs))
    for job in project:
        assert sorted(os.listdir(job.ws)) == ["signac_statepoint.json"]
    assert not [f for f in os.listdir(project.workspace()) if f.startswith(".")]


def test_threads_init_the_same_job(project):
    from concurrent.futures import ThreadPoolExecutor

    def work(i):
        return project.open_job({"a": i % 5}).init().id

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(work, range(100)))
    assert len(set(ids)) == 5
    assert len(project) == 5
    project.check()


@pytest.mark.parametrize("n", [3])
def test_concurrent_statepoint_change_and_init(project, n):
    # A job moved by one handle while another initializes the destination:
    # exactly one wins, nothing is lost.
    job = project.open_job({"a": 0}).init()
    job.doc.payload = "keep"
    other = project.open_job({"a": 1}).init()
    with pytest.raises(signac_core.errors.DestinationExistsError):
        job.sp.a = 1
    assert job.doc.payload == "keep"
    assert other in project and job in project
