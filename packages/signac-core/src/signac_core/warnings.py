"""Warnings issued by signac."""


class SignacDeprecationWarning(UserWarning):
    """Indicates the deprecation of a signac feature, API or behavior.

    This class indicates a user-relevant deprecation and is therefore a
    ``UserWarning``, not a ``DeprecationWarning`` which is hidden by default.
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
