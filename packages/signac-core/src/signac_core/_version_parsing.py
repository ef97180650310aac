"""signac 1.x's version numbers: :class:`Version` and :func:`parse_version`.

Compatibility surface of ``signac.core.utility`` (see ``docs/compat-1x.md``):
these objects behave exactly as signac 1.7's, quirks included (the change
number has one digit; pre-releases sort as strings).
"""

from __future__ import annotations

import re
from typing import Any

_VERSION = re.compile(
    r"""(?P<major>\d+)
    \.
    (?P<minor>\d+)
    (
        (?P<postrelease>(-\w+)?)
        \.
        (?P<change>\d)
        (?P<prerelease>\w*)
    )?""",
    re.VERBOSE,
)


class Version(dict):  # type: ignore[type-arg]
    """A version number: a dict of ``major``, ``minor``, ``change``, ``postrelease`` and ``prerelease``.

    Versions compare by ``(major, minor, change, prerelease, postrelease)``;
    pre-releases compare as strings, so ``dev1`` sorts before ``final``.

    Parameters
    ----------
    major, minor, change : int
        The version numbers (Default value = 0).
    postrelease : str
        Appended to the minor number, e.g. ``-a1`` (Default value = "").
    prerelease : str
        Appended to the change number; ``final`` for a release
        (Default value = "final").

    Raises
    ------
    ValueError
        If ``prerelease`` sorts after ``"final"`` (e.g. ``"rc1"``).
    """

    def __init__(
        self,
        major: int = 0,
        minor: int = 0,
        change: int = 0,
        postrelease: str = "",
        prerelease: str = "final",
    ):
        if prerelease > "final":
            raise ValueError(
                f"The prerelease {prerelease!r} must sort before or equal to 'final' "
                "(e.g. 'dev1', 'a1', 'b2')."
            )
        super().__init__(
            major=major,
            minor=minor,
            change=change,
            postrelease=postrelease,
            prerelease=prerelease,
        )

    def _key(self) -> tuple[Any, ...]:
        return (
            self["major"],
            self["minor"],
            self["change"],
            self["prerelease"],
            self["postrelease"],
        )

    def __str__(self) -> str:
        return "{major}.{minor}{postrelease}.{change}{prerelease}".format(**self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # a dict: mutable, unhashable


def parse_version(version_str: str) -> Version:
    """Parse ``major.minor[(postrelease).change(prerelease)]`` into a :class:`Version`.

    The change number is one digit (``"0.1.10"`` is change 1, prerelease
    ``"0"``); text after the match is ignored. ``"1.0"`` equals
    ``Version(major=1)``.

    Parameters
    ----------
    version_str : str
        The version, e.g. ``"0.1-a1.3dev1"``.

    Returns
    -------
    Version
        The parsed version.

    Raises
    ------
    ValueError
        If the string does not start with ``major.minor``, or its prerelease
        sorts after ``"final"``.
    """
    match = _VERSION.match(version_str)
    if match is None:
        raise ValueError(f"Not a version number: {version_str!r}.")
    fields: dict[str, Any] = {key: value for key, value in match.groupdict().items() if value}
    for key in ("major", "minor", "change"):
        if key in fields:
            fields[key] = int(fields[key])
    return Version(**fields)


__all__ = ["Version", "parse_version"]
