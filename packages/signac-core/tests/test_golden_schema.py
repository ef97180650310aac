"""Golden schema cases (``tests/data/schema.json``): what signac 1.7 returned.

For each case: ``str(project.detect_schema())``, every ``format()`` triple,
``len``, the keys, the values by type, and the ``exclude_const=True``
variants. The jobs are met in the listed order (``subset=``), and for a
``job_order_dependent`` case also in reverse order, which must give the
other recorded observation.
"""

from __future__ import annotations

import pytest

import signac_core

from ._golden import load_cases, mro_names

CASES = load_cases("schema.json")


def _observed(project, case, subset=None) -> dict:
    out: dict = {}

    def record(name, compute):
        try:
            out[name] = compute()
        except Exception as error:  # noqa: BLE001 - compared with the golden error
            out[f"{name}_error"] = {"type": type(error).__name__, "mro": mro_names(error)}

    schema = project.detect_schema(subset=subset)
    record("str", lambda: str(schema))
    out["formats"] = []
    for fmt in case["formats"]:
        args = {k: fmt[k] for k in ("depth", "precision", "max_num_range")}
        entry = dict(args)
        try:
            entry["text"] = schema.format(**args)
        except Exception as error:  # noqa: BLE001
            entry["error"] = {"type": type(error).__name__, "mro": mro_names(error)}
        out["formats"].append(entry)
    record("len", lambda: len(schema))
    record("keys", lambda: sorted(schema.keys()))
    record(
        "values",
        lambda: {
            key: {kind.__name__: sorted(map(repr, values)) for kind, values in schema[key].items()}
            for key in schema.keys()
        },
    )
    const = project.detect_schema(exclude_const=True, subset=subset)
    record("exclude_const_str", lambda: str(const))
    record("exclude_const_keys", lambda: sorted(const.keys()))
    return out


def _expected(case) -> dict:
    fields = ("str", "len", "keys", "values", "exclude_const_str", "exclude_const_keys")
    out = {}
    for name in fields:
        if name in case:
            out[name] = case[name]
        if f"{name}_error" in case:
            err = case[f"{name}_error"]
            out[f"{name}_error"] = {"type": err["type"], "mro": err["mro"]}
    out["formats"] = []
    for fmt in case["formats"]:
        entry = {k: fmt[k] for k in ("depth", "precision", "max_num_range")}
        if "text" in fmt:
            entry["text"] = fmt["text"]
        else:
            error = fmt["text_error"]
            entry["error"] = {"type": error["type"], "mro": error["mro"]}
        out["formats"].append(entry)
    return out


def _other_run(case) -> dict:
    other = dict(case)
    for key, value in case["other_run"].items():
        if value is None:
            other.pop(key, None)
        else:
            other[key] = value
    return _expected(other)


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_golden_schema(tmp_path, case):
    assert "error" not in case
    project = signac_core.init_project("golden-schema", root=str(tmp_path / "project"))
    jobs = [project.open_job(sp).init() for sp in case["statepoints"]]
    assert [job.id for job in jobs] == case["job_ids"]
    # The jobs met in the listed order (as recorded; the workspace listing
    # meets them in any order, which only orders type groups and picks which
    # of equal values stands for them) ...
    assert _observed(project, case, subset=jobs) == _expected(case)
    if case.get("job_order_dependent"):  # ... and in reverse order
        assert _observed(project, case, subset=jobs[::-1]) == _other_run(case)
    whole = _observed(project, case)  # all jobs of the workspace
    for name in ("len", "keys", "exclude_const_keys"):
        assert whole.get(name) == case[name]
