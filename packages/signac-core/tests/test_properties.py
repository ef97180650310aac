"""Property tests: project behaviour against plain reference computations."""

import hashlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from signac_collection import Collection

import signac_core

keys = st.text(alphabet="abcxyz_", min_size=1, max_size=3)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 2)),
    st.text(alphabet="ab", max_size=2),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=6,
)
statepoints = st.dictionaries(keys, values, min_size=1, max_size=4)

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(sp=statepoints)
def test_job_id_and_manifest_round_trip(sp):
    with signac_core.TemporaryProject() as project:
        job = project.open_job(sp).init()
        expected = hashlib.md5(json.dumps(sp, sort_keys=True).encode()).hexdigest()
        assert job.id == expected
        fresh = signac_core.get_project(project.root_directory())
        assert fresh.open_job(id=job.id).sp() == sp
        assert [j.id for j in fresh] == [job.id]
        fresh.check()


filters = st.one_of(
    st.builds(lambda k, v: {k: v}, keys, scalars),
    st.builds(lambda k, v: {k: {"$ne": v}}, keys, scalars),
    st.builds(lambda k, v: {k: {"$gt": v}}, keys, st.integers(-5, 5)),
    st.builds(lambda k: {k: {"$exists": True}}, keys),
    st.builds(lambda k, v: {"doc." + k: v}, keys, scalars),
    st.builds(
        lambda a, b: {"$or": [a, b]},
        st.builds(lambda k, v: {k: v}, keys, scalars),
        st.builds(lambda k, v: {"doc." + k: v}, keys, scalars),
    ),
)


@SETTINGS
@given(
    jobs=st.lists(st.tuples(statepoints, st.dictionaries(keys, scalars, max_size=2)), max_size=8),
    filter=filters,
)
def test_find_jobs_matches_a_collection_query(jobs, filter):
    with signac_core.TemporaryProject() as project:
        for sp, doc in jobs:
            job = project.open_job(sp).init()
            job.doc.update(doc)
        index = [{"_id": job.id, "sp": job.sp(), "doc": job.doc()} for job in project]
        namespaced = signac_core.filters.namespaced_filter(filter)
        expected = set(Collection(index).find_ids(namespaced))
        assert {job.id for job in project.find_jobs(filter)} == expected
        assert len(project.find_jobs(filter)) == len(expected)
        fresh = signac_core.get_project(project.root_directory())
        assert {job.id for job in fresh.find_jobs(filter)} == expected
