import pytest

from signac_core.warnings import SignacDeprecationWarning


@pytest.fixture
def space(project):
    for a in range(3):
        for b in range(2):
            job = project.open_job({"a": a, "b": b, "n": {"c": a % 2}}).init()
            job.doc.d = a + b
            job.doc.nested = {"e": b}
    project.open_job({"a": 10}).init()  # no 'b', no document keys
    return project


def summarize(groups):
    return [(key, sorted((job.sp.a, job.sp.get("b")) for job in group)) for key, group in groups]


def test_groupby_single_key(space):
    result = summarize(space.groupby("b"))
    assert result == [(0, [(0, 0), (1, 0), (2, 0)]), (1, [(0, 1), (1, 1), (2, 1)])]
    assert summarize(space.groupby("sp.b")) == result
    assert summarize(space.find_jobs().groupby("b")) == result


def test_groupby_nested_key(space):
    keys = [key for key, _ in space.groupby("n.c")]
    assert keys == [0, 1]


def test_groupby_multiple_keys(space):
    keys = [key for key, _ in space.groupby(("a", "b"))]
    assert keys == [(a, b) for a in range(3) for b in range(2)]
    keys = [key for key, _ in space.groupby(["b", "doc.d"])]
    assert keys == [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (1, 3)]


def test_groupby_document_keys(space):
    result = [(key, len(list(group))) for key, group in space.groupby("doc.d")]
    assert result == [(0, 1), (1, 2), (2, 2), (3, 1)]
    assert [key for key, _ in space.groupby("doc.nested.e")] == [0, 1]


def test_groupby_missing_keys_and_default(space):
    assert sum(len(list(g)) for _, g in space.groupby("b")) == 6
    result = summarize(space.groupby("b", default=-1))
    assert result[0] == (-1, [(10, None)])
    assert sum(len(jobs) for _, jobs in result) == 7
    assert [k for k, _ in space.groupby("doc.d", default=-1)][0] == -1
    assert [k for k, _ in space.groupby(("a", "b"), default=-1)][-1] == (10, -1)


def test_groupby_callable_and_none(space):
    result = [(key, len(list(group))) for key, group in space.groupby(lambda job: job.sp.a % 2)]
    assert result == [(0, 5), (1, 2)]
    result = list(space.groupby(lambda job: (job.sp.get("b", 0), job.document.get("d", 0))))
    assert len(result) == 6
    by_id = [(key, list(group)) for key, group in space.groupby()]
    assert len(by_id) == 7
    assert [key for key, _ in by_id] == sorted(job.id for job in space)
    assert all(len(group) == 1 and group[0].id == key for key, group in by_id)


def test_groupby_on_filtered_cursor(space):
    result = [(key, len(list(group))) for key, group in space.find_jobs({"a": 1}).groupby("b")]
    assert result == [(0, 1), (1, 1)]
    result = [(key, len(list(g))) for key, g in space.find_jobs({"doc.d": 2}).groupby("a")]
    assert result == [(1, 1), (2, 1)]


def test_groupby_mixed_types(project):
    for value in (1, "x", None, 2.5, [1], True):
        project.open_job({"a": value}).init()
    keys = [key for key, _ in project.groupby("a")]
    assert len(keys) == 6


def test_groupbydoc_is_deprecated(space):
    # One document lacks "d": without a default that is a KeyError (fact 21 of issue 11).
    with pytest.warns(SignacDeprecationWarning), pytest.raises(KeyError):
        space.groupbydoc("d")
    with_d = space.find_jobs({"doc.d": {"$exists": True}})
    with pytest.warns(SignacDeprecationWarning):
        result = [(key, len(list(group))) for key, group in with_d.groupbydoc("d")]
    assert result == [(0, 1), (1, 2), (2, 2), (3, 1)]
    with pytest.warns(SignacDeprecationWarning):
        keys = [key for key, _ in space.find_jobs({"a": 1}).groupbydoc(("d", "nested"))]
    assert keys == [(1, {"e": 0}), (2, {"e": 1})]
    with pytest.warns(SignacDeprecationWarning):
        result = [(k, len(list(g))) for k, g in space.groupbydoc(lambda doc: "d" in doc)]
    assert result == [(False, 1), (True, 6)]
    with pytest.warns(SignacDeprecationWarning):
        assert len(list(space.groupbydoc())) == 7
    with pytest.warns(SignacDeprecationWarning):
        keys = [k for k, _ in space.groupbydoc("d", default=-1)]
    assert keys[0] == -1
