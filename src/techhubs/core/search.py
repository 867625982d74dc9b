"""Search on rows: how well a text matches, and the hits, best first.

A search ranks rows — an entity's searchable texts, one a row — whichever source
gives them: every row of a dataset (techhubs.core.queries.search_rows, on a cold
run) or the store's rows that may match (techhubs.loader.cache.search, on a warm
one). Apart from the queries, which need the declarations and the dataset, so
that a warm search imports neither (~5 ms a run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple, TypedDict, cast

from techhubs.core.kinds import HitKind, choices_of
from techhubs.core.names import core, normalize
from techhubs.errors import UsageError
from techhubs.text import printable, quoted

HIT_KINDS = choices_of(HitKind)


class SearchRow(NamedTuple):
    """One searchable text of an entity or district, with what a hit on it shows.

    The rows of a dataset, in order, are all a search needs: the record store
    keeps them, so a warm search reads only the rows that can match."""

    kind: str  # a HitKind value
    id: str
    name: str
    name_zh: str
    city: str | None  # a district's city (its id), else None
    city_name: str | None
    field: str
    value: str
    key: str  # the value normalised
    weight: float


class HitRecord(TypedDict):
    """A hit in JSON: Hit's fields, by name (a TypedDict for the tables' typing)."""

    kind: str
    id: str
    name: str
    city: str | None
    matched: str
    score: int


class Hit(NamedTuple):
    """An entity (or a district) that matched: the field that matched best, and its score."""

    kind: str
    id: str
    name: str
    city: str | None
    matched: str
    score: int

    def record(self) -> HitRecord:
        """The hit as JSON has it (docs/json.md, ``search``): its fields, in order."""
        return cast(HitRecord, self._asdict())


_WORD_BREAK = re.compile(r"[\s\-–—/,;:()'\"“”‘’.!?]+")
#: Shorter queries match only at the start of a word ("ai" must not find
#: "Shanghai"), and two letters only a whole word ("ai" is not "aircraft");
#: longer ones, and Chinese (which has no spaces), anywhere.
_ANYWHERE = 5


def _tokens(value: str) -> list[str]:
    """The words of ``value``, each normalised, as a match takes them."""
    return [t for t in (normalize(w) for w in _WORD_BREAK.split(value)) if t]


def _anywhere(fragment: str) -> bool:
    return len(fragment) >= _ANYWHERE or not fragment.isascii()


def _match_score(
    query: str, words: list[str], value: str, key: str, stems: list[str] | None = None
) -> int:
    """How well ``value`` (normalised: ``key``) matches: whole, start, a word, a word's
    start; failing those, each of the words' ``stems`` at a word's start."""
    if not key:
        return 0
    typed = _typed_score(query, words, value, key)
    if typed or not stems or not all(s in key for s in stems):
        return typed
    tokens = _tokens(value)
    return STEMMED if all(any(t.startswith(s) for t in tokens) for s in stems) else 0


def _typed_score(query: str, words: list[str], value: str, key: str) -> int:
    """:func:`_match_score` of the words as typed."""
    if key == query:
        return 100
    if key.startswith(query):
        # the whole name less an ending the query lost too: 量子科技 is 量子科技
        return 100 if core(key) == query else 80
    # Every match below needs the query (or each of its words) inside the key:
    # checking that first spares splitting most values into words.
    if query not in key and not (len(words) > 1 and all(w in key for w in words)):
        return 0
    tokens = _tokens(value)
    if query in tokens:
        return 70
    if len(query) > 2 and any(t.startswith(query) for t in tokens):
        return 60
    if _anywhere(query) and query in key:
        return 50
    if len(words) > 1 and all(_holds(w, tokens, key) for w in words):
        return 40
    return 0


#: The score of a value that holds the query's words only as words of the same
#: stem ('optical valley' in 'Optics Valley of China'): below the same words as typed.
STEMMED = 35

#: Endings a word of a search drops to find its other forms, longest first:
#: 'optical' and 'optics' both find 'optic…', 'batteries' 'batter…' (battery).
#: '-al' only after '-ic' ('optical', 'electrical'): 'internal', 'general' and
#: 'universal' are no 'intern', 'gener' or 'univers' (they found the internet,
#: generations and universities).
_ENDINGS = ("ing", "ies", "es", "ed", "er", "ical", "s", "y")
#: The shortest stem kept: shorter ones ('car' of 'cars') match too much.
_SHORTEST_STEM = 5


def stem(word: str) -> str:
    """``word`` (normalised) without an English ending, when what is left is long
    enough to mean the same word; else ``word``. Only letters: '5g', 'h100' and
    Chinese are kept as typed. A stem is a prefix of the word, so any text holding
    the word holds its stem (what lets the store pick the rows that may match)."""
    if not (word.isascii() and word.isalpha()):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending):
            kept = word[: -len(ending)] + ("ic" if ending == "ical" else "")
            if len(kept) >= _SHORTEST_STEM:
                return kept
    return word


def stems_of(words: list[str]) -> list[str]:
    """The stems of the search's ``words``; empty when none differs from its word
    (the search is then only as typed)."""
    stems = [stem(w) for w in words]
    return stems if stems != words else []


def _holds(word: str, tokens: list[str], key: str) -> bool:
    """Whether a value (its words ``tokens``, normalised whole ``key``) holds ``word``
    as a search takes a word: at a word's start, or (long or Chinese) anywhere."""
    return any(t.startswith(word) for t in tokens) or (_anywhere(word) and word in key)


#: The score of an entity whose fields hold every word between them but none all
#: of them ('tencent wechat': its name one, its description the other): below any
#: single field's match (the least is 40 in running text, weighed 0.5: 20).
ACROSS = 15


def _words_held(words: list[str], value: str, key: str) -> frozenset[str]:
    """The ``words`` a value holds (for an entity that holds them between fields)."""
    if not any(w in key for w in words):
        return frozenset()
    tokens = _tokens(value)
    return frozenset(w for w in words if w in key and _holds(w, tokens, key))


def close_names(spellings: Iterable[str], text: str, limit: int = 3) -> list[str]:
    """The names among ``spellings`` close to ``text``, nearest first: a search
    that found nothing offers them, as a lookup offers its did-you-mean. Names in
    the script the reader typed in (北京 for 北亰, Huawei for huawai), and only
    those nearly as close as the nearest ('tencnet' is Tencent, not also Tianjin)."""
    import difflib

    typed = normalize(text)[:100]  # a did-you-mean is for a name, not a paragraph
    if not typed:
        return []
    by_key: dict[str, str] = {}
    for name in spellings:
        if name.isascii() == typed.isascii():
            key = normalize(name)
            # a name as it is written ('Huawei'), rather than as an id ('huawei')
            if key not in by_key or (by_key[key].islower() and not name.islower()):
                by_key[key] = name
    # Chinese names are two or three characters: one wrong one is a ratio of 0.5
    cutoff = 0.6 if typed.isascii() else 0.5
    close = difflib.get_close_matches(typed, list(by_key), n=limit * 3, cutoff=cutoff)
    if not close:
        return []
    ratio = [difflib.SequenceMatcher(None, typed, key).ratio() for key in close]
    near = [by_key[key] for key, r in zip(close, ratio, strict=True) if r >= ratio[0] * 0.8]
    return near[:limit]


#: The most different words a search takes: more is no question a reader asks,
#: and each word is matched against every field (100,000 took 20 s).
MAX_SEARCH_WORDS = 50


def search_terms(text: str) -> tuple[str, list[str]]:
    """The normalised query and its words, each without the Chinese endings a
    lookup ignores too (西安市 finds 西安, 腾讯科技 finds 腾讯), a repeated word once;
    UsageError when nothing is left to look for, or too many words are."""
    query = core(normalize(text))
    if not query and text.strip():  # '%', '*': typed, but nothing a name is made of
        given = quoted(printable(text.strip(), limit=60, exact=True))
        raise UsageError(
            f"{given} has no letters or digits to search for; e.g. 'techhubs search silicon'"
        )
    if not query:
        raise UsageError("give some text to search for, e.g. 'techhubs search silicon'")
    typed = [w for w in (core(normalize(part)) for part in text.split()) if w]
    words = list(dict.fromkeys(typed))
    if len(words) < len(typed):  # a word typed twice is the same search as typed once
        query = core("".join(words))
    if len(words) > MAX_SEARCH_WORDS:
        raise UsageError(
            f"the search has {len(words):,} different words; techhubs takes at most "
            f"{MAX_SEARCH_WORDS} (search for the few that matter)"
        )
    # one word, however often it was typed, is the whole query ('silicon silicon')
    return (words[0] if len(words) == 1 else query), words


def rank_hits(
    rows: Iterable[SearchRow],
    text: str,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """The hits among ``rows`` (in dataset order; rows that cannot match may be left
    out), best first: each entity scores by its best field, the first such field."""
    query, words = search_terms(text)
    stems = stems_of(words)
    terms = list(dict.fromkeys(stems or words))  # what fields must hold between them
    wanted = set(kinds) if kinds else set(HIT_KINDS)
    hits: list[Hit] = []
    current: SearchRow | None = None
    top, where = 0, ""
    # A text that recurs (an area's name in every hub that leads in it) is scored
    # once: its score depends on the text alone (its key is the text normalised).
    scores: dict[str, int] = {}
    # With several words, what each entity's fields hold of them between them, and
    # the field that held the first (a hit on no one field is one on them together).
    several = len(words) > 1
    held: dict[str, frozenset[str]] = {}
    covered: set[str] = set()
    first = ""

    def close(row: SearchRow) -> None:
        if top:
            hits.append(Hit(row.kind, row.id, row.name, row.city, where, top))
        elif several and len(covered) == len(terms):
            hits.append(Hit(row.kind, row.id, row.name, row.city, first, ACROSS))

    for row in rows:
        if row.kind not in wanted:
            continue
        if current is None or (row.kind, row.id, row.city) != (
            current.kind,
            current.id,
            current.city,
        ):
            if current is not None:
                close(current)
            current, top, where = row, 0, ""
            covered, first = set(), ""
        matched = scores.get(row.value)
        if matched is None:
            matched = scores[row.value] = _match_score(query, words, row.value, row.key, stems)
        score = round(matched * row.weight)
        if score > top:
            top, where = score, row.field
        if several and not top:
            found = held.get(row.value)
            if found is None:  # by the stems, as one field is ('byd batteries')
                found = held[row.value] = _words_held(terms, row.value, row.key)
            if found - covered:
                first = first or row.field
                covered |= found
    if current is not None:
        close(current)
    order = {kind: i for i, kind in enumerate(HIT_KINDS)}
    hits.sort(key=lambda h: (-h.score, order[h.kind], h.name.casefold()))
    return hits[:limit] if limit is not None else hits
