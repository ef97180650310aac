"""``parse_filter_arg`` against every case measured on signac 1.7 (``data/parse_filter_arg.json``).

Each case compares the result (or the exception's type, MRO and message), the
text written to ``file``, to standard error and to standard output.
"""

import contextlib
import io
import json
import math
import os

import pytest

from signac_core.filters import parse_filter_arg

with open(os.path.join(os.path.dirname(__file__), "data", "parse_filter_arg.json")) as _file:
    CASES = json.load(_file)["cases"]


def _same(a, b):
    """Equality where NaN equals NaN and types must agree (1 is not 1.0 or True)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _expected_result(case):
    if "result_py" in case:
        return eval(case["result_py"], {"nan": math.nan, "inf": math.inf})
    return case["result"]


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_golden(case):
    file, stderr, stdout = io.StringIO(), io.StringIO(), io.StringIO()
    error = None
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        try:
            result = parse_filter_arg(case["args"], file=file)
        except Exception as exc:
            error = exc
    if "error" in case:
        assert error is not None, f"expected {case['error']}, got {result!r}"
        mro = [cls.__name__ for cls in type(error).__mro__]
        assert mro[: mro.index("Exception") + 1] == case["error"]["mro"]
        assert str(error) == case["error"]["message"]
    else:
        assert error is None, f"unexpected {error!r}"
        assert _same(result, _expected_result(case))
    assert file.getvalue() == case["file"]
    assert stderr.getvalue() == case["stderr"]
    assert stdout.getvalue() == case.get("stdout", "")


def test_golden_covers_every_kind():
    kinds = {case["kind"] for case in CASES}
    assert kinds == {
        "bare_key",
        "dotted_op",
        "empty",
        "key_forms",
        "key_value",
        "multi",
        "multi_fixed",
        "none",
        "single",
    }
    assert len(CASES) == 456
