import pytest

from signac_core.schema import ProjectSchema


@pytest.fixture
def space(project):
    for i in range(10):
        project.open_job(
            {
                "const": 0,
                "const2": {"const3": 0},
                "a": i,
                "b": {"b2": i},
                "c": [i if i % 2 else None, 0, 0],
                "d": [[i, 0, 0]],
                "e": {"e2": [i, 0, 0]} if i % 2 else 0,
                "f": {"f2": [[i, 0, 0]]},
            }
        ).init()
    return project


def test_detect_schema(space):
    s = space.detect_schema()
    assert isinstance(s, ProjectSchema)
    assert len(s) == 9
    for key in ("const", "const2.const3", "a", "b.b2", "c", "d", "e", "e.e2", "f.f2"):
        assert key in s
        assert key.split(".") in s
        assert tuple(key.split(".")) in s
        s[key]
        s[key.split(".")]
    assert "const2" not in s
    assert 42 not in s
    assert s["a"] == {int: set(range(10))}
    assert s["e"] == {int: {0}}
    assert s["c"][tuple] == {(None, 0, 0), (1, 0, 0), (3, 0, 0), (5, 0, 0), (7, 0, 0), (9, 0, 0)}
    assert repr(s) == "ProjectSchema(<len=9>)"
    assert s.format() == str(s)
    assert set(s.keys()) == set(s)
    assert dict(s.items())["a"] == s["a"]
    assert len(list(s.values())) == 9


def test_exclude_const(space):
    s = space.detect_schema(exclude_const=True)
    assert len(s) == 7
    assert "const" not in s
    assert ("const2", "const3") not in s
    assert "const2.const3" not in s
    assert type not in s["e"]


def test_heterogeneous_key_not_constant(project):
    project.open_job({"a": 0, "b": 1}).init()
    project.open_job({"a": 0}).init()
    s = project.detect_schema(exclude_const=True)
    assert "a" not in s
    assert "b" in s  # present in only some jobs: not constant


def test_format(project):
    for i in range(10):
        project.open_job({"foo": i, "bar": i / 3, "s": "x"}).init()
    s = project.detect_schema()
    text = s.format()
    assert text.splitlines()[0] == "{"
    assert text.splitlines()[-1] == "}"
    # Fact 20 of issue 11: one space of indentation (signac 1.7).
    assert " 'foo': 'int([0, 1, 2, ..., 8, 9], 10)'," in text.splitlines()
    assert " 's': 'str([x], 1)'," in text.splitlines()
    assert "'int([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 10)'" in s.format(max_num_range=10)
    assert "0.33" in s.format(precision=2)
    assert "0.3333333" in s.format()
    assert "'int([0, 1, ..., 8, 9], 10)'" in s.format(max_num_range=4)


def test_format_nested(space):
    # 'e' holds values (fewer than 'e.e2'), so it is met first: 1.7 fails.
    with pytest.raises(TypeError, match="does not support item assignment"):
        space.detect_schema().format(depth=2)
    schema = space.detect_schema(subset=[j for j in space.find_jobs() if j.sp.e != 0])
    text = schema.format(depth=2)
    assert "'b': {'b2':" in text
    assert "'e': {'e2':" in text
    assert "'b': {...}" in schema.format(depth=1)


def test_mixed_types(project):
    for value in (1, 2, 1.5, "x", True, None):
        project.open_job({"v": value}).init()
    s = project.detect_schema()
    # True equals 1, which was met first: it stands for both (as in signac 1.7).
    jobs = sorted(project, key=lambda job: [1, 2, 1.5, "x", True, None].index(job.sp.v))
    s = project.detect_schema(subset=jobs)
    assert s["v"] == {int: {1, 2}, float: {1.5}, str: {"x"}, type(None): {None}}
    text = s.format()
    for part in ("int([1, 2], 2)", "float([1.5], 1)", "str([x], 1)", "NoneType([None], 1)"):
        assert part in text
    assert "bool" not in text


def test_subset(space):
    jobs = list(space.find_jobs({"a": {"$lt": 3}}))
    s = space.detect_schema(subset=jobs)
    assert s["a"] == {int: {0, 1, 2}}
    s_ids = space.detect_schema(subset=[job.id for job in jobs])
    assert s == s_ids
    s_iter = space.detect_schema(subset=iter(jobs))
    assert s == s_iter


def test_difference_eq_call(space):
    full = space.detect_schema()
    sub = space.detect_schema(subset=list(space.find_jobs({"a": {"$lt": 3}})))
    assert full != sub
    assert full == space.detect_schema()
    diff = full.difference(sub)
    assert "a" in diff and "const" not in diff
    assert full.difference(sub, ignore_values=True) == set()
    assert sub.difference(full) >= {"a"}
    evaluated = full(job.statepoint() for job in space)
    assert evaluated == full
    assert full(list(space)) == full
    assert full(list(space.find_jobs({"a": {"$lt": 3}})))["a"] == {int: {0, 1, 2}}


def test_repr_html(space):
    text = space.detect_schema()._repr_html_()
    assert text.startswith("<strong>ProjectSchema(&lt;len=9&gt;)</strong><pre>")


def test_empty(project):
    s = project.detect_schema()
    assert len(s) == 0
    assert s.format() == "{\n}"
