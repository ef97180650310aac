"""Export (facts 1-6 of the data-movement issue) and the refusal of escaping paths."""

import os
import shutil
import tarfile
import zipfile

import pytest

from signac_core.import_export import _SchemaPathEvaluationError, export_jobs


def _init(project, *statepoints):
    jobs = []
    for sp in statepoints:
        job = project.open_job(sp).init()
        with open(job.fn("out.txt"), "w") as file:
            file.write(job.id)
        jobs.append(job)
    return jobs


def _rel(result):
    return sorted(result.values())


# -- fact 1: the default path --------------------------------------------------------------
def test_default_path_orders_keys_by_count_then_name(project):
    _init(project, {"b": 0, "a": 0, "c": 1}, {"b": 1, "a": 0, "c": 2}, {"b": 1, "a": 1, "c": 3})
    result = project.export_to(os.path.join(project.root_directory(), "out"))
    # a and b have 2 values, c has 3: a, b, c
    assert _rel(result) == ["a/0/b/0/c/1", "a/0/b/1/c/2", "a/1/b/1/c/3"]


def test_default_path_nested_keys_are_dotted(project):
    _init(project, {"d": {"b": 1}, "k": 0}, {"d": {"b": 2}, "k": 0})
    assert _rel(project.export_to("out")) == ["d.b/1", "d.b/2"]


def test_default_path_drops_constant_key_only_when_every_job_has_it(project):
    _init(project, {"a": 1, "c": 5}, {"a": 2, "c": 5}, {"a": 3})
    # c has one value but not every job has it: kept (first: 1 value); a job without c skips it
    assert _rel(project.export_to("out")) == ["a/3", "c/5/a/1", "c/5/a/2"]


def test_default_path_mapping_counts_one_extra_value(project):
    # x: 1 / 2 / a mapping: three distinct values, like y (3 values); x < y
    _init(project, {"x": 1, "y": 1}, {"x": 2, "y": 2}, {"x": {"q": 0}, "y": 3})
    assert _rel(project.export_to("out")) == ["x.q/0/y/3", "x/1/y/1", "x/2/y/2"]


def test_default_path_lists_render_as_tuples(project):
    _init(project, {"a": [0, 0]}, {"a": [1, 0]})
    assert _rel(project.export_to("out")) == ["a/(0, 0)", "a/(1, 0)"]


# -- fact 2: one job, no job ----------------------------------------------------------------
def test_one_job_is_exported_straight_into_the_target(project, tmp_path):
    (job,) = _init(project, {"a": 1})
    target = str(tmp_path / "single")
    assert project.export_to(target) == {job.workspace(): ""}
    assert sorted(os.listdir(target)) == ["out.txt", "signac_statepoint.json"]


def test_no_job_creates_nothing(project, tmp_path):
    target = str(tmp_path / "nothing")
    assert project.export_to(target) == {}
    assert not os.path.exists(target)
    assert project.export_to(str(tmp_path / "nothing.zip")) == {}


# -- fact 3: path templates -------------------------------------------------------------
@pytest.fixture
def three(project):
    return _init(
        project,
        {"a": 0, "c": 0, "d": {"c": 1}},
        {"a": 1, "c": 1, "d": {"c": 2}},
        {"a": 2, "c": 0, "d": {"c": 3}},
    )


def test_template_fields(project, three):
    assert _rel(project.export_to("o1", path="{a}")) == ["0", "1", "2"]
    assert _rel(project.export_to("o2", path="x/{job.sp.a}")) == ["x/0", "x/1", "x/2"]
    assert _rel(project.export_to("o3", path="{job.id}")) == sorted(j.id for j in three)
    assert _rel(project.export_to("o4", path="{d.c}")) == ["1", "2", "3"]


def test_auto_uses_the_keys_not_named_by_a_field(project, three):
    # {a} uses up a, {job.sp.a} does not
    assert _rel(project.export_to("o1", path="{a}/{{auto}}")) == [
        "0/c/0/d.c/1",
        "1/c/1/d.c/2",
        "2/c/0/d.c/3",
    ]
    assert _rel(project.export_to("o2", path="{job.sp.a}/{{auto}}"))[0] == "0/c/0/a/0/d.c/1"
    assert _rel(project.export_to("o3", path="{d.c}/{{auto}}"))[0] == "1/c/0/a/0"


def test_auto_format_spec_is_the_separator(project):
    _init(project, {"c": 0, "d": 1}, {"c": 1, "d": 2})
    assert _rel(project.export_to("o", path="{{auto:_}}")) == ["c_0_d_1", "c_1_d_2"]


def test_single_brace_auto_is_an_unknown_key(project, three):
    with pytest.raises(_SchemaPathEvaluationError, match="Unknown key: 'auto'"):
        project.export_to("o", path="{auto}")


def test_path_false_is_the_job_id(project, three):
    assert _rel(project.export_to("o", path=False)) == sorted(j.id for j in three)


def test_callable_path(project, three):
    result = project.export_to("o", path=lambda job: f"run_{job.sp.a}")
    assert _rel(result) == ["run_0", "run_1", "run_2"]


# -- fact 4: errors ------------------------------------------------------------------------
def test_paths_not_unique(project, three):
    with pytest.raises(RuntimeError, match="not unique"):
        project.export_to("o", path="{c}")
    assert not os.path.exists("o")


def test_leaf_and_node(project):
    _init(project, {"a": "x"}, {"a": ""})
    with pytest.raises(RuntimeError, match="The path 'a' is both a leaf and node"):
        project.export_to("o")
    assert not os.path.exists("o")


def test_no_determinable_path(project):
    _init(project, {"a": 1}, {"a": 2}, {})
    with pytest.raises(RuntimeError, match="Unable to determine path for job"):
        project.export_to("o")


def test_unknown_extension_is_a_type_error(project, three):
    with pytest.raises(TypeError, match="Unknown extension '.rar'"):
        project.export_to("o.rar")
    assert not os.path.exists("o.rar")


def test_copytree_with_archive_is_a_value_error(project, three):
    with pytest.raises(ValueError, match="copytree"):
        project.export_to("o.zip", copytree=shutil.copytree)


@pytest.mark.parametrize("path", [True, 1, ["a"]])
def test_bad_path_type_is_a_value_error(project, three, path):
    with pytest.raises(ValueError, match="path"):
        project.export_to("o", path=path)


# -- fact 5: mapping and copytree ----------------------------------------------------------
def test_result_maps_absolute_source_to_relative_destination(project, three, tmp_path):
    result = project.export_to(str(tmp_path / "o"), path="{a}")
    assert result == {job.workspace(): str(job.sp.a) for job in three}
    assert all(os.path.isabs(src) for src in result)


def test_copytree_is_called_after_parents_exist_so_os_replace_moves(project, three, tmp_path):
    sources = [job.workspace() for job in three]
    result = project.export_to(str(tmp_path / "o"), path="deep/{a}", copytree=os.replace)
    assert sorted(result.values()) == ["deep/0", "deep/1", "deep/2"]
    assert not any(os.path.exists(src) for src in sources)
    with open(tmp_path / "o" / "deep" / "1" / "out.txt") as file:
        assert file.read() == three[1].id


def test_cursor_export_to(project, three, tmp_path):
    result = project.find_jobs({"c": 0}).export_to(str(tmp_path / "o"))
    assert sorted(result.values()) == ["a/0/d.c/1", "a/2/d.c/3"]  # the schema of the selection


# -- fact 6: archive formats --------------------------------------------------------------
def test_zip_is_deflated_with_file_members_only(project, three, tmp_path):
    os.mkdir(three[0].fn("sub"))
    with open(three[0].fn("sub/x"), "w") as file:
        file.write("x")
    target = str(tmp_path / "o.zip")
    project.export_to(target, path="a/{a}")
    with zipfile.ZipFile(target) as zf:
        infos = zf.infolist()
    assert all(not info.is_dir() for info in infos)
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos)
    assert "a/0/sub/x" in {info.filename for info in infos}


@pytest.mark.parametrize(
    ("ext", "mode"), [(".tar.gz", "r:gz"), (".tar.bz2", "r:bz2"), (".tar.xz", "r:xz")]
)
def test_compressed_tar(project, three, tmp_path, ext, mode):
    target = str(tmp_path / f"o{ext}")
    project.export_to(target, path="a/{a}")
    with tarfile.open(target, mode) as tf:
        names = tf.getnames()
        dirs = {m.name for m in tf.getmembers() if m.isdir()}
    assert "a/0/out.txt" in names
    assert {"a/0", "a/1", "a/2"} <= dirs  # directory entries included
    assert not any(n.startswith(("./", "/")) for n in names)


def test_tar_appends(project, three, tmp_path):
    target = str(tmp_path / "o.tar")
    project.find_jobs({"a": 0}).export_to(target, path="first")
    project.find_jobs({"a": 1}).export_to(target, path="second")
    with tarfile.open(target) as tf:
        names = tf.getnames()
    assert "first/out.txt" in names and "second/out.txt" in names


def test_long_names_survive_tar_round_trip(project, tmp_path):
    (job,) = _init(project, {"a": 1})
    long_name = "n" * 150
    with open(job.fn(long_name), "w") as file:
        file.write("long")
    target = str(tmp_path / "long.tar.gz")
    project.export_to(target, path="x" * 60 + "/{job.id}")
    with tarfile.open(target) as tf:
        assert any(name.endswith(long_name) and len(name) > 100 for name in tf.getnames())
    job.remove()
    project.import_from(target)
    with open(project.open_job({"a": 1}).fn(long_name)) as file:
        assert file.read() == "long"


def test_export_to_open_archive_objects(project, three, tmp_path):
    with zipfile.ZipFile(str(tmp_path / "o.zip"), "w") as zf:
        assert len(dict(export_jobs(list(project), zf))) == 3
    with tarfile.open(str(tmp_path / "o.tar"), "w") as tf:
        assert len(dict(export_jobs(list(project), tf))) == 3
    with pytest.raises(TypeError, match="Unknown target type"):
        dict(export_jobs(list(project), 42))


# -- beyond 1.7: nothing is written outside the target ----------------------------------
@pytest.mark.parametrize(
    ("statepoints", "path"),
    [
        ([{"a": "x"}, {"a": ""}], "{a}/x"),  # an empty a makes "/x"
        ([{"a": 1}], "{{auto}}/leaf"),  # the one-job auto path is empty: "/leaf"
        ([{"a": 1}, {"a": 2}], "../{a}"),
        ([{"a": 1}, {"a": 2}], "{a}/../../up"),
    ],
)
@pytest.mark.parametrize("ext", ["", ".zip", ".tar.gz"])
def test_escaping_paths_are_refused_before_anything_is_written(
    project, tmp_path, statepoints, path, ext
):
    jobs = _init(project, *statepoints)
    target = str(tmp_path / "box" / f"target{ext}")
    os.mkdir(tmp_path / "box")
    with pytest.raises(ValueError, match="outside") as info:
        project.export_to(target, path=path)
    assert any(job.id in str(info.value) for job in jobs)
    assert os.listdir(tmp_path / "box") == []
    assert not os.path.exists("/x") and not os.path.exists("/leaf")


def test_callable_path_escaping_is_refused(project, tmp_path):
    (job,) = _init(project, {"a": 1})
    with pytest.raises(ValueError, match=job.id):
        project.export_to(str(tmp_path / "o"), path=lambda j: "/abs/elsewhere")
    assert not os.path.exists(tmp_path / "o")


def test_existing_destination_is_refused_before_copying(project, three, tmp_path):
    os.makedirs(tmp_path / "o" / "a" / "2")
    with pytest.raises(FileExistsError):
        project.export_to(str(tmp_path / "o"), path="a/{a}")
    assert sorted(os.listdir(tmp_path / "o" / "a")) == ["2"]


@pytest.mark.parametrize("order", [1, -1])
def test_existing_destination_named_is_the_first_in_path_order(project, tmp_path, order):
    # The jobs' order (the file system's listing order) does not change which is named.
    jobs = _init(project, *({"a": i, "b": "x" if i < 2 else "y"} for i in range(4)))
    target = tmp_path / "o"
    for rel in ("b/y/a/3", "b/x/a/1", "b/y/a/2"):
        os.makedirs(target / rel)
    before = sorted(str(p.relative_to(target)) for p in target.rglob("*"))
    with pytest.raises(FileExistsError) as info:
        list(export_jobs(jobs[::order], str(target), path="b/{b}/a/{a}"))
    assert info.value.errno == 17
    assert info.value.filename == os.path.join(str(target), "b/x/a/1")
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == before
