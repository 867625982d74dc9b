"""One run's state: the options given before the command, and the data they select.

The commands ask the session, never the loader or the cache directly.  The
session loads the dataset once, and answers a lookup of named cities,
companies or focus areas from the cache's record store when it can; when it
cannot, it computes the records from the full dataset — which also raises the
helpful errors (did you mean …) — and fills the store for next time.

It also remembers how an error should be reported (as JSON when the command
line asked for JSON; with a trace under --debug), so that main() knows even
when the error comes from deep inside a command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from techhubs.errors import TechhubsError

if TYPE_CHECKING:
    from techhubs.core.analysis import Lines
    from techhubs.core.dataset import Dataset
    from techhubs.core.growth import Rate, Rates
    from techhubs.core.indicators import Gauge

T = TypeVar("T")
#: How long a fill in the background waits for another's to end (seconds): a
#: 1000x file fills in under a minute; one stuck for longer is not waited for.
FILL_PATIENCE = 600.0


class Session:
    """Options given before the command, and the data they select."""

    def __init__(self) -> None:
        self.data: str | None = None
        self.color = True
        self.use_cache = True
        self.debug = False
        self.json_errors = False  # set by --json, --format json and --query
        self.command_path = ""  # 'techhubs cities', once a command runs (cli.options)
        self._dataset: Dataset | None = None
        self._raw: bytes | None = None  # the data file's bytes, read once
        self._missing_store: str | None = None
        self._key: str | None = None  # the cache key of the data file's bytes
        self._key_known = False
        self._loaded_key: str | None = None  # the key of the bytes the dataset came from
        self._search_rows: list[Any] | None = None
        self._warned = False
        self.quiet = False  # completing: nothing may reach the shell's screen
        self.args: list[str] = []  # the command line (main._run)
        self.tables = 0  # tables drawn so far: each its own question (commands.show)
        #: techhubs' files when the run first asked the cache, before it loaded the
        #: code that draws (loader.cache.drawing_stamp; :meth:`_store_key`)
        self.stamp: str | None = None
        #: set by the console command (techhubs.entry): work left for after the
        #: answer may go to a process of its own (techhubs.cli.background)
        self.detach = False
        self._fills_later: bool | None = None  # this run fills the cache after its answer
        self._pending: list[Callable[[], None]] = []  # ... and this is what it fills
        self._store_seen: tuple[int, int, int] | None = None  # the store found broken

    def warn_of_cache(self) -> None:
        """Say once, on stderr, why the cache is not used (its folder is not safe)."""
        from techhubs.loader import cache

        reason = cache.refusal() if self.use_cache else None
        if reason is not None and not self._warned and not self.quiet:
            self._warned = True
            import sys

            from techhubs.text import printable

            sys.stderr.write(
                f"techhubs: warning: not using the cache at {printable(str(cache.directory()))}:"
                f" {reason}; running without it.\n"
            )

    def dataset(self) -> Dataset:
        """The whole dataset, loaded (from the cache when it can be) on first use."""
        if self._dataset is None:
            from techhubs.loader import load_keyed, max_file_bytes

            max_file_bytes()  # a bad $TECHHUBS_MAX_DATA_MIB is a usage error, cached or not
            later = self._pending if self.fills_later() else None
            self.warn_of_cache()
            self._dataset, self._loaded_key = load_keyed(
                self.data, use_cache=self.use_cache, raw=self._raw, later=later
            )
        return self._dataset

    def fills_later(self) -> bool:
        """Whether this run fills the cache after its answer (a big data file, or
        $TECHHUBS_FILL): :meth:`finish` then does it. UsageError for a bad setting."""
        if self._fills_later is None:
            import contextlib
            import os

            from techhubs.cli.background import fills_later
            from techhubs.loader import resolve_path

            size = len(self._raw) if self._raw is not None else 0
            if self._raw is None:
                with contextlib.suppress(OSError, ValueError):  # the loader says what is wrong
                    size = os.stat(resolve_path(self.data)).st_size
            self._fills_later = fills_later(size)
        return self._fills_later

    def finish(self) -> None:
        """Do what the run left for after its answer: fill the cache. The console
        command leaves it to a process of its own (techhubs.cli.background), which
        waits its turn behind any other such fill (loader.cache.filling)."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        if self.detach:
            from techhubs.cli.background import detach
            from techhubs.loader import cache

            def work() -> None:
                with cache.filling(patience=FILL_PATIENCE) as ours:
                    for fill in pending if ours else ():
                        fill()

            if detach(work):
                return
        for fill in pending:
            fill()

    def records(self, kind: str, names: Sequence[str]) -> list[Any]:
        """The JSON records of the named entities (``kind`` "city", "company" or
        "focus area"), in the order named.

        Raises NotFoundError (with close matches) for a name that is unknown.
        """
        stored = self.stored_records(kind, names)
        if stored is not None:
            return stored
        from techhubs.output import records

        dataset = self.dataset()
        found = [records.of_kind(kind, dataset.named(kind, name), dataset) for name in names]
        self.fill_store()
        return found

    def record_text(self, kind: str, name: str) -> str | None:
        """The JSON of one named entity as a lookup prints it, from the store; None
        when the store cannot say (the full path then also explains an unknown name)."""
        from techhubs.core.names import normalize
        from techhubs.loader import cache

        texts = self._ask_store(lambda key: cache.lookup_text(key, kind, [normalize(name)]))
        return texts[0] if texts else None

    def listing(self, name: str) -> str | None:
        """The JSON a list command ("cities", "companies") prints with no options,
        from the store without loading the dataset; None when the store cannot say."""
        from techhubs.loader import cache

        return self._ask_store(lambda key: cache.text(key, "list", name))

    def records_by_id(self, kind: str, ids: Sequence[str]) -> list[Any] | None:
        """The stored records of ``kind`` with ``ids``, in that order; None when the
        store cannot say (an id it does not hold, a missing store)."""
        from techhubs.loader import cache

        return self._ask_store(lambda key: cache.by_id(key, kind, list(ids)))

    def answer(self, name: str) -> Any | None:
        """A command's data as the store holds it (techhubs.output.records.answers),
        parsed; None when the store cannot say (then the command computes it with
        the same calls, and :meth:`fill_store` writes the store if it was missing)."""
        from techhubs.loader import cache
        from techhubs.output.plain import from_json

        def stored(key: str) -> Any:
            try:
                return from_json(cache.text(key, "answer", name))
            except ValueError as error:
                raise cache.StoreBroken(str(cache.store_path(key))) from error

        return self._ask_store(stored)

    def rates(self) -> dict[tuple[str, int], Rate] | None:
        """The data's exchange rates by (currency, year), as the store holds them
        (records.answers), the first of two as Dataset.yuan_per finds it; None when
        the store cannot say."""
        from techhubs.loader import cache
        from techhubs.output.answers import stored_rates
        from techhubs.output.plain import from_json

        def stored(key: str) -> dict[tuple[str, int], Rate]:
            try:
                return stored_rates(from_json(cache.text(key, "answer", "rates")))
            except ValueError as error:
                raise cache.StoreBroken(str(cache.store_path(key))) from error

        return self._ask_store(stored)

    def inputs(self) -> dict[str, list[str]]:
        """Each derived indicator's id with the ids of its inputs (what it divides,
        what by), from the store's ``indicators`` answer, else the dataset."""
        listed = self.answer("indicators")
        if not isinstance(listed, list):
            from techhubs.output import records

            listed = records.indicator_list(self.dataset())
        return {
            i["id"]: [i["derived"]["divide"]["id"], i["derived"]["by"]["id"]]
            for i in listed
            if i.get("derived")
        }

    def indicator_ids(self, holders: str) -> list[str]:
        """The ids of the indicators of ``holders`` ("cities", "companies"), from the
        store's ``indicators`` answer, else the dataset (and the store is filled)."""
        listed = self.answer("indicators")
        if isinstance(listed, list):
            return [i["id"] for i in listed if i.get("applies_to") == holders]
        found = [i.id for i in self.dataset().indicators if i.applies_to == holders]
        self.fill_store()
        return found

    def exchange_rates(self) -> Rates:
        """The data's exchange rates by (currency, year): as the store holds them,
        else from the dataset (loaded already when the store could not say)."""
        stored = self.rates()
        if stored is not None:
            return stored
        from techhubs.core.indicators import rates_of

        return rates_of(self.dataset())

    def ranking_lines(self, by: str) -> tuple[Gauge, Lines, dict[tuple[str, int], Rate]] | None:
        """What ``rank --by BY`` ranks in another year, or by growth, from the store:
        the indicator, each holder's series and the exchange rates (for
        techhubs.core.analysis.rank_lines); None when the store cannot say (a count,
        an unknown name, a missing store): the full path then answers, or says why."""
        from techhubs.loader import cache
        from techhubs.output.answers import stored_rates

        measure = self.measure(by)
        if not isinstance(measure, dict):
            return None

        def stored(key: str) -> tuple[Gauge, Lines, dict[tuple[str, int], Rate]]:
            [(what, found)], [rates] = _stored_series(
                key, [measure["id"]], measure["applies_to"], ["rates"]
            )
            try:
                return what, found, stored_rates(rates)
            except ValueError as error:
                raise cache.StoreBroken(str(cache.store_path(key))) from error

        return self._ask_store(stored)

    def series(self, ids: Sequence[str]) -> dict[str, tuple[Gauge, Lines]]:
        """Each holder's series of the indicators ``ids`` (of one kind of holder), by
        id with its indicator: what a ranking's figures are worked out from, for its
        sources. From the store's ``lines:ID`` when the dataset is not loaded, else
        (or when the store cannot say) from the dataset: the same figures either way."""

        def stored(key: str) -> dict[str, tuple[Gauge, Lines]]:
            found, _ = _stored_series(key, ids)
            return dict(zip(ids, found, strict=True))

        found = self._ask_store(stored) if self._dataset is None and ids else None
        if found is not None:
            return found
        from techhubs.core.indicators import holders, series

        dataset = self.dataset()
        self.fill_store()
        picked = [dataset.indicator_by_id(i) for i in ids]
        return {
            i.id: (i, [(h, series(dataset, h, i)) for h in holders(dataset, i)]) for i in picked
        }

    def ranking(self, by: str) -> tuple[Any, list[Any]] | None:
        """What ``rank --by BY`` prints in its default year — the heading and rows of
        techhubs.output.answers.stored_ranking — from the store, without loading the
        dataset; None when the store cannot say (an unknown name, a missing store)."""

        from techhubs.core.kinds import count_named
        from techhubs.core.names import normalize
        from techhubs.loader import cache
        from techhubs.output.answers import count_id, stored_ranking

        count = count_named(by)  # counts first, by their exact names, as --by takes them

        def stored(key: str) -> tuple[Any, list[Any]] | None:
            if count is not None:
                texts: list[str] | None = [cache.text(key, "ranking", count_id(count))]
            else:
                texts = cache.lookup_text(key, "ranking", [normalize(by)])
            if texts is None:
                return None
            try:
                return stored_ranking(cache.loads(texts[0]))
            except ValueError as error:
                raise cache.StoreBroken(str(cache.store_path(key))) from error

        return self._ask_store(stored)

    def measure(self, by: str) -> Any | None:
        """What the indicator ``--by BY`` names stands for, as the store says
        (techhubs.output.records._measures); None when it cannot say (a count, an
        unknown name, a missing store): the full path then answers, or says why."""
        from techhubs.core.kinds import count_named
        from techhubs.core.names import normalize
        from techhubs.loader import cache

        if count_named(by) is not None:
            return None
        found = self._ask_store(lambda key: cache.lookup(key, "measure", [normalize(by)]))
        return found[0] if found else None

    def spellings(self, kind: str) -> list[str]:
        """Every name of ``kind`` as written (for the shell to complete), from the
        store when it can be: a TAB must not load the whole dataset."""

        from techhubs.loader import cache

        def stored(key: str) -> list[str]:
            try:
                names = cache.loads(cache.text(key, "spellings", kind))
            except ValueError:
                names = None
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                raise cache.StoreBroken(str(cache.store_path(key)))
            return names

        found = self._ask_store(stored)
        if found is not None:
            return found
        names = self.dataset().completions(kind, "")
        self.fill_store()
        return names

    def fill_store(self) -> None:
        """Write the record store if a lookup found it missing or damaged."""
        if self._missing_store is None:
            return
        from techhubs.loader import cache
        from techhubs.output import records

        dataset = self.dataset()
        # Filed under the key of the bytes this dataset came from, which is not
        # the store's key if the file changed since that key was found.
        key = self._loaded_key or self._missing_store
        self._missing_store = None
        if not self.fills_later():
            cache.store(key, records.for_store(dataset), self.every_search_row())
            return

        seen = self._store_seen

        def fill() -> None:
            # unless another run's fill rewrote it while this one waited its turn
            if cache.store_stamp(key) == seen:
                cache.store(key, records.for_store(dataset), self.every_search_row())

        self._pending.append(fill)

    def every_search_row(self) -> list[Any]:
        """Every search row of the dataset (techhubs.core.search.SearchRow), made
        once: a search that found no store ranks them, then stores them."""
        if self._search_rows is None:
            from techhubs.core.queries import search_rows

            self._search_rows = list(search_rows(self.dataset()))
        return self._search_rows

    def rows_to_search(self, text: str, kinds: list[str]) -> list[Any]:
        """The rows a search of ``text`` ranks: the store's that may match, else every
        row of the dataset (and the store is filled for the next run)."""
        rows = self.search_rows(text, kinds)
        if rows is None:
            rows = self.every_search_row()
            self.fill_store()
        return rows

    def search_rows(self, text: str, kinds: list[str]) -> list[Any] | None:
        """The search rows (techhubs.core.search.SearchRow) of ``kinds`` that may
        match ``text``, from the store; None when the store cannot say."""
        from techhubs.core.names import normalize
        from techhubs.core.search import SearchRow, search_terms, stems_of

        if not normalize(text):
            return []  # the ranking says what is wrong
        from techhubs.loader import cache

        query, words = search_terms(text)
        # a row may match by the words' stems too; each is inside its word, so
        # the rows holding the stems are those holding the words, and more
        taken = stems_of(words) or words
        rows = self._ask_store(lambda key: cache.search(key, query, taken, kinds))
        return None if rows is None else [SearchRow(*row) for row in rows]

    def kinds_of(self, names: Sequence[str]) -> list[set[str]]:
        """For each name, the kinds of entity it names ("city", "company", "focus area")."""
        from techhubs.core.names import normalize
        from techhubs.loader import cache

        keys = [normalize(n) for n in names]
        found = self._ask_store(lambda key: cache.kinds(key, keys))
        # A name the store does not know may be unknown, or its row changed (which a
        # count cannot see); the dataset says which, and suggests names for a typo.
        if found is not None and all(found):
            return found
        dataset = self.dataset()
        return [dataset.kinds_named(name) for name in names]

    def _store_key(self) -> str | None:
        """The cache key of the data in use, when the cache may be used (worked out once)."""
        if self._key_known:
            return self._key
        from techhubs import loader
        from techhubs.loader import cache

        self._key_known = True
        loader.max_file_bytes()  # a bad $TECHHUBS_MAX_DATA_MIB is a usage error, cached or not
        if not self.use_cache or not cache.enabled():
            self.warn_of_cache()
            return None
        # A table drawn this run is kept under this stamp: code that changes while
        # the run goes on (an upgrade) is never taken for the code that drew it.
        self.stamp = cache.drawing_stamp()
        resolved = loader.resolve_path(self.data)
        try:
            self._key, self._raw = cache.key_of_file(resolved, lambda: loader.read_bytes(resolved))
        except TechhubsError:
            return None  # the full path reports it
        return self._key

    def drawing_key(self) -> str | None:
        """The cache key of the data this run's answer came from, if it came from
        the cache's data (the store, or the dataset loaded under that key): a
        drawing of it may be kept under that key. None without the cache, or when
        the run never asked the cache, or the file changed under it."""
        key = self._key if self._key_known else None
        if self._dataset is not None:
            return key if key is not None and key == self._loaded_key else None
        return key

    def stored_records(self, kind: str, names: Sequence[str]) -> list[Any] | None:
        """The stored records of the named entities, in the order named; None when the
        store cannot say (a name it does not know, a missing store)."""
        from techhubs.core.names import normalize
        from techhubs.loader import cache

        return self._ask_store(lambda key: cache.lookup(key, kind, [normalize(n) for n in names]))

    def store_broken(self) -> bool:
        """Whether the store was found missing or damaged this run: what was read from
        it before may be wrong, so a command that read several things takes the full
        path (which then rebuilds it: :meth:`fill_store`)."""
        return self._missing_store is not None

    def _ask_store(self, question: Callable[[str], T]) -> T | None:
        """``question(key)`` of the record store; None when there is no cache, or
        when the store is missing or damaged — then it is marked, and rebuilt once
        the command has the dataset (:meth:`fill_store`)."""
        key = self._store_key()
        if key is None:
            return None
        from techhubs.loader import cache

        try:
            return question(key)
        except cache.StoreBroken:
            if self._missing_store != key:
                self._missing_store = key
                self._store_seen = cache.store_stamp(key)  # missing, or damaged as it is
            return None


def _stored_series(
    key: str, ids: Sequence[str], kind: str | None = None, beside: Sequence[str] = ()
) -> tuple[list[tuple[Gauge, Lines]], list[Any]]:
    """The stored series (``lines:ID``) of the indicators ``ids``, each with its
    indicator, over the holders of ``kind`` (else of the one kind their indicators
    apply to), and the stored answers named ``beside`` them, as read from the store
    under ``key``: StoreBroken for one missing or not of its shape (the store is
    then rebuilt), never a wrong answer."""
    from techhubs.loader import cache
    from techhubs.output.plain import from_json
    from techhubs.output.records import stored_lines

    named = [f"lines:{i}" for i in ids] + ([f"holders:{kind}"] if kind else []) + [*beside]
    texts = cache.texts_by_id(key, "answer", named)
    if texts is None:  # every indicator has its series: one gone is damage
        raise cache.StoreBroken(str(cache.store_path(key)))
    try:
        found = [from_json(text) for text in texts]
        lines, rest = found[: len(ids)], found[len(ids) :]
        if kind is None:  # what they apply to, as their stored indicators say
            kinds = {str(line["gauge"][4]) for line in lines}
            if len(kinds) != 1:
                raise ValueError("the series of more than one kind of holder")
            holders = from_json(cache.text(key, "answer", f"holders:{kinds.pop()}"))
        else:
            holders, rest = rest[0], rest[1:]
        return [stored_lines(line, holders) for line in lines], rest
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise cache.StoreBroken(str(cache.store_path(key))) from error
