"""Warnings issued by signac."""


class SignacDeprecationWarning(UserWarning):
    """Indicates the deprecation of a signac feature, API or behavior.

    This class indicates a user-relevant deprecation and is therefore a
    ``UserWarning``, not a ``DeprecationWarning`` which is hidden by default.
    """


__all__ = ["SignacDeprecationWarning"]
