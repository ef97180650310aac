"""Issue 11, fact 4: an operator may sit in the key of a job filter (signac 1.7).

``{'a.$lt': 5}`` means ``{'a': {'$lt': 5}}``, also below a nested mapping; the
filter language is signac-collection's, so ``find_jobs`` and what is built on
it (``detect_schema(subset=...)``, ``to_dataframe``) get it through ``compile_filter``.
"""

import pytest


@pytest.fixture
def space(project):
    for i in range(6):
        job = project.open_job({"a": i, "e": {"a": i} if i % 2 else {}}).init()
        job.doc.d = i
    return project


def sps(cursor):
    return sorted(job.sp.a for job in cursor)


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"a.$lt": 3}, [0, 1, 2]),
        ({"sp.a.$lt": 3}, [0, 1, 2]),
        ({"e.a.$exists": False}, [0, 2, 4]),
        ({"e": {"a.$exists": True}}, [1, 3, 5]),
        ({"sp": {"e": {"a.$gte": 3}}}, [3, 5]),
        ({"doc.d.$gt": 3}, [4, 5]),
        ({"$or": [{"a.$in": [0, 1]}, {"doc.d.$eq": 5}]}, [0, 1, 5]),
    ],
)
def test_find_jobs(space, filter, expected):
    assert sps(space.find_jobs(filter)) == expected
    assert sps(space.find_jobs(filter)) == sps(space.find_jobs(_operator_below(filter)))


def _operator_below(filter):
    """The same filter with every operator moved out of the key into a mapping."""
    out = {}
    for key, value in filter.items():
        if key.startswith("$"):
            out[key] = [_operator_below(f) for f in value]
        elif isinstance(value, dict):
            out[key] = _operator_below(value)
        elif ".$" in key:
            head, _, op = key.rpartition(".")
            out[head] = {op: value}
        else:
            out[key] = value
    return out


def test_detect_schema_and_to_dataframe_of_a_subset(space):
    schema = space.detect_schema(subset=space.find_jobs({"a.$lt": 2}))
    assert sorted(schema["a"][int]) == [0, 1]
    frame = space.find_jobs({"e.a.$exists": True}).to_dataframe()
    assert sorted(frame["sp.a"]) == [1, 3, 5]
