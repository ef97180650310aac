"""Warnings issued by signac."""


class SignacDeprecationWarning(UserWarning, DeprecationWarning):
    """Indicates the deprecation of a signac feature, API or behavior.

    A :class:`DeprecationWarning` (as signac 1.7's deprecation warnings are),
    so ``except``/filter clauses for either work, and like every
    ``DeprecationWarning`` shown by default only for code run as
    ``__main__``. It stays a :class:`UserWarning` for filters written for
    earlier versions of this package.
    """


__all__ = ["SignacDeprecationWarning"]
