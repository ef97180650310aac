"""Warnings issued by signac."""


class SignacDeprecationWarning(UserWarning, DeprecationWarning):
    """Indicates the deprecation of a signac feature, API or behavior.

    A :class:`DeprecationWarning` (as signac 1.7's deprecation warnings are),
    so ``except``/filter clauses for either work, and like every
    ``DeprecationWarning`` shown by default only for code run as
    ``__main__``. It stays a :class:`UserWarning` for filters written for
    earlier versions of this package.
    """


class DeprecatedWarning(SignacDeprecationWarning, DeprecationWarning):
    """An API that signac 1.7 documents as deprecated and that 2.0 removes.

    The category of the deprecated 1.x APIs (indexing, crawlers, access
    modules, ``get_database``, ``find_job_ids``, ...), as signac 1.7 warned
    through ``deprecation.DeprecatedWarning``: a ``DeprecationWarning``, so
    Python hides it outside ``__main__`` by default, and a
    :class:`SignacDeprecationWarning`, so a filter on either catches it.
    """


__all__ = ["DeprecatedWarning", "SignacDeprecationWarning"]
