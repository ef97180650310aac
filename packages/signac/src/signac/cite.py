"""Functions to support citing this software."""

from __future__ import annotations

from typing import IO

from ._version import __version__

_BIBTEX = r"""@article{signac_commat,
  author = {Carl S. Adorf and Paul M. Dodd and Vyas Ramasubramani and Sharon C. Glotzer},
  title = {Simple data and workflow management with the signac framework},
  journal = {Comput. Mater. Sci.},
  volume = {146},
  pages = {220-229},
  year = {2018},
  doi = {10.1016/j.commatsci.2018.01.035},
}

@inproceedings{signac_scipy_2018,
  author = {Vyas Ramasubramani and Carl S. Adorf and Paul M. Dodd and Bradley D. Dice and Sharon C. Glotzer},
  title = {signac: A Python framework for data and workflow management},
  booktitle = {Proceedings of the 17th Python in Science Conference},
  pages = {152-159},
  year = {2018},
  doi = {10.25080/Majora-4af1f417-016},
}
"""

_REFERENCES = f"""C. S. Adorf, P. M. Dodd, V. Ramasubramani, and S. C. Glotzer.
Simple data and workflow management with the signac framework.
Comput. Mater. Sci. 146 (2018) 220-229. DOI: 10.1016/j.commatsci.2018.01.035

V. Ramasubramani, C. S. Adorf, P. M. Dodd, B. D. Dice, and S. C. Glotzer.
signac: A Python framework for data and workflow management.
Proceedings of the 17th Python in Science Conference (2018) 152-159.
DOI: 10.25080/Majora-4af1f417-016

Software: signac, version {__version__}.
"""


def bibtex(file: IO[str] | None = None) -> None:
    """Generate bibtex entries for signac.

    The bibtex entries will be printed to screen unless a filename or a file
    object are provided, in which case they will be written to that file.

    Parameters
    ----------
    file : str or file-like, optional
        A file name or file-like object to write the entries to.
    """
    _emit(_BIBTEX, file)


def reference(file: IO[str] | None = None) -> None:
    """Generate formatted references for signac.

    The references will be printed to screen unless a filename or a file
    object are provided, in which case they will be written to that file.

    Parameters
    ----------
    file : str or file-like, optional
        A file name or file-like object to write the references to.
    """
    _emit(_REFERENCES, file)


def _emit(text: str, file) -> None:
    if file is None:
        print(text)
    elif isinstance(file, str):
        with open(file, "w") as fh:
            fh.write(text)
    else:
        file.write(text)


__all__ = ["bibtex", "reference"]
