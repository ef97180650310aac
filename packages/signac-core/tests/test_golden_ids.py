"""Golden job-id cases (``tests/data/ids.json``): what signac 1.7 returned.

For each case: ``project.open_job(sp).id``, the converted state point, the
outcome of ``job.init()``, the error raised instead, and the warnings.
"""

from __future__ import annotations

import math
import warnings

import pytest

import signac_core

from ._golden import evaluate, load_cases, mro_names

CASES = load_cases("ids.json")


def _scalars_warn() -> bool:
    """Whether synced-collections (the owner of NumPy conversion) warns for NumPy scalars."""
    import numpy
    from synced_collections.numpy_utils import NumpyConversionWarning, _convert_numpy

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _convert_numpy(numpy.int64(1))
    return any(issubclass(w.category, NumpyConversionWarning) for w in caught)


def _needs_scalar_warning(case) -> bool:
    expected = [name for name, _ in case.get("warnings", [])]
    return (
        "NumpyConversionWarning" in expected
        and "error" not in case
        and "np.array" not in case["sp_py"]
        and "np.arange" not in case["sp_py"]
        and "np.zeros" not in case["sp_py"]
    )


SCALARS_WARN = _scalars_warn()
PARAMS = [
    pytest.param(
        case,
        id=case["case"],
        marks=pytest.mark.xfail(
            not SCALARS_WARN and _needs_scalar_warning(case),
            reason="NumPy scalars warn once synced-collections does (fact 16, its branch)",
            strict=True,
        ),
    )
    for case in CASES
]

#: The issue (#11) asks for TypeError where 1.7 raised ValueError, as
#: synced-collections does: a NumPy long double cannot be stored losslessly.
LONGDOUBLE = {"ids-0121"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return signac_core.init_project("golden-ids", root=str(tmp_path_factory.mktemp("ids")))


def _same(a, b) -> bool:
    """Equal, with equal types (1 is not 1.0 or True) and NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("case", PARAMS)
def test_golden_id(project, case):
    sp = evaluate(case["sp_py"]) if "sp_py" in case else case["sp"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            job = project.open_job(sp)
            job_id = job.id
        except Exception as error:  # noqa: BLE001 - compared with the golden error
            expected = case.get("error")
            if case["case"] in LONGDOUBLE:
                assert isinstance(error, TypeError)
                return
            assert expected is not None, f"unexpected {error!r}"
            assert mro_names(error) == expected["mro"]
            if expected["type"] != "KeyTypeError":  # 1.7's KeyTypeError has no message
                assert str(error) == expected["message"]
            _check_warnings(caught, case, error=True)
            return
        assert "error" not in case, f"expected {case['error']}"
        assert job_id == case["id"]
        if "statepoint" in case:
            assert _same(job.statepoint(), case["statepoint"])
        if "statepoint_py" in case:
            assert _same(job.statepoint(), evaluate(case["statepoint_py"]))
        if case.get("init") == "ok":
            job.init()
            assert job in project
            assert _same(project.open_job(id=job_id).statepoint(), job.statepoint())
        else:
            expected = case["init_error"]
            with pytest.raises(Exception) as info:  # noqa: PT011 - compared below
                job.init()
            assert mro_names(info.value) == expected["mro"]
            assert job not in project
    _check_warnings(caught, case)


def _check_warnings(caught, case, error=False) -> None:
    seen = []
    for record in caught:
        name = record.category.__name__
        if name not in seen:
            seen.append(name)
    expected = [name for name, _message in case.get("warnings", [])]
    if error:
        # 1.7 warned about the conversion of the NumPy value it then refused;
        # whether synced-collections (the owner) warns before refusing is its choice.
        expected = [name for name in expected if name != "NumpyConversionWarning"]
        seen = [name for name in seen if name != "NumpyConversionWarning"]
    assert seen == expected
