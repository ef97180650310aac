"""Helpers shared by the golden-data tests (observed signac 1.7 behaviour)."""

from __future__ import annotations

import collections
import json
import os
from typing import Any

DATA = os.path.join(os.path.dirname(__file__), "data")


def load_cases(name: str) -> list[dict[str, Any]]:
    """Return the cases of a golden file in ``tests/data``."""
    with open(os.path.join(DATA, name)) as file:
        return json.load(file)["cases"]  # type: ignore[no-any-return]


def evaluate(expr: str) -> Any:
    """Evaluate a ``*_py`` input as the golden README says."""
    import numpy

    namespace = {
        "np": numpy,
        "nan": float("nan"),
        "inf": float("inf"),
        "OrderedDict": collections.OrderedDict,
    }
    return eval(expr, namespace)  # noqa: S307 - test data


def mro_names(error: BaseException) -> list[str]:
    """The class names of an exception's MRO down to ``Exception`` (as recorded)."""
    names = []
    for cls in type(error).__mro__:
        if cls in (BaseException, object):
            continue
        names.append(cls.__name__)
    return names
