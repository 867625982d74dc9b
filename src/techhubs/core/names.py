"""Name normalisation and the lookup index.

People type ``Xi'an``, ``xian``, ``XIAN``, ``Xī'ān`` or ``西安`` and mean one
city, so every name is reduced to a key that ignores case, accents, spaces and
punctuation before it is looked up.  The index is a plain dict from key to id:
a lookup never scans.  A Chinese name that misses is tried again in simplified
characters (:func:`simplified`), the script the data is written in.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple

from techhubs.errors import NotFoundError

#: Longest query we try to match fuzzily; longer input cannot be a name and
#: would only make the suggestion search slow.
_MAX_FUZZY_QUERY = 64


#: Everything that is not a letter or digit, combining accents included
#: (\W is "not alphanumeric and not _" in Unicode; combining marks are not
#: alphanumeric, so NFKD's separated accents go too).
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """The lookup key of ``text``: case-folded, accents and punctuation gone.

    Search normalises every field of every entity, so this is a regex pass
    rather than a loop over characters (4x faster on our summaries).
    """
    if text.isascii():  # most names: nothing to decompose, and only A-Z to fold
        lowered = text.lower()
        return lowered if lowered.isalnum() else _NOT_ALNUM.sub("", lowered)
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text).casefold())


#: Endings a Chinese name is given or dropped at will: 西安市 is 西安, 小米集团 is
#: 小米, 宇树科技 is 宇树. Matching ignores them (longest first).
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "股份",
    "科技",
    "技术",
    "市",
    "省",
    "区",
    "县",
)


def core(key: str) -> str:
    """A normalised name without the Chinese endings people add or drop, while at
    least two characters remain (市 alone stays 市)."""
    if key.isascii():  # most names: no ending to try (a cold 1000x start tried 3.6 million)
        return key
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                key = key[: -len(suffix)]
                stripped = True
    return key


#: English endings of legal and official names, by the collection whose names
#: take them ('Tencent Holdings', 'Huawei Technologies Co., Ltd.', 'Shenzhen
#: City'): a name that misses is tried without them, word by word from the end,
#: as 市 or 有限公司 are dropped. Only a kind's own: 'Wuxi City' is no company.
ENDINGS = {
    "cities": frozenset(("city", "municipality")),
    "companies": frozenset(
        ("co", "company", "corp", "corporation", "group", "holding", "holdings", "inc",
         "incorporated", "limited", "ltd", "plc")
    ),
}  # fmt: skip
_ENGLISH_ENDINGS = ENDINGS["cities"] | ENDINGS["companies"]
_WORDS = re.compile(r"[\s,.]+")


def without_endings(text: str, endings: frozenset[str] = _ENGLISH_ENDINGS) -> str | None:
    """``text`` without the English ``endings`` of a legal or official name, while a
    word remains ('Xiaomi Corp' is Xiaomi); None when it has none."""
    words = [w for w in _WORDS.split(text) if w]
    kept = list(words)
    while len(kept) > 1 and kept[-1].casefold() in endings:
        kept.pop()
    return " ".join(kept) if len(kept) < len(words) else None


def simplified(text: str) -> str | None:
    """``text`` in simplified characters when it has traditional ones (廣州 is 广州),
    else None.

    The data names places in simplified characters, as the mainland writes them;
    a reader in Hong Kong or Taiwan types 廣州 and means the same city. Callers
    ask only after a miss, so OpenCC (~25 ms with its dictionaries) is loaded by
    no run that finds what it was given.
    """
    if text.isascii():
        return None
    try:
        text.encode()
    except UnicodeEncodeError:
        return None  # bytes no encoding read (surrogate escapes): OpenCC takes UTF-8 only
    converted = _to_simplified()(text)
    return converted if converted != text else None


@functools.cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's character-level traditional-to-simplified table (t2s), loaded once.

    Character by character, not the regional phrase tables (tw2sp): a name keeps
    its words (人工智慧 stays 人工智慧, where Taiwan's phrase for AI would become
    人工智能), so a conversion never turns one name into a different one.
    """
    import opencc

    return opencc.OpenCC("t2s").convert


class NameIndex(NamedTuple):
    """Maps every normalised name of an entity kind to the entity's id."""

    keys: dict[str, str]
    spellings: dict[str, str]  # every name as written, for completion
    endings: frozenset[str] = frozenset()  # English endings its names may be given

    @classmethod
    def of(
        cls, entries: Iterable[tuple[str, Iterable[str]]], endings: frozenset[str] = frozenset()
    ) -> NameIndex:
        """Index ``(id, names)`` pairs; the first entity to claim a key keeps it."""
        keys: dict[str, str] = {}
        spellings: dict[str, str] = {}
        bare: dict[str, str] = {}
        for entity_id, names in entries:
            for name in names:
                key = normalize(name)
                if key and key not in keys:
                    keys[key] = entity_id
                if key and keys[key] == entity_id:
                    spellings.setdefault(name, entity_id)
                bare.setdefault(core(key), entity_id)
        # A name without its ending (小米 for 小米集团) answers too, unless it is
        # some entity's full name already.
        for key, entity_id in bare.items():
            keys.setdefault(key, entity_id)
        return cls(keys, spellings, endings)

    def get(self, name: str) -> str | None:
        """The id ``name`` names: as typed, without an English legal ending ('Tencent
        Holdings'), or (for Chinese) in simplified characters, with or without
        the ending (騰訊 Holdings: a Hong Kong reader's name for Tencent)."""
        found = self._get(name)
        if found is None and (bare := without_endings(name, self.endings)) is not None:
            found = self._get(bare)
        if found is None and (other := simplified(name)) is not None:
            found = self._get(other)
            if found is None and (bare := without_endings(other, self.endings)) is not None:
                found = self._get(bare)
        return found

    def _get(self, name: str) -> str | None:
        key = normalize(name)
        found = self.keys.get(key)
        return found if found is not None else self.keys.get(core(key))

    def resolve(self, name: str, kind: str) -> str:
        """The id named by ``name``, or NotFoundError with the close matches."""
        found = self.get(name)
        if found is not None:
            return found
        suggestions = self.suggest(name)
        shown = suggestions if name.isascii() else [self.chinese(i) for i in suggestions]
        raise NotFoundError(kind, name, suggestions, shown)

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Ids whose names are close to ``name`` (did-you-mean): to its simplified
        form when it has traditional characters (廣洲 is close to 广州, not 苏州)."""
        key = normalize(simplified(name) or name)[:_MAX_FUZZY_QUERY]
        if not key:
            return []
        import difflib  # only paid for on a miss

        ids: list[str] = []
        starts = [k for k in self.keys if k.startswith(key) or key.startswith(k)]
        # Chinese names are two or three characters: one wrong character (西按
        # for 西安) is a ratio of 0.5, which the Latin cutoff would miss.
        cutoff = 0.6 if key.isascii() else 0.5
        close = difflib.get_close_matches(key, list(self.keys), n=limit * 3, cutoff=cutoff)
        for match in [*close, *starts]:
            entity_id = self.keys[match]
            if entity_id not in ids:
                ids.append(entity_id)
        return ids[:limit]

    def chinese(self, entity_id: str) -> str:
        """The entity's first name in Chinese characters, for a did-you-mean to a
        reader who typed Chinese; its id when it has none."""
        for name, owner in self.spellings.items():
            if owner == entity_id and not name.isascii():
                return name
        return entity_id

    def completions(self, typed: str) -> list[str]:
        """Names that complete ``typed``, every one as written: starting with it.

        "she" offers shenzhen, "杭" offers 杭州, "Xi" offers Xi'an: people
        complete the name they know, in the spelling they began.  Names with
        spaces are kept (a search's did-you-mean offers them); the shell's own
        filter leaves out what it would split (techhubs.cli.options._offer).
        """
        return [name for name in self.spellings if name.startswith(typed)]
