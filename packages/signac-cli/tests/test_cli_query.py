"""Facts 5, 6, 7 and 11: statepoint, document, find, diff, schema."""

from __future__ import annotations

import json
from pprint import pformat

import pytest
from signac_core import get_project


def _project(runner):
    return get_project(root=str(runner.cwd))


# -- fact 5: statepoint and document -------------------------------------------------------
def test_statepoint_one_json_line_per_job(project):
    a, b, c = project.ids
    assert project.ok("statepoint", a, c).stdout == (
        '{"a": 0, "b": "x"}\n{"a": 2, "b": "y", "c": {"d": 1}}\n'
    )
    every = project.ok("statepoint", stdin=f"{a}\n").stdout.splitlines()
    assert sorted(every) == sorted(json.dumps(sp) for sp in map(json.loads, every))
    assert len(every) == 3  # ids on stdin are not read


def test_statepoint_keeps_insertion_order_and_sorts_on_request(project, jobs):
    (job_id,) = jobs(project.cwd, [{"z": 1, "a": {"y": 2, "b": 3}}])
    assert project.ok("statepoint", job_id).stdout == '{"z": 1, "a": {"y": 2, "b": 3}}\n'
    assert project.ok("statepoint", "-s", job_id).stdout == '{"a": {"b": 3, "y": 2}, "z": 1}\n'


def test_statepoint_indent_and_pretty(project):
    job_id = project.ids[2]
    sp = {"a": 2, "b": "y", "c": {"d": 1}}
    assert project.ok("statepoint", "-i", "4", job_id).stdout == json.dumps(sp, indent=4) + "\n"
    assert project.ok("statepoint", job_id, "-i").stdout == json.dumps(sp, indent=2) + "\n"
    assert project.ok("statepoint", "-p", "1", job_id).stdout == pformat(sp, depth=1) + "\n"
    assert project.ok("statepoint", job_id, "-p").stdout == pformat(sp, depth=3) + "\n"


def test_abbreviated_and_ambiguous_ids(project, jobs):
    job_id = project.ids[0]
    assert project.ok("statepoint", job_id[:5]).stdout == '{"a": 0, "b": "x"}\n'
    # Make two ids share a first character, then ask for it.
    ids = jobs(project.cwd, [{"n": i} for i in range(40)])
    prefix = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)
    n = _project(project).min_len_unique_id()
    result = project("statepoint", prefix)
    assert result.exit == 1
    assert result.stderr == (
        f"Error: Multiple matches for abbreviated id '{prefix}'. "
        f"Use at least {n} characters for guaranteed unique ids.\n"
    )
    assert project("document", prefix).stderr == result.stderr


def test_document_every_job_and_empty(project):
    a, b, c = project.ids
    assert project.ok("document", a).stdout == '{"score": 1, "tag": "foo"}\n'
    assert project.ok("document", b).stdout == "{}\n"
    lines = project.ok("document").stdout.splitlines()
    assert sorted(lines) == sorted(['{"score": 1, "tag": "foo"}', "{}", '{"score": 3}'])


def test_document_options(project):
    a = project.ids[0]
    assert project.ok("document", "-s", a).stdout == '{"score": 1, "tag": "foo"}\n'
    assert project.ok("document", "-i", "0", a).stdout == '{\n"score": 1,\n"tag": "foo"\n}\n'
    assert project.ok("document", "-p", "1", a).stdout == "{'score': 1, 'tag': 'foo'}\n"
    filtered = project.ok("document", "-f", "b", "x")
    assert sorted(filtered.stdout.splitlines()) == sorted(["{}", '{"score": 1, "tag": "foo"}'])
    assert filtered.stderr == 'Interpreted filter arguments as \'{"b": "x"}\'.\n'
    by_doc = project.ok("document", "-d", "score", "3")
    assert by_doc.stdout == '{"score": 3}\n'
    both = project("document", a, "-f", "b", "x")
    assert both.exit == 1
    assert both.stderr == "Error: Can't provide both 'job-id' and filter arguments!\n"


# -- fact 6: find --------------------------------------------------------------------------
def test_find_sp_and_doc_subsets(project):
    a = project.ids[0]
    result = project.ok("find", "a", "0", "--sp", "b", "missing", "--doc", "score")
    assert result.stdout == f"{a}\n{{'b': 'x'}}\n{{'score': 1}}\n"
    none = project.ok("find", "a", "1", "--doc", "score")
    assert none.stdout.splitlines()[1] == "{}"


def test_find_pretty_depth_and_show(project, jobs):
    (deep,) = jobs(project.cwd, [{"k": {"l": {"m": {"n": 1}}}}])
    sp = {"k": {"l": {"m": {"n": 1}}}}
    out = project.ok("find", '{"k.l.m.n": 1}', "--sp").stdout
    assert out == f"{deep}\n{pformat(sp, depth=3)}\n"
    out = project.ok("find", '{"k.l.m.n": 1}', "--sp", "-p", "1").stdout
    assert out == f"{deep}\n{pformat(sp, depth=1)}\n"
    show = project.ok("find", '{"k.l.m.n": 1}', "-s").stdout
    assert show == f"{deep}\n{pformat(sp, depth=3)}\n{{}}\n"
    zero = project("find", '{"k.l.m.n": 1}', "--sp", "-p", "0")
    assert (zero.exit, zero.stdout) == (1, f"{deep}\n")
    assert zero.stderr == "Error: depth must be > 0\n"


def test_find_one_line_uses_shortest_unique_prefix_of_at_least_six(project, jobs):
    jobs(project.cwd, [{"n": i} for i in range(300)])
    n = max(6, _project(project).min_len_unique_id())
    a = project.ids[0]
    out = project.ok("find", "a", "0", "-1", "--sp", "--doc").stdout.splitlines()
    assert out == [
        a,
        f'{a[:n]} sp \t{{"a": 0, "b": "x"}}',
        f'{a[:n]} sp \t{{"score": 1, "tag": "foo"}}',
    ]


def test_find_by_document(project):
    a, b, c = project.ids
    assert project.ok("find", "doc.tag", "foo").stdout == f"{a}\n"
    assert project.ok("find", '{"doc.score": {"$gt": 2}}').stdout == f"{c}\n"
    old = project.ok("find", "-d", "score", "1")
    assert old.stdout == f"{a}\n"
    assert "DeprecationWarning" in old.stderr


def test_find_bad_filter(project):
    result = project("find", '{"a": }')
    assert result.exit == 1
    assert result.stderr.splitlines()[-1].startswith("Error: ")


# -- fact 7: diff --------------------------------------------------------------------------
def test_diff_selected_and_all(project):
    a, b, c = project.ids
    out = project.ok("diff", a, b).stdout
    assert out == f"{a}\n{{'a': 0}}\n{b}\n{{'a': 1}}\n"
    every = project.ok("diff").stdout.splitlines()
    assert sorted(every[0::2]) == sorted(project.ids)
    assert project.ok("diff", a).stdout == f"{a}\n{{}}\n"
    filtered = project.ok("diff", "-f", "b", "x").stdout.splitlines()
    assert sorted(filtered[0::2]) == sorted([a, b])


# -- fact 11: schema -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, kwargs",
    [
        ([], {}),
        (["-x"], {"exclude_const": True}),
        (["-t", "1"], {"depth": 1}),
        (["-p", "1", "-r", "2"], {"precision": 1, "max_num_range": 2}),
    ],
)
def test_schema_formats_detect_schema(project, args, kwargs):
    project_api = _project(project)
    schema = project_api.detect_schema(exclude_const=kwargs.pop("exclude_const", False))
    expected = schema.format(
        depth=kwargs.get("depth", 0),
        precision=kwargs.get("precision"),
        max_num_range=kwargs.get("max_num_range", 5),
    )
    assert project.ok("schema", *args).stdout == expected + "\n"


def test_schema_of_a_selection(project):
    a, b, c = project.ids
    project_api = _project(project)
    subset = project_api.detect_schema(subset=[a, b]).format()
    assert project.ok("schema", "-j", a, b).stdout == subset + "\n"
    assert project.ok("schema", "-f", "b", "x").stdout == subset + "\n"
    assert project.ok("schema", "-f", "a", "99").stdout == (
        project_api.detect_schema(subset=[]).format() + "\n"
    )
