"""Hypothesis state machines comparing a synced collection with a plain Python object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

#: Keys: short strings that every backend accepts (no dots, no ``$``).
keys = st.text(alphabet="abcxyz_", min_size=1, max_size=3)
#: Scalars that survive a round trip through every backend.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**31), max_value=2**31)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=5)
)
#: Nested JSON-like values.
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=6,
)


def _machine(
    factory: Callable[[], Any], reopen: Callable[[Any], Any], plain: Callable[[], Any]
) -> type[RuleBasedStateMachine]:
    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.synced = factory()
            self.reference = plain()

        def _nested_dicts(self) -> list[tuple[Any, Any]]:
            """Pairs (synced, reference) of every nested dict, the root included."""
            pairs: list[tuple[Any, Any]] = []

            def walk(synced: Any, reference: Any) -> None:
                items: Any
                if isinstance(reference, dict):
                    pairs.append((synced, reference))
                    items = reference.items()
                elif isinstance(reference, list):
                    items = enumerate(reference)
                else:
                    return
                for key, value in list(items):
                    if isinstance(value, (dict, list)):
                        walk(synced[key], value)

            walk(self.synced, self.reference)
            return pairs

        def _nested_lists(self) -> list[tuple[Any, Any]]:
            pairs: list[tuple[Any, Any]] = []

            def walk(synced: Any, reference: Any) -> None:
                items: Any
                if isinstance(reference, list):
                    pairs.append((synced, reference))
                    items = enumerate(reference)
                elif isinstance(reference, dict):
                    items = reference.items()
                else:
                    return
                for key, value in list(items):
                    if isinstance(value, (dict, list)):
                        walk(synced[key], value)

            walk(self.synced, self.reference)
            return pairs

        # -- dict operations (on the root or any nested dict) ----------------
        @precondition(lambda self: self._nested_dicts())
        @rule(data=st.data(), key=keys, value=values)
        def dict_setitem(self, data, key, value):
            synced, reference = data.draw(st.sampled_from(self._nested_dicts()))
            synced[key] = value
            reference[key] = _plain(value)

        @precondition(lambda self: self._nested_dicts())
        @rule(data=st.data(), key=keys)
        def dict_delitem(self, data, key):
            synced, reference = data.draw(st.sampled_from(self._nested_dicts()))
            if key in reference:
                del synced[key]
                del reference[key]
            else:
                try:
                    del synced[key]
                except KeyError:
                    pass
                else:  # pragma: no cover
                    raise AssertionError("deleting a missing key must raise KeyError")

        @precondition(lambda self: self._nested_dicts())
        @rule(data=st.data(), key=keys, default=scalars)
        def dict_pop_setdefault(self, data, key, default):
            synced, reference = data.draw(st.sampled_from(self._nested_dicts()))
            if data.draw(st.booleans()):
                assert synced.pop(key, default) == reference.pop(key, default)
            else:
                assert synced.setdefault(key, default) == reference.setdefault(key, default)

        @precondition(lambda self: self._nested_dicts())
        @rule(data=st.data(), other=st.dictionaries(keys, values, max_size=3))
        def dict_update(self, data, other):
            synced, reference = data.draw(st.sampled_from(self._nested_dicts()))
            synced.update(other)
            reference.update(_plain(other))

        @precondition(lambda self: self._nested_dicts())
        @rule(data=st.data())
        def dict_clear_or_popitem(self, data):
            synced, reference = data.draw(st.sampled_from(self._nested_dicts()))
            if data.draw(st.booleans()):
                synced.clear()
                reference.clear()
            elif reference:
                key, value = synced.popitem()  # the order may differ after a reopen
                assert reference.pop(key) == value

        # -- list operations (on any nested list) -----------------------------
        @precondition(lambda self: self._nested_lists())
        @rule(data=st.data(), value=values)
        def list_append_insert(self, data, value):
            synced, reference = data.draw(st.sampled_from(self._nested_lists()))
            if data.draw(st.booleans()):
                synced.append(value)
                reference.append(_plain(value))
            else:
                index = data.draw(st.integers(-len(reference) - 1, len(reference) + 1))
                synced.insert(index, value)
                reference.insert(index, _plain(value))

        @precondition(lambda self: self._nested_lists())
        @rule(data=st.data(), items=st.lists(values, max_size=3))
        def list_extend(self, data, items):
            synced, reference = data.draw(st.sampled_from(self._nested_lists()))
            synced.extend(items)
            reference.extend(_plain(items))

        @precondition(lambda self: any(reference for _, reference in self._nested_lists()))
        @rule(data=st.data(), value=values)
        def list_setitem_pop_delitem(self, data, value):
            pairs = [pair for pair in self._nested_lists() if pair[1]]
            synced, reference = data.draw(st.sampled_from(pairs))
            index = data.draw(st.integers(-len(reference), len(reference) - 1))
            operation = data.draw(st.sampled_from(["set", "pop", "del"]))
            if operation == "set":
                synced[index] = value
                reference[index] = _plain(value)
            elif operation == "pop":
                assert synced.pop(index) == reference.pop(index)
            else:
                del synced[index]
                del reference[index]

        @precondition(lambda self: self._nested_lists())
        @rule(data=st.data())
        def list_reverse_or_clear(self, data):
            synced, reference = data.draw(st.sampled_from(self._nested_lists()))
            if data.draw(st.booleans()):
                synced.reverse()
                reference.reverse()
            else:
                synced.clear()
                reference.clear()

        # -- whole-object operations -------------------------------------------
        @rule()
        def reopen_and_continue(self):
            self.synced = reopen(self.synced)
            assert self.synced() == self.reference

        @invariant()
        def agrees(self):
            assert self.synced() == self.reference
            assert len(self.synced) == len(self.reference)

        def teardown(self):
            assert reopen(self.synced)() == self.reference

    return Machine


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def make_dict_state_machine(
    factory: Callable[[], Any], reopen: Callable[[Any], Any]
) -> type[RuleBasedStateMachine]:
    """Build a state machine testing a dict-like synced collection against a dict.

    Parameters
    ----------
    factory : callable
        Returns a new, empty dict-like synced collection on a fresh resource.
    reopen : callable
        Given a collection, returns a new instance on the same resource.

    Returns
    -------
    type
        A :class:`hypothesis.stateful.RuleBasedStateMachine`; use its
        ``TestCase`` attribute or ``run_state_machine_as_test``.
    """
    return _machine(factory, reopen, dict)


def make_list_state_machine(
    factory: Callable[[], Any], reopen: Callable[[Any], Any]
) -> type[RuleBasedStateMachine]:
    """Build a state machine testing a list-like synced collection against a list.

    Parameters are those of :func:`make_dict_state_machine`.
    """
    return _machine(factory, reopen, list)
