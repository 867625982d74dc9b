"""One run's view of the data: the dataset loaded once, lookups served fast.

The CLI's commands ask the session, never the loader or the store directly.
The session decides how to answer: a lookup of named cities, companies or
focus areas is read ready-made from the record store when it can be (see
techhubs.store), and computed from the full dataset otherwise — which also
raises the helpful errors (did you mean …) and fills the store for next time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from techhubs.errors import TechhubsError

if TYPE_CHECKING:
    from techhubs.models import Dataset

Kind = Literal["city", "company", "focus area"]


class Session:
    """Options given before the command, and the data they select."""

    def __init__(self, data: str | None = None, color: bool = True, use_cache: bool = True) -> None:
        self.data = data
        self.color = color
        self.use_cache = use_cache
        self._dataset: Dataset | None = None
        self._raw: bytes | None = None  # the data file's bytes, read once
        self._missing_store: str | None = None

    def dataset(self) -> Dataset:
        """The whole dataset, loaded (from the cache when it can be) on first use."""
        if self._dataset is None:
            from techhubs.loading import load_path

            self._dataset = load_path(self.data, use_cache=self.use_cache, raw=self._raw)
        return self._dataset

    def records(self, kind: Kind, names: Sequence[str]) -> list[Any]:
        """The JSON-contract records of the named entities, in the order named.

        Raises NotFoundError (with close matches) for a name that is unknown.
        """
        stored = self._stored(kind, names)
        if stored is not None:
            return stored
        from techhubs import queries, records

        dataset = self.dataset()
        found: list[Any]
        if kind == "city":
            found = [records.city(c, dataset) for c in queries.resolve_cities(dataset, names)]
        elif kind == "company":
            found = [records.company(dataset.company(n), dataset) for n in names]
        else:
            found = [
                records.area_summary(queries.area_summary(dataset, dataset.focus_area(n)))
                for n in names
            ]
        if self._missing_store is not None:
            from techhubs import store

            store.build(self._missing_store, dataset)
        return found

    def _stored(self, kind: Kind, names: Sequence[str]) -> list[Any] | None:
        from techhubs import cache, loading

        if not self.use_cache or not cache.enabled():
            return None
        try:
            self._raw = loading.read_bytes(loading.resolve_path(self.data))
        except TechhubsError:
            return None  # the full path reports it
        key = cache.key_of(self._raw)
        from techhubs import store

        try:
            return store.lookup(key, kind, list(names))
        except store.StoreBroken:
            self._missing_store = key  # missing or damaged: rebuilt after the full path
            return None
