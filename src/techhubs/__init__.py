"""techhubs: an offline, scriptable reference to China's technology hubs.

The Python API is small::

    import techhubs
    data = techhubs.load()            # the bundled dataset (or load("my.yaml"))
    data.city("sz").name              # 'Shenzhen'
    data.company("tencent").founded   # 1998

Lookups accept ids, English and Chinese names, pinyin and aliases, ignoring
case, spaces and punctuation; a miss raises ``NotFoundError`` with the close
matches.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from techhubs.core.dataset import Dataset

__all__ = ["Dataset", "__version__", "load"]


def __getattr__(name: str) -> object:
    # ``techhubs.Dataset`` without importing the models for every ``import techhubs``.
    if name == "Dataset":
        from techhubs.core.dataset import Dataset

        return Dataset
    raise AttributeError(f"module 'techhubs' has no attribute {name!r}")


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load and validate a dataset: ``path``, else $TECHHUBS_DATA, else the bundled file.

    Raises ``techhubs.errors.DataError`` listing every problem if the file
    cannot be used.
    """
    from techhubs.loader import load_path

    return load_path(path)
