"""The actor knowledge base: countries, organisations and people with dated roles.

The bundled files live in ``dateline/resources/kb/`` (format and coding conventions in its
README.md). Users extend the KB with their own CSV/TSV/YAML files (:meth:`KnowledgeBase.load`,
or the ``kb`` config of the actors, places and events stages, which the CLI's ``--kb`` sets), and
build such files from
Wikidata with :func:`dateline.knowledge.wikidata.import_wikidata`.

Codes are PLOVER-style: ``country`` is an ISO 3166 alpha-3 code (``XKX`` Kosovo, ``PSE``
Palestine) or None for actors without one (IGOs, NGOs, transnational armed groups), and
``sector`` is GOV, MIL, REB, OPP, LEG, JUD, IGO, NGO, CVL, ... Roles carry date ranges so the
article's date picks the code: Blinken is ``("USA", "GOV")`` in 2024 but ``("USA", None)`` in
2026 (a person with no role valid on the date keeps the country of the last role before it,
with no sector).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from spacy.util import registry

from dateline.resources import ROOT

RESOURCES = ROOT / "kb"
# All-caps aliases whose lower-case form is an ordinary word ("US", "IS", "WHO", "CARE") only
# match in capitals; other acronyms ("NATO"/"Nato") match in any case.
CASE_SENSITIVE_WORDS = frozenset(STOP_WORDS) | {"pa", "ap", "care", "ira", "sana", "wafa", "eta", "sco", "npa"}


@dataclass(frozen=True)
class KBActor:
    """A person, organisation or country the KB knows; ``country``/``sector`` are its default code."""

    id: str
    name: str
    kind: str  # person, country, igo, ngo, armed_group, party, government, military, media, company, ...
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class KBRole:
    """A dated code of an actor: a person's office, or an organisation's status over a period."""

    actor_id: str
    country: str | None
    sector: str | None
    title: str
    start: str | None  # YYYY-MM-DD, None = since always
    end: str | None  # YYYY-MM-DD inclusive, None = ongoing
    org: str | None = None  # the organisation the role belongs to (an actor id), e.g. "o:hamas"


def fold(text: str) -> str:
    """``text`` without diacritics ("Erdoğan" -> "Erdogan")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_POSSESSIVE = re.compile(r"['’]s?$")
_DROP = re.compile(r"[.'’`\"]")
_SPACE = re.compile(r"[\s\-‐–—_/]+")


@lru_cache(maxsize=1 << 16)  # the stages ask for the same words' keys over and over ("title_sector" per noun)
def normalize(text: str) -> str:
    """The lookup key of a name: case, diacritics, periods, apostrophes and hyphens ignored."""
    key = _POSSESSIVE.sub("", fold(text.strip()))
    key = _SPACE.sub(" ", _DROP.sub("", key)).strip().lower()
    return key[4:] if key.startswith("the ") else key


def is_case_sensitive(alias: str) -> bool:
    """True for an all-caps alias that is also an ordinary word ("US", "WHO")."""
    bare = _DROP.sub("", alias)
    return bare.isupper() and bare.lower() in CASE_SENSITIVE_WORDS


def _key(alias: str) -> str:
    return "=" + _DROP.sub("", alias) if is_case_sensitive(alias) else normalize(alias)


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one inserted, deleted or substituted letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def split_cell(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _date_bounds(date: str | None) -> tuple[str, str] | None:
    """The first and last day a (possibly partial) ISO date covers: "2024-02" -> 2024-02-01..31."""
    if not date:
        return None
    day = date[:10]
    if len(day) == 10:
        return day, day
    if len(day) == 7:
        return day + "-01", day + "-31"
    return day[:4] + "-01-01", day[:4] + "-12-31"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


class KnowledgeBase:
    """Actors, their dated roles, country words and title words, with normalized lookups."""

    def __init__(self) -> None:
        self.actors: dict[str, KBActor] = {}
        self._roles: dict[str, list[KBRole]] = {}
        self._index: dict[str, list[str]] = {}
        self._countries: dict[str, str] = {}  # normalized word -> ISO3
        self._country_kind: dict[str, str] = {}  # normalized word -> name, demonym, capital, metonym
        self._titles: dict[str, str] = {}
        self._title_phrases: dict[str, str] = {}  # as written, for matchers
        self._org_heads: dict[str, str] = {}  # last word of an organisation name -> sector
        self.country_names: dict[str, str] = {}

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Sequence[Path | str] = ()) -> KnowledgeBase:
        """The bundled KB plus the user files in ``extra`` (CSV, TSV or YAML; later files win)."""
        kb = cls()
        kb._load_countries(RESOURCES / "countries.tsv")
        kb._load_table(read_tsv(RESOURCES / "organizations.tsv"), default_kind="organization")
        kb._load_table(read_tsv(RESOURCES / "people.tsv"), default_kind="person")
        for row in read_tsv(RESOURCES / "titles.tsv"):
            kb._add_title(row["phrase"], row["sector"])
        for row in read_tsv(RESOURCES / "org_heads.tsv"):
            kb._org_heads[normalize(row["word"])] = row["sector"]
        for path in extra:
            kb.load_user_file(Path(path))
        return kb

    def _add_title(self, phrase: str, sector: str) -> None:
        self._titles[normalize(phrase)] = sector
        self._title_phrases[phrase.strip()] = sector

    def _load_countries(self, path: Path) -> None:
        for row in read_tsv(path):
            iso3, name = row["iso3"], row["name"]
            self.country_names[iso3] = name
            names = [name, *split_cell(row["short_names"])]
            self._add_actor(KBActor("c:" + iso3, name, "country", iso3, None, tuple(names)))
            for kind, words in (("name", names), ("demonym", split_cell(row["demonyms"])),
                                ("capital", split_cell(row["capitals"])), ("metonym", split_cell(row["metonyms"])),
                                ("region", split_cell(row.get("regions")))):
                for word in words:
                    key = _key(word)
                    self._countries.setdefault(key, iso3)
                    self._country_kind.setdefault(key, kind)

    def _load_table(self, rows: Iterable[dict], default_kind: str) -> None:
        """Rows of the people/organisations format: one row per role, name on the first row of an id."""
        defined: set[str] = set()
        for row in rows:
            ident = (row.get("id") or "").strip() or "u:" + normalize(row.get("name") or "").replace(" ", "_")
            if ident == "u:":
                continue
            if row.get("name") and ident not in defined:
                defined.add(ident)
                kind = (row.get("kind") or "").strip() or default_kind
                country = (row.get("country") or "").strip() or None
                sector = (row.get("sector") or "").strip() or None
                aliases = split_cell(row.get("aliases")) if isinstance(row.get("aliases"), str) else list(
                    row.get("aliases") or [])
                self._add_actor(KBActor(ident, row["name"].strip(), kind, country, sector, tuple(aliases)))
                self._roles.pop(ident, None)  # redefining an id (user file) replaces its roles too
            if row.get("title") or row.get("start") or row.get("end") or not row.get("name"):
                self._add_role(ident, row)

    def _add_role(self, ident: str, row: dict) -> None:
        role = KBRole(
            actor_id=ident,
            country=(row.get("country") or "").strip() or None,
            sector=(row.get("sector") or "").strip() or None,
            title=(row.get("title") or "").strip(),
            start=str(row.get("start") or "").strip() or None,
            end=str(row.get("end") or "").strip() or None,
            org=(row.get("org") or "").strip() or None,
        )
        self._roles.setdefault(ident, []).append(role)

    def _add_actor(self, actor: KBActor) -> None:
        old = self.actors.get(actor.id)
        if old is not None:
            for alias in (old.name, *old.aliases):
                ids = self._index.get(_key(alias), [])
                if actor.id in ids:
                    ids.remove(actor.id)
        self.actors[actor.id] = actor
        for alias in dict.fromkeys((actor.name, *actor.aliases)):
            ids = self._index.setdefault(_key(alias), [])
            if actor.id not in ids:
                ids.append(actor.id)

    def load_user_file(self, path: Path) -> None:
        """Add the actors (and titles) of a user CSV/TSV/YAML file; see the README for the format."""
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            self._load_yaml(path)
            return
        delimiter = "\t" if suffix in (".tsv", ".tab") else ","
        with path.open(encoding="utf-8", newline="") as fh:
            self._load_table(list(csv.DictReader(fh, delimiter=delimiter)), default_kind="person")

    def _load_yaml(self, path: Path) -> None:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            for phrase, sector in (data.get("titles") or {}).items():
                self._add_title(str(phrase), str(sector))
            data = data.get("actors") or []
        for entry in data:
            roles = entry.get("roles") or []
            base = {k: v for k, v in entry.items() if k != "roles"}
            base.setdefault("kind", "person" if roles else "organization")
            if base.get("name"):  # an entry without a name only adds roles to an existing id
                self._load_table([base], default_kind="person")
            ident = base.get("id") or "u:" + normalize(base.get("name") or "").replace(" ", "_")
            for role in roles:
                self._add_role(ident, role)

    # -- queries -------------------------------------------------------------------------
    def lookup(self, name: str) -> list[KBActor]:
        """Actors having ``name`` as name or alias (case/diacritic/punctuation-insensitive)."""
        ids: list[str] = []
        if is_case_sensitive(name):
            ids += self._index.get("=" + _DROP.sub("", name), [])
        ids += self._index.get(normalize(name), [])
        return [self.actors[i] for i in dict.fromkeys(ids)]

    def roles(self, actor_id: str, date: str | None) -> list[KBRole]:
        """The roles of ``actor_id`` valid on ``date`` (ISO; "YYYY-MM" or "YYYY" match any overlap)."""
        bounds = _date_bounds(date)
        roles = self._roles.get(actor_id, [])
        if bounds is None:
            return [r for r in roles if r.end is None]
        first, last = bounds
        return [r for r in roles if (r.start is None or r.start <= last) and (r.end is None or r.end >= first)]

    def all_roles(self, actor_id: str) -> list[KBRole]:
        """Every role of ``actor_id``, in file order."""
        return list(self._roles.get(actor_id, []))

    def role_on(self, actor_id: str, date: str | None) -> KBRole | None:
        """The role that sets the code on ``date``: the latest-starting valid one."""
        valid = self.roles(actor_id, date)
        return max(valid, key=lambda r: r.start or "") if valid else None

    def code(self, actor_id: str, date: str | None) -> tuple[str | None, str | None]:
        """(country, sector) of ``actor_id`` on ``date``.

        A valid role gives its code. Without one, a person keeps the country of the last role
        that ended before the date (or of the first role, if all are later) and no sector: an
        ex-minister is no longer GOV. Actors without dated roles have their fixed code.
        """
        actor = self.actors.get(actor_id)
        roles = self._roles.get(actor_id, [])
        if not roles:
            return (actor.country, actor.sector) if actor else (None, None)
        role = self.role_on(actor_id, date)
        if role is not None:
            return role.country, role.sector
        if actor is not None and actor.kind != "person":
            return actor.country, actor.sector
        bounds = _date_bounds(date)
        if bounds is None:
            latest = max(roles, key=lambda r: r.end or "9999")
            return latest.country, latest.sector
        past = [r for r in roles if r.end is not None and r.end < bounds[0]]
        nearest = max(past, key=lambda r: r.end or "") if past else min(roles, key=lambda r: r.start or "")
        return nearest.country, None

    def country_of(self, word: str) -> str | None:
        """ISO3 of a country name, short name, demonym, capital or metonym ("Kremlin" -> RUS)."""
        if is_case_sensitive(word):
            hit = self._countries.get("=" + _DROP.sub("", word))
            if hit:
                return hit
        key = normalize(word)
        if key in self._countries:
            return self._countries[key]
        single = re.sub(r"s$", "", key)  # a plural demonym ("Israelis"), not a continent ("the Americas")
        return self._countries.get(single) if self._country_kind.get(single) == "demonym" else None

    def country_like(self, word: str) -> str | None:
        """ISO3 of a misspelt country name or demonym ("Afganistan", "Chenchen"): the one country whose
        name or demonym of 6+ letters, with the same first and last letters, is one edit away; None
        when none or several."""
        key = normalize(word)
        if len(key) < 6 or " " in key or self.country_of(word):
            return None
        if not hasattr(self, "_fuzzy"):
            self._fuzzy: dict[str, list[tuple[str, str]]] = {}
            for known, iso3 in self._countries.items():  # names and demonyms only: no towns or regions
                if len(known) >= 6 and " " not in known and self._country_kind.get(known) in ("name", "demonym"):
                    self._fuzzy.setdefault(known[0], []).append((known, iso3))
        # the same last letter too: "Indiana" is no misspelt "Indian"
        found = {iso3 for known, iso3 in self._fuzzy.get(key[0], []) if key[-1] == known[-1] and _one_edit(key, known)}
        return found.pop() if len(found) == 1 else None

    def country_word_kind(self, word: str) -> str | None:
        """How ``word`` names a country: "name", "demonym", "capital", "metonym" or "region" (or None)."""
        key = "=" + _DROP.sub("", word) if is_case_sensitive(word) else normalize(word)
        return self._country_kind.get(key) or self._country_kind.get(re.sub(r"s$", "", key))

    def title_sector(self, phrase: str) -> str | None:
        """The sector a title or group noun implies: "prime minister" -> GOV, "soldier" -> MIL."""
        return self._titles.get(normalize(phrase))

    def org_head_sector(self, name: str) -> str | None:
        """The sector the head word of an unknown organisation's name gives: its last word, or the
        word before "of" ("Third World Water Forum" -> NGO, "Association of African Jurists" -> NGO,
        "University of Baghdad" -> EDU), else None."""
        words = name.split()
        if "of" in words[1:]:
            words = words[:words.index("of", 1)]
        return self._org_heads.get(normalize(words[-1])) if words else None

    def titles(self) -> Iterable[tuple[str, str]]:
        """(title phrase as written, sector) pairs, for building matchers."""
        return self._title_phrases.items()

    def aliases(self) -> Iterable[tuple[str, str]]:
        """(alias, actor_id) for every name and alias of every actor, for building matchers."""
        for actor in self.actors.values():
            for alias in dict.fromkeys((actor.name, *actor.aliases)):
                yield alias, actor.id

    def country_words(self) -> Iterable[tuple[str, str]]:
        """(word, ISO3) for the demonyms, capitals and metonyms (names are actor aliases)."""
        return ((k, v) for k, v in self._countries.items() if self._country_kind.get(k) != "name")


def plover_code(country: str | None, sector: str | None, kind: str | None = None) -> str | None:
    """The PLOVER/CAMEO actor code of a resolved actor: its ISO3, else IGO, NGO or IMG.

    PLOVER codes actors without a country in the country slot: IGO for intergovernmental
    bodies, NGO for non-governmental ones, IMG for international militant groups (al-Qaeda, ISIS).
    """
    if country:
        return country
    if sector in ("IGO", "NGO"):
        return sector
    if kind == "armed_group" or sector == "REB":
        return "IMG"
    return None


@lru_cache(maxsize=4)
def load_kb(extra_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The bundled KB plus ``extra_files`` (CSV/TSV/YAML), loaded once per set of files."""
    return KnowledgeBase.load(tuple(Path(p) for p in extra_files))


@registry.misc("dateline.kb.v1")
def configured_kb(extra_files: list[str]) -> KnowledgeBase:  # noqa: B006 - spaCy config values
    """The KB a stage's config names: ``{"@misc": "dateline.kb.v1", "extra_files": [...]}``."""
    missing = [p for p in extra_files if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"actor KB file not found: {', '.join(missing)}")
    return load_kb(tuple(extra_files))


def kb_config(extra_files: Sequence[str] = ()) -> dict:
    """The config block of a stage's ``kb`` setting."""
    return {"@misc": "dateline.kb.v1", "extra_files": list(extra_files)}


def kb_of(doc: Doc) -> KnowledgeBase:
    """The KB of the pipeline that processes ``doc``: the stages that use one set it on ``doc._.knowledge``
    from their config; a Doc no such stage has seen gets the bundled KB."""
    kb = doc._.knowledge if Doc.has_extension("knowledge") else None
    return kb if kb is not None else load_kb()
