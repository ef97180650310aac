import json
import warnings

import pytest

from signac_core import JobsCursor
from signac_core.filters import parse_filter_arg
from signac_core.warnings import SignacDeprecationWarning


@pytest.fixture
def space(project):
    for i in range(6):
        job = project.open_job({"a": i, "b": {"c": i % 2}, "s": f"name{i}", "l": [i, 0]}).init()
        job.doc.d = i * 10
        if i % 3 == 0:
            job.doc.tag = "x"
    project.open_job({"other": True}).init()
    return project


def sps(cursor, key="a"):
    return sorted(job.sp[key] for job in cursor)


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"a": 1}, [1]),
        ({"sp.a": 1}, [1]),
        ({"sp": {"a": 1, "b": {"c": 1}, "s": "name1", "l": [1, 0]}}, [1]),
        ({"b.c": 0}, [0, 2, 4]),
        ({"sp.b.c": 0}, [0, 2, 4]),
        ({"b": {"c": 1}}, [1, 3, 5]),
        ({"a": {"$lt": 2}}, [0, 1]),
        ({"a": {"$lte": 2}}, [0, 1, 2]),
        ({"a": {"$gt": 3}}, [4, 5]),
        ({"a": {"$gte": 3}}, [3, 4, 5]),
        ({"a": {"$ne": 3}, "b.c": 1}, [1, 5]),
        ({"a": {"$eq": 3}}, [3]),
        ({"a": {"$in": [1, 2, 9]}}, [1, 2]),
        ({"a": {"$nin": [1, 2]}, "s": {"$exists": True}}, [0, 3, 4, 5]),
        ({"$or": [{"a": 0}, {"b.c": 1}]}, [0, 1, 3, 5]),
        ({"$and": [{"a": {"$gt": 0}}, {"b.c": 0}]}, [2, 4]),
        ({"s": {"$regex": "e[34]"}}, [3, 4]),
        ({"s": {"$type": "str"}}, [0, 1, 2, 3, 4, 5]),
        ({"a": {"$where": "lambda x: x % 5 == 0"}}, [0, 5]),
        ({"a": {"$near": [2.0, 0.1]}}, [2]),
        ({"a": 1.0}, [1]),  # whole numbers match regardless of int/float
        ({"l": [2, 0]}, [2]),
        ({"doc.d": 20}, [2]),
        ({"doc.d": {"$gte": 30}}, [3, 4, 5]),
        ({"doc.tag": "x"}, [0, 3]),
        ({"doc.tag": {"$exists": False}, "a": {"$exists": True}}, [1, 2, 4, 5]),
        ({"a": {"$lt": 4}, "doc.tag": "x"}, [0, 3]),
        ({"$or": [{"doc.tag": "x"}, {"sp.a": 1}]}, [0, 1, 3]),
        ({"doc": {"d": 10}}, [1]),
    ],
)
def test_namespaced_filters(space, filter, expected):
    cursor = space.find_jobs(filter)
    assert sps(cursor) == expected
    assert len(cursor) == len(expected)


def test_no_filter_returns_all_jobs(space):
    assert len(space.find_jobs()) == 7
    assert len(space.find_jobs({})) == 7
    assert len(space.find_jobs(None, None)) == 7
    assert len(list(space.find_jobs())) == 7
    assert len(space.find_jobs({"other": {"$exists": False}})) == 6


def test_doc_filter_is_accepted_and_deprecated(space):
    # 1.7 (golden cli.json, cli-035): a plain DeprecationWarning with this text.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cursor = space.find_jobs(doc_filter={"d": 20})
    assert [(w.category, str(w.message)) for w in caught] == [
        (
            DeprecationWarning,
            "The doc_filter argument was deprecated in version 1.7 and will be removed in "
            "version 3.0. Users should instead use a filter with a 'doc.' prefix. For example, "
            "`doc_filter={'foo': 'bar'}` is equivalent to `filter={'doc.foo': 'bar'}`. See "
            "https://docs.signac.io/en/latest/query.html#query-namespaces for more information.",
        )
    ]
    assert sps(cursor) == [2]
    with pytest.warns(DeprecationWarning):
        cursor = space.find_jobs({"b.c": 1}, {"d": {"$gt": 20}})
    assert sps(cursor) == [3, 5]
    with pytest.warns(DeprecationWarning):
        cursor = space.find_jobs({"$or": [{"a": 0}, {"a": 1}]}, {"$or": [{"d": 10}, {"d": 50}]})
    assert sps(cursor) == [1]


def test_find_job_ids_is_deprecated(space):
    with pytest.warns(SignacDeprecationWarning):
        ids = space.find_job_ids({"a": 1})
    assert ids == [space.open_job({"a": 1, "b": {"c": 1}, "s": "name1", "l": [1, 0]}).id]
    with pytest.warns(SignacDeprecationWarning):
        assert len(space.find_job_ids()) == 7


def test_cursor_contains(space):
    cursor = space.find_jobs({"b.c": 1})
    for job in space:
        assert (job in cursor) == (job.sp.get("b", {}).get("c") == 1)
        assert (job.id in cursor) == (job in cursor)
    everything = space.find_jobs()
    assert all(job in everything for job in space)
    assert space.open_job({"nope": 1}) not in everything


def test_cursor_reflects_changes(space):
    cursor = space.find_jobs({"a": {"$gt": 3}})
    assert len(cursor) == 2
    space.open_job({"a": 10}).init()
    assert len(cursor) == 3
    next(iter(cursor)).remove()
    assert len(cursor) == 2


def test_invalid_filters(space):
    with pytest.raises(ValueError):
        space.find_jobs({"a": {"$foo": 1}})
    with pytest.raises(ValueError):
        space.find_jobs({"$and": {"a": 1}})
    with pytest.raises(TypeError):
        space.find_jobs({"a": object()})
    with pytest.raises(ValueError):
        space.find_jobs(["a"])
    with pytest.raises(TypeError):
        space.find_jobs({1: 2})
    with pytest.raises(TypeError):  # signac 1.7: an $or item must be a mapping
        space.find_jobs({"$or": [1]})
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError):
        space.find_jobs(doc_filter={"$and": "x"})


def test_string_filter(space):
    assert sps(space.find_jobs("a 1")) == [1]


def test_parse_filter_arg(capsys):
    import io

    assert parse_filter_arg(None) is None
    assert parse_filter_arg([]) is None
    assert parse_filter_arg(['{"a": {"$gt": 1}}']) == {"a": {"$gt": 1}}
    assert capsys.readouterr() == ("", "")  # a JSON argument is parsed silently
    assert parse_filter_arg(["a", "1", "b"]) == {"a": 1, "b": {"$exists": True}}
    # By default the note goes to the standard error of the moment.
    assert capsys.readouterr().err == (
        'Interpreted filter arguments as \'{"a": 1, "b": {"$exists": true}}\'.\n'
    )
    assert parse_filter_arg(["name", "/foo/"]) == {"name": {"$regex": "foo"}}
    out = io.StringIO()
    assert parse_filter_arg(["a", "1"], file=out) == {"a": 1}
    assert out.getvalue() == "Interpreted filter arguments as '{\"a\": 1}'.\n"
    assert parse_filter_arg(["a.b.$lt", "42"], file=out) == {"a.b.$lt": 42}
    with pytest.raises(json.JSONDecodeError):
        parse_filter_arg(["{bad json}"])


def test_parse_filter_arg_filters_search(space):
    """Keys pass through; namespaces and operators are the query engine's."""
    import io

    out = io.StringIO()
    assert sps(space.find_jobs(parse_filter_arg(["a", '{"$lt": 2}'], file=out))) == [0, 1]
    assert sps(space.find_jobs(parse_filter_arg(["sp.a", "3"], file=out))) == [3]
    assert sps(space.find_jobs(parse_filter_arg(["doc.tag", "x"], file=out))) == [0, 3]
    assert sps(space.find_jobs(parse_filter_arg(["s", "/name[12]/"], file=out))) == [1, 2]
    where = parse_filter_arg(["doc.d", '{"$where": "lambda x: x == 20"}'], file=out)
    assert sps(space.find_jobs(where)) == [2]


def test_cursor_next_is_deprecated(space):
    cursor = space.find_jobs({"a": {"$lt": 2}})
    with pytest.warns(SignacDeprecationWarning):
        first = cursor.next()
    second = next(cursor)
    assert {first.sp.a, second.sp.a} == {0, 1}
    with pytest.raises(StopIteration):
        next(cursor)
    assert next(cursor) in (first, second)  # starts over


def test_cursor_repr(space):
    cursor = space.find_jobs({"a": 1})
    assert repr(cursor) == f"JobsCursor(project={space!r}, filter={{'sp.a': 1}})"
    assert isinstance(cursor, JobsCursor)
