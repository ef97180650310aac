"""The signac 1.7 path ``signac.core.jsondict`` (deprecated in 1.7): JSONDict and its buffering.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core._legacy_dicts import JSONDict as JSONDict
from signac_core.errors import BufferedFileError as BufferedFileError
from signac_core.errors import BufferException as BufferException
from signac_core.jsondict import buffer_reads_writes as buffer_reads_writes
from signac_core.jsondict import flush_all as flush_all
from signac_core.jsondict import get_buffer_load as get_buffer_load
from signac_core.jsondict import get_buffer_size as get_buffer_size
from signac_core.jsondict import in_buffered_mode as in_buffered_mode
from signac_core.jsondict import set_buffer_size as set_buffer_size

from .._gathered import finish as _finish

_finish(globals())
