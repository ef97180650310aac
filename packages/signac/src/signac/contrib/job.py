"""The signac 1.7 path ``signac.contrib.job``: the job.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core import Job as Job

from .._gathered import finish as _finish

_finish(globals())
