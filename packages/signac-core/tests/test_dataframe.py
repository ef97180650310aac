import pytest

pd = pytest.importorskip("pandas")


@pytest.fixture
def space(project):
    for i in range(4):
        job = project.open_job({"a": i, "b": {"c": i % 2}}).init()
        job.doc.d = i * 10
        job.doc.notes = {"x": str(i)}
    return project


def test_to_dataframe(space):
    df = space.to_dataframe()
    assert set(df.columns) == {"sp.a", "sp.b", "doc.d", "doc.notes"}
    assert len(df) == 4
    assert set(df.index) == {job.id for job in space}
    job = space.open_job({"a": 2, "b": {"c": 0}})
    assert df.loc[job.id, "sp.a"] == 2
    assert df.loc[job.id, "sp.b"] == {"c": 0}
    assert df.loc[job.id, "doc.d"] == 20
    assert df["sp.a"].dtype.kind == "i"


def test_to_dataframe_prefixes_usecols_flatten(space):
    df = space.to_dataframe(sp_prefix="", doc_prefix="document_")
    assert set(df.columns) == {"a", "b", "document_d", "document_notes"}
    df = space.to_dataframe(usecols=["sp.a", "doc.d"])
    assert list(sorted(df.columns)) == ["doc.d", "sp.a"]
    df = space.to_dataframe(usecols=lambda column: column.startswith("sp."))
    assert set(df.columns) == {"sp.a", "sp.b"}
    df = space.to_dataframe(flatten=True)
    assert set(df.columns) == {"sp.a", "sp.b.c", "doc.d", "doc.notes.x"}
    df = space.to_dataframe(flatten=True, usecols=["sp.b.c"])
    assert list(df.columns) == ["sp.b.c"]


def test_cursor_to_dataframe(space):
    df = space.find_jobs({"b.c": 1}).to_dataframe()
    assert sorted(df["sp.a"]) == [1, 3]


def test_heterogeneous_columns(project):
    project.open_job({"a": 1}).init()
    project.open_job({"b": 2}).init()
    df = project.to_dataframe()
    assert set(df.columns) == {"sp.a", "sp.b"}
    assert df["sp.a"].isna().sum() == 1


def test_empty_project(project):
    assert len(project.to_dataframe()) == 0


def test_without_pandas(space, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install signac-core\[pandas\]"):
        space.to_dataframe()
    assert "job(s) found" in space._repr_html_()
