"""The filter cases measured on signac 1.7 (``data/filters.json``, from the shared golden set).

Each case is a filter, run on a fresh ``Collection`` of the case file's documents;
signac 1.7 returned the sorted ``_id`` s of the matches or raised an error. Every
case agrees, except the deliberate difference: where 1.7's own search raised a
``TypeError`` comparing values of incomparable types or hashing a dict or list,
we answer the query. For those cases the expected answer comes from
:class:`Reference`, a plain evaluator written here (no indexes), in which an
incomparable comparison does not match and dicts and lists compare by equality.
:class:`Reference` in its 1.7 mode reproduces every golden case, errors
included, which :func:`test_reference_reproduces_signac_17` checks.
"""

from __future__ import annotations

import collections
import copy
import functools
import json
import re
from pathlib import Path

import numpy
import pytest

from signac_collection import Collection, FilterKeyError, FilterValueError

GOLDEN = json.loads((Path(__file__).parent / "data" / "filters.json").read_text())
DOCUMENTS = GOLDEN["documents"]
CASES = GOLDEN["cases"]
BY_ID = {case["case"]: case for case in CASES}
ENV = {
    "np": numpy,
    "nan": float("nan"),
    "inf": float("inf"),
    "OrderedDict": collections.OrderedDict,
}


def case_filter(case):
    return eval(case["filter_py"], dict(ENV)) if "filter_py" in case else case["filter"]


def mro_names(error):
    return [c.__name__ for c in type(error).__mro__ if c not in (BaseException, object)]


def outcome(run):
    try:
        return {"ids": sorted(run())}
    except Exception as error:
        return {"error": error}


# ---------------------------------------------------------------------------
# The reference: signac 1.7's search algorithm, written out plainly
# ---------------------------------------------------------------------------


class Incomparable(TypeError):
    """A TypeError of 1.7's own comparing or hashing (the deliberate difference)."""


class DictValue:
    """1.7 indexes every dict value as one placeholder class: operators never equal it."""


OPERATORS = ("$eq", "$gt", "$gte", "$lt", "$lte", "$ne", "$in", "$nin")
OPERATORS += ("$regex", "$type", "$where", "$exists", "$near")
TYPES = {"int": int, "float": float, "bool": bool, "str": str, "list": tuple, "null": type(None)}
ORDER = {
    "$gt": lambda v, a: v > a,
    "$gte": lambda v, a: v >= a,
    "$lt": lambda v, a: v < a,
    "$lte": lambda v, a: v <= a,
}


def tuples(value):
    if isinstance(value, list):
        return tuple(tuples(v) for v in value)
    return value


def has_unhashable(value):
    if isinstance(value, dict):
        return True
    return isinstance(value, tuple) and any(has_unhashable(v) for v in value)


def flatten(mapping, prefix=""):
    for key, value in mapping.items():
        if isinstance(value, dict) and value:
            yield from flatten(value, prefix + key + ".")
        else:
            yield prefix + key, value


class Reference:
    """signac 1.7's ``Collection.find``; with ``answer=True``, with the deliberate difference."""

    def __init__(self, docs, answer):
        self.docs = {d["_id"]: d for d in docs}
        self.answer = answer

    def incomparable(self, message):
        if not self.answer:
            raise Incomparable(message)

    def index(self, key):
        """[(representative, real value, ids)]: equal values share one entry, floats apart."""
        entries = []
        for _id, doc in self.docs.items():
            value = doc
            try:
                for part in key.split("."):
                    value = value[part]
            except (KeyError, TypeError):
                continue
            real = tuples(value)
            if isinstance(real, tuple) and has_unhashable(real):
                self.incomparable("unhashable type: 'list'")
            rep = DictValue if isinstance(value, dict) else real
            for entry in entries:
                if entry[1] == real and (type(entry[1]) is float) == (type(real) is float):
                    entry[2].add(_id)
                    break
            else:
                entries.append((rep, real, {_id}))
        return entries

    def find(self, filter):
        if filter is None:
            filter = {}
        filter = json.loads(json.dumps(filter))
        if not filter:
            return set(self.docs)
        if isinstance(filter, list):
            raise ValueError(filter)
        return self.result(filter)

    def result(self, expr):
        if not len(expr):
            return set(self.docs)
        result = None
        void = False

        def reduce(match):
            nonlocal result
            result = match if result is None else result & match

        _id = expr.pop("_id", None)
        ors, ands, nots = expr.pop("$or", None), expr.pop("$and", None), expr.pop("$not", None)
        terms = list(flatten(expr))
        if isinstance(_id, (dict, list)):
            self.incomparable("unhashable type: 'dict'")
            terms = list(flatten({"_id": _id})) + terms
        elif _id is not None:
            if _id in self.docs:
                reduce({_id})
            else:
                void = True
        for key, value in terms:
            reduce(self.expression(key, value))
            if not result:
                return set()
        if nots is not None:
            reduce(set(self.docs) - self.result(nots))
        if ands is not None:
            check_logical("$and", ands)
            for item in ands:
                reduce(self.result(item))
        if ors is not None:
            check_logical("$or", ors)
            union = set()
            for item in ors:
                union |= self.result(item)
            reduce(union)
        if result is None:  # 1.7: ``assert result_ids is not None``
            raise AssertionError
        return set() if void and self.answer else result

    def expression(self, key, value):
        value = tuples(value)
        if "$" not in key:
            entries = self.index(key)
            if has_unhashable(value):
                self.incomparable("unhashable type: 'dict'")
            return {i for _, real, ids in entries if real == value for i in ids}
        if key.count("$") > 1:
            raise KeyError(f"Bad operator expression '{key}'.")
        nodes = key.split(".")
        op = nodes[-1]
        if not op.startswith("$"):
            raise KeyError(f"Bad operator placement '{key}'.")
        if op not in OPERATORS:
            raise KeyError(f"Unknown expression-operator '{op}'.")
        entries = self.index(".".join(nodes[:-1]))
        if op == "$exists":
            if not isinstance(value, bool):
                raise ValueError("The value of the '$exists' operator must be boolean.")
            present = {i for _, _, ids in entries for i in ids}
            return present if value else set(self.docs) - present
        return {i for rep, _, ids in entries if self.test(op, rep, value) for i in ids}

    def test(self, op, rep, arg):
        if op == "$eq":
            return rep == arg
        if op == "$ne":
            return rep != arg
        if op in ORDER:
            try:
                return ORDER[op](rep, arg)
            except TypeError as error:
                self.incomparable(str(error))
                return False
        if op == "$in":
            return rep in arg
        if op == "$nin":
            return rep not in arg
        if op == "$regex":
            return isinstance(rep, str) and re.search(arg, rep) is not None
        if op == "$type":
            if arg not in TYPES:
                raise ValueError(f"Unknown argument for $type operator: '{arg}'.")
            return isinstance(rep, TYPES[arg])
        if op == "$where":
            return eval(arg)(rep)
        raise NotImplementedError(op)  # $near: no golden case


def check_logical(op, arg):
    if not isinstance(arg, list):
        raise ValueError(f"The argument of logical-operator '{op}' must be a list!")
    if not len(arg):
        raise ValueError(f"The argument of logical-operator '{op}' cannot be empty!")


def reference(filter, answer):
    return outcome(lambda: Reference(copy.deepcopy(DOCUMENTS), answer).find(copy.deepcopy(filter)))


@functools.cache
def as_17(case_id):
    """The reference's 1.7 outcome of the case."""
    return reference(case_filter(BY_ID[case_id]), answer=False)


def deliberate(case):
    """Whether 1.7's own search raised a TypeError comparing or hashing here."""
    return isinstance(as_17(case["case"]).get("error"), Incomparable)


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------


def assert_same_error(ours, expected, case):
    """Type and MRO as 1.7's; our filter errors are both KeyError and ValueError."""
    name, mro = expected["type"], expected["mro"]
    if name in ("KeyError", "ValueError"):
        kind = FilterKeyError if name == "KeyError" else FilterValueError
        assert type(ours) is kind, (case["case"], ours)
        names = iter(mro_names(ours))
        assert all(n in names for n in mro), (mro_names(ours), mro)  # a subsequence
        if not case["case"] == "filters-2489":  # a list as filter: 1.7 shows its repr
            assert str(ours) == expected["message"]
    else:
        assert type(ours).__name__ == name and mro_names(ours) == mro, (case["case"], ours)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden_case(case):
    filter = case_filter(case)
    coll = Collection(copy.deepcopy(DOCUMENTS))
    ours = outcome(lambda: [doc["_id"] for doc in coll.find(copy.deepcopy(filter))])
    if "error" in case and deliberate(case):
        expected = reference(filter, answer=True)
        assert expected.keys() == ours.keys(), (case["case"], ours, expected)
        if "ids" in expected:
            assert ours["ids"] == expected["ids"]
        else:
            assert type(ours["error"]) is type(expected["error"]) or (
                isinstance(ours["error"], (FilterKeyError, FilterValueError))
                and isinstance(expected["error"], (KeyError, ValueError))
            ), (case["case"], ours, expected)
    elif "error" in case:
        assert "error" in ours, (case["case"], ours)
        assert_same_error(ours["error"], case["error"], case)
    else:
        assert ours == {"ids": case["ids"]}, case["case"]
    # find_ids agrees with find
    again = outcome(lambda: coll.find_ids(copy.deepcopy(filter)))
    assert again.keys() == ours.keys()
    if "ids" in ours:
        assert sorted(again["ids"]) == ours["ids"]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_reference_reproduces_signac_17(case):
    got = as_17(case["case"])
    if "ids" in case:
        assert got == {"ids": case["ids"]}
    else:
        error = got["error"]
        assert type(error).__name__ == case["error"]["type"] or isinstance(error, Incomparable)
        assert str(error) == case["error"]["message"] or isinstance(error, Incomparable)


def test_counts():
    """2520 cases: every one agrees with 1.7 except the deliberate differences."""
    kinds = collections.Counter(
        "deliberate" if "error" in c and deliberate(c) else "same" for c in CASES
    )
    assert kinds == {"same": 1990, "deliberate": 530}
