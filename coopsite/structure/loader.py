"""Load ``grid/`` and ``cases/`` into a :class:`Corpus`, or report every problem.

Reading never writes to the sources. All problems of all files are gathered
before anything is raised, so an editor sees the whole list at once.
"""

from __future__ import annotations

import copy

import errno
import hashlib
import json
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from . import drafts, schema as schemas
from .model import (
    Band, Case, Contact, Corpus, Event, Fact, GeneralObjective, Grid, Indicator, Level, Link,
    MainObjective, Party, Person, Provenance, Publication, Quote, Scale,
)
from .problems import Problem, ValidationFailed, resolved, display_path, short, visible
from .yamlsource import SourceDoc, read_bounded, read_yaml
from ..cache import NO_CACHE, DiskCache, digest
from ..french import slugify
from ..memos import Memo
from ..parallel import Fork, ForkFailed, can_fork

YAML_SUFFIXES = (".yml", ".yaml")
MKDOCS_FILE = "mkdocs.yml"
SITE_FILE = "site.yml"  # who publishes the site (optional: without it, every legal field is to complete)


# Part of every cache key of a valid document: bump it when reading or the
# schema check change in a way that the schema's own text does not show.
_SCHEMA_CACHE_VERSION = "2"


def _yaml_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files of ``folder`` that can be published; the others get a problem.

    Nothing is skipped in silence: ``.YML`` is read like ``.yml``, and a broken
    link, a folder or a link to a file outside the project is reported.
    Hidden files (``.#x.yml``, an editor's lock) are not sources.
    """
    if not folder.is_dir():
        return []
    project = root.resolve()
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        problems.append(Problem(folder, 1, 1, "", f"dossier illisible ({error.strerror or error})",
                                "vérifiez les droits d'accès du dossier"))
        return []
    for path in entries:
        if path.name.startswith(".") or os.path.splitext(path.name)[1].lower() not in YAML_SUFFIXES:
            continue
        if not _utf8_name(path.name):
            problems.append(Problem(path, 1, 1, "", "nom de fichier illisible : il n'est pas écrit en UTF-8",
                                    "renommez le fichier en lettres simples, chiffres et tirets, "
                                    "par exemple mon-temoignage.yml"))
        elif path.is_symlink() and not path.exists():
            if _loops(path):
                problems.append(Problem(path, 1, 1, "", "lien symbolique en boucle : il mène, de lien en lien, "
                                        "à lui-même", "remplacez le lien par le fichier lui-même, ou retirez-le"))
            else:
                problems.append(Problem(path, 1, 1, "", "lien symbolique cassé : le fichier qu'il désigne n'existe pas",
                                        "remplacez le lien par le fichier lui-même, ou retirez-le"))
        elif path.is_dir():
            problems.append(Problem(path, 1, 1, "", "c'est un dossier, pas un fichier",
                                    "renommez le dossier sans l'extension .yml, ou sortez-le de ce dossier"))
        elif not path.is_file():
            problems.append(Problem(path, 1, 1, "", "ce n'est pas un fichier ordinaire (tube, prise ou périphérique)",
                                    "retirez-le du dossier, ou renommez-le sans l'extension .yml"))
        elif not resolved(path).is_relative_to(project):
            problems.append(Problem(path, 1, 1, "", "lien vers un fichier situé hors du projet : il ne sera pas publié",
                                    "copiez le fichier lui-même dans le dossier à la place du lien"))
        else:
            found.append(path)
    return found


def _utf8_name(name: str) -> bool:
    """False for a file name whose bytes are not UTF-8 (Python keeps them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


# The messages of the rules a form cannot express. The browser editor checks
# the same rules before a save, with these very sentences (coopsite/editor/).
MESSAGES = {
    "duplicate_person": "personne « {id} » en double",
    "duplicate_quote": "citation « {id} » en double",
    "unknown_person": "personne inconnue « {id} »",
    "unknown_indicator": "indicateur inconnu « {id} »",
    "indicator_twice": "indicateur « {id} » cité deux fois",
    "unknown_event": "événement inconnu « {id} »",
    "id_not_file_name": "l'identifiant « {id} » ne reprend pas le nom du fichier",
}

def load_corpus(root: Path, cache: DiskCache = NO_CACHE) -> Corpus:
    """Load and validate the sources under ``root``; raise :class:`ValidationFailed`.

    With a ``cache``, a file whose exact bytes already passed the same schema
    is neither parsed nor checked again: its data comes from the cache,
    without the positions of its values (the referential checks always run).
    Positions only matter in a report, so when anything is wrong the sources
    are loaded again without the cache, and every problem gets its line.
    """
    root = Path(root)
    problems: list[Problem] = []

    grid_doc = _load_grid_doc(root, problems, cache)
    event_files = _yaml_files(root / "cases" / "evenements", root, problems)
    event_docs = _load_docs(event_files, "event", problems, cache, root)
    site_file = root / SITE_FILE
    site_docs = _load_docs([site_file], "site", problems, cache, root) if site_file.is_file() else []
    rejected_cases: list[SourceDoc] = []
    case_docs = _load_docs(_yaml_files(root / "cases", root, problems), "case", problems, cache, root,
                           rejected_cases)

    # Referential checks run on the files that passed their schema, so that
    # one broken file does not hide the problems of the others. A broken file
    # already has its problem: references to what it would define are not
    # reported again (a broken grid does not make every quote's indicator unknown).
    grid_ids = _check_grid(grid_doc, problems) if grid_doc else None
    objectives = _objective_indicators(grid_doc.data) if grid_doc else {}
    event_ids = _check_unique(event_docs, "id", "événement", problems)
    _check_events(event_docs, problems)
    # A broken event file is known by its name; an id that differs from the
    # name is itself a problem, so the build never meets an unknown event.
    known_events = event_ids | {path.stem for path in event_files}
    _check_cases(case_docs, grid_ids, known_events, problems, objectives)
    for doc in rejected_cases:  # all of a broken file's problems at once
        _check_references(doc, grid_ids, known_events, problems, objectives)

    if problems:
        if any(not doc.precise for doc in (grid_doc, *event_docs, *case_docs, *site_docs) if doc is not None):
            return load_corpus(root)  # read again with positions: raises with every line
        raise ValidationFailed(problems, root)
    grid = _build_grid(grid_doc)
    events = {doc.data["id"]: _build_event(doc) for doc in event_docs}
    indicators = {ind.id: ind for ind in grid.indicators}
    cases = [_build_case(doc, indicators, events) for doc in case_docs]
    cases.sort(key=lambda c: (c.event.date, c.kind != "organisation", c.title.casefold()))
    for case in cases:
        case.event.cases.append(case)
    publication = _build_publication(site_docs[0]) if site_docs else Publication()
    publication = replace(publication, site_name=read_site_name(root))
    digests = {doc.path: hashlib.sha1(doc.raw).hexdigest() for doc in (grid_doc, *event_docs, *site_docs, *case_docs)}
    return Corpus(root=root, grid=grid, events=sorted(events.values(), key=lambda e: e.date, reverse=True),
                  cases=cases, publication=publication, digests=digests)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its tags (``!ENV``, ``!!python/name:``) read as nothing."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_config(root: Path) -> dict:
    """The site's mkdocs.yml as plain data, read without MkDocs ({} when it cannot be read)."""
    path = Path(root) / MKDOCS_FILE
    try:
        stat = path.stat()
        key = (str(path.absolute()), stat.st_mtime_ns, stat.st_size)
        data = _mkdocs_configs.get(key)
        if data is None:
            data = yaml.load(path.read_text("utf-8"), Loader=_TolerantLoader)
            data = _mkdocs_configs.put(key, data if isinstance(data, dict) else {})
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return copy.deepcopy(data)


# The last one read is the one asked again (a preview reads it at every save): coopsite/memos.py.
_mkdocs_configs: Memo[tuple[str, int, int], dict] = Memo("mkdocs_configs", limit=1)


def read_site_name(root: Path) -> str:
    """The site's name, from ``site_name`` in the site's mkdocs.yml ("" without one)."""
    name = read_mkdocs_config(root).get("site_name")
    return str(name).strip() if name else ""


# -- reading -------------------------------------------------------------------------------

def _load_grid_doc(root: Path, problems: list[Problem], cache: DiskCache) -> SourceDoc | None:
    known = len(problems)
    files = _yaml_files(root / "grid", root, problems)
    if len(files) != 1 and len(problems) > known:
        return None  # an unpublishable file in grid/ already has its problem
    if len(files) != 1:
        where = root / "grid"
        found = ", ".join(p.name for p in files) or "aucun"
        problems.append(Problem(where, 1, 1, "", f"le dossier grid/ doit contenir exactement une grille YAML (trouvé : {found})",
                                "gardez un seul fichier .yml dans grid/"))
        return None
    docs = _load_docs(files, "grid", problems, cache, root)
    return docs[0] if docs else None


def _load_docs(files: list[Path], kind: str, problems: list[Problem], cache: DiskCache, root: Path,
               rejected: list[SourceDoc] | None = None) -> list[SourceDoc]:
    """The documents that pass their schema; those that are a mapping but fail go to ``rejected``."""
    good = []
    ahead = _CheckAhead.start(files, kind, cache, root)
    for index, path in enumerate(files):
        if ahead is not None and index == ahead.first:
            ahead.wait()  # the files from here on are in the cache, unless they have a problem
        doc = _known_valid(path, kind, cache)
        if doc is not None:
            doc.rel = display_path(path, root)
            good.append(doc)
            continue
        doc, found = _read_and_check(path, kind, cache, root)
        problems.extend(found)
        if not found:
            good.append(doc)
        elif rejected is not None and doc is not None and isinstance(doc.data, dict):
            rejected.append(doc)
    return good


def _read_and_check(path: Path, kind: str, cache: DiskCache, root: Path) -> tuple[SourceDoc | None, list[Problem]]:
    """Read one file and check it against its schema; a file without problem goes into the cache."""
    doc, found = read_yaml(path)
    if doc is not None:
        doc.rel = display_path(path, root)
    if doc is not None and not isinstance(doc.data, dict):
        found = [doc.problem((), "le fichier doit décrire un ensemble de champs « nom: valeur »")]
    elif doc is not None:
        # A text with a forbidden character already has its problem: the
        # schema's own about the same field would only repeat it.
        reported = {p.field for p in doc.problems}
        found = doc.problems + [p for p in schemas.check(doc, kind) if p.field not in reported]
        if not found:
            cache.put("valid", _cache_key(kind, doc.raw), json.dumps(doc.data, ensure_ascii=False).encode("utf-8"))
    return doc, found


# From this many files on, when they are not in the cache (a first build), another process
# checks the second half of them meanwhile (a fork); below it, forking costs more than it saves.
CHECK_AHEAD_MIN = 200


class _CheckAhead:
    """A fork checking ``files[first:]`` into the cache while this process checks the first half.

    The fork only fills the cache; the files are then read from it, as on a
    later build, and any file with a problem is read and reported here.
    """

    def __init__(self, fork: Fork, first: int):
        self.fork, self.first = fork, first

    @classmethod
    def start(cls, files: list[Path], kind: str, cache: DiskCache, root: Path) -> _CheckAhead | None:
        if len(files) < CHECK_AHEAD_MIN or not can_fork() or not cache.writable("valid") \
                or _known_valid(files[-1], kind, cache) is not None:
            return None  # (a later build: when the last file is in the cache, the others are too, mostly)
        first = len(files) // 2
        fork = Fork.start(_check_into_cache, files[first:], kind, cache, root)
        return cls(fork, first) if fork is not None else None

    def wait(self) -> None:
        try:
            self.fork.result()
        except ForkFailed:  # whatever the fork met, the files are checked here again
            pass


def _check_into_cache(files: list[Path], kind: str, cache: DiskCache, root: Path) -> None:
    for path in files:
        if _known_valid(path, kind, cache) is None:
            _read_and_check(path, kind, cache, root)


def _cache_key(kind: str, raw: bytes) -> str:
    return digest(_SCHEMA_CACHE_VERSION, kind, schemas.schema_text(kind), raw)


def _known_valid(path: Path, kind: str, cache: DiskCache) -> SourceDoc | None:
    """The document, if these exact bytes already passed this schema (no positions: see ``load_corpus``)."""
    if cache.folder is None:
        return None
    raw, refused = read_bounded(path)
    if refused is not None:
        return None
    hit = cache.get("valid", _cache_key(kind, raw))
    if hit is None:
        return None
    try:
        data = json.loads(hit)
    except ValueError:
        return None
    return SourceDoc(path=path, data=data, raw=raw, precise=False) if isinstance(data, dict) else None


# -- referential checks ----------------------------------------------------------------------

def _check_unique(docs: list[SourceDoc], key: str, what: str, problems: list[Problem]) -> set[str]:
    seen: dict[str, SourceDoc] = {}
    for doc in docs:
        value = doc.data[key]
        if value in seen:
            other = seen[value]
            line, _ = other.where((key,))
            problems.append(doc.problem((key,), f"{what} « {visible(short(value))} » en double",
                                        f"déjà utilisé dans {other.rel}:{line}"))
        else:
            seen[value] = doc
        if doc.path.stem != value:
            problems.append(doc.problem((key,), MESSAGES["id_not_file_name"].format(id=value),
                                        f"renommez le fichier en {value}{doc.path.suffix} ou l'identifiant en « {doc.path.stem} »"))
    return set(seen)


def _check_events(docs: list[SourceDoc], problems: list[Problem]) -> None:
    for doc in docs:
        if not doc.data.get("date") and drafts.is_draft(doc.data):
            continue  # a draft's date may wait (structure/drafts.py)
        try:
            date.fromisoformat(doc.data["date"])
        except ValueError:
            problems.append(doc.problem(("date",), f"la date « {doc.data['date']} » n'existe pas",
                                        "écrivez une date réelle au format AAAA-MM-JJ, par exemple 2021-10-20"))


def _check_grid(doc: SourceDoc, problems: list[Problem]) -> dict[str, str]:
    """Check ids and scale; return {indicator id: its title} for the case checks."""
    data = doc.data
    seen: dict[str, tuple] = {}
    slugs: dict[str, str] = {}
    indicators: dict[str, str] = {}

    def claim(item_id: str, parts: tuple) -> None:
        if item_id in seen:
            line, _ = doc.where(seen[item_id])
            problems.append(doc.problem(parts, f"identifiant « {item_id} » en double", f"déjà utilisé ligne {line}"))
            return
        seen[item_id] = parts
        slug = slugify(item_id, limit=None)
        if slug in slugs:
            problems.append(doc.problem(parts, f"l'identifiant « {item_id} » donne la même adresse que « {slugs[slug]} »"))
        slugs[slug] = item_id

    for g_index, general in enumerate(data["general_objectives"]):
        g_parts = ("general_objectives", g_index)
        claim(general["id"], (*g_parts, "id"))
        for m_index, main in enumerate(general["main_objectives"]):
            m_parts = (*g_parts, "main_objectives", m_index)
            claim(main["id"], (*m_parts, "id"))
            for i_index, ind in enumerate(main["indicators"]):
                claim(ind["id"], (*m_parts, "indicators", i_index, "id"))
                indicators[ind["id"]] = ind["title"]

    values = [level["value"] for level in data["scale"]["levels"]]
    for index, value in enumerate(values):
        if value in values[:index]:
            problems.append(doc.problem(("scale", "levels", index, "value"), f"niveau « {value} » en double"))
    if values and max(values) == 0:
        problems.append(doc.problem(("scale", "levels"), "au moins un niveau doit valoir plus que 0"))

    bands = sorted(enumerate(data["bands"]), key=lambda item: item[1]["min"])
    expected = 0
    for index, band in bands:
        parts = ("bands", index)
        if band["max"] <= band["min"]:
            problems.append(doc.problem((*parts, "max"), "« max » doit être plus grand que « min »"))
        if band["min"] != expected:
            problems.append(doc.problem((*parts, "min"), f"les paliers doivent se suivre sans trou ni chevauchement : attendu {expected}"))
        expected = band["max"]
    if bands and expected != 100:
        problems.append(doc.problem(("bands",), f"le dernier palier doit finir à 100 (il finit à {expected})"))
    return indicators


def _objective_indicators(grid: dict) -> dict[str, list[str]]:
    """{objective id: the ids of its indicators}, general and main objectives alike."""
    found: dict[str, list[str]] = {}
    for general in grid["general_objectives"]:
        for main in general["main_objectives"]:
            ids = [ind["id"] for ind in main["indicators"]]
            found[main["id"]] = ids
            found.setdefault(general["id"], []).extend(ids)
    return found


def _indicator_hint(cited: str, indicators: dict[str, str], objectives: dict[str, list[str]]) -> str:
    """Why ``cited`` is not an indicator, and what to cite instead."""
    children = objectives.get(cited) or objectives.get(cited.strip().upper())
    if children:
        name = "l'objectif" if cited in objectives else "un objectif"
        choices = (", ".join(children) if len(children) <= 6 else f"de {children[0]} à {children[-1]}")
        return (f"« {visible(short(cited))} » désigne {name}, pas un indicateur : "
                f"citez un ou plusieurs de ses indicateurs ({choices})")
    return (schemas.did_you_mean(cited, indicators)
            or "voir la liste des indicateurs dans grid/ (par exemple « A1.1 »)")


def _check_cases(docs: list[SourceDoc], indicators: dict[str, str] | None, events: set[str],
                 problems: list[Problem], objectives: dict[str, list[str]] | None = None) -> None:
    """Cross references of the cases; ``indicators`` is ``None`` when the grid is broken."""
    _check_unique(docs, "id", "témoignage", problems)
    quote_ids: dict[str, tuple[SourceDoc, tuple]] = {}
    case_ids = {doc.data["id"] for doc in docs}
    for doc in docs:
        data = doc.data
        if data.get("published"):
            try:
                date.fromisoformat(data["published"])
            except ValueError:
                problems.append(doc.problem(("published",), f"la date « {data['published']} » n'existe pas",
                                            "écrivez une date réelle au format AAAA-MM-JJ, par exemple 2021-11-15"))
        people: set[str] = set()
        for index, person in enumerate(data.get("people", ())):
            if person["id"] in people:
                problems.append(doc.problem(("people", index, "id"), MESSAGES["duplicate_person"].format(id=person["id"])))
            people.add(person["id"])
        for q_index, quote in enumerate(data.get("quotes", ())):
            q_parts = ("quotes", q_index)
            if quote["id"] in quote_ids:
                other_doc, other_parts = quote_ids[quote["id"]]
                line, _ = other_doc.where(other_parts)
                problems.append(doc.problem((*q_parts, "id"), MESSAGES["duplicate_quote"].format(id=quote["id"]),
                                            f"déjà utilisée dans {other_doc.rel}:{line}"))
            elif quote["id"] in case_ids:
                problems.append(doc.problem((*q_parts, "id"), f"l'identifiant « {quote['id']} » est déjà celui d'un témoignage"))
            else:
                quote_ids[quote["id"]] = (doc, (*q_parts, "id"))
        _check_references(doc, indicators, events, problems, objectives)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_references(doc: SourceDoc, indicators: dict[str, str] | None, events: set[str],
                      problems: list[Problem], objectives: dict[str, list[str]] | None = None) -> None:
    """The event, speakers and indicators a case file points to.

    Also run on a file that failed its schema, so that an editor sees all its
    problems at once: a value without the expected shape is left to the
    schema's own message.
    """
    data = doc.data
    event = data.get("event")
    if _text(event) and event not in events:
        problems.append(doc.problem(("event",), MESSAGES["unknown_event"].format(id=visible(short(event))),
                                    schemas.did_you_mean(event, events) or "créez-le dans cases/evenements/"))
    # Speakers are checked only against a well-formed list of people.
    people_list = data.get("people")
    people = None
    if isinstance(people_list, list) and all(isinstance(p, dict) and _text(p.get("id")) for p in people_list):
        people = {p["id"] for p in people_list}
    quotes = data.get("quotes")
    for q_index, quote in enumerate(quotes if isinstance(quotes, list) else []):
        if not isinstance(quote, dict):
            continue
        q_parts = ("quotes", q_index)
        speaker = quote.get("speaker")
        listed = isinstance(speaker, list)
        for s_index, name in enumerate(speaker if listed else [speaker]):
            if people is not None and _text(name) and name not in people:
                problems.append(doc.problem((*q_parts, "speaker") + ((s_index,) if listed else ()),
                                            MESSAGES["unknown_person"].format(id=visible(short(name))),
                                            schemas.did_you_mean(name, people)
                                            or "ajoutez-la dans people"))
        cited = quote.get("indicators")
        seen: set[str] = set()
        for i_index, ind in enumerate(cited if isinstance(cited, list) else []):
            if not _text(ind):
                continue
            i_parts = (*q_parts, "indicators", i_index)
            if indicators is not None and ind not in indicators:
                problems.append(doc.problem(i_parts, MESSAGES["unknown_indicator"].format(id=visible(short(ind))),
                                            _indicator_hint(ind, indicators, objectives or {})))
            elif ind in seen:
                problems.append(doc.problem(i_parts, MESSAGES["indicator_twice"].format(id=ind)))
            seen.add(ind)


# -- building the model ----------------------------------------------------------------------

def _build_publication(doc: SourceDoc) -> Publication:
    data = doc.data

    def party(key: str) -> Party:
        fields = data.get(key) or {}
        return Party(**{k: fields.get(k, "").strip() for k in ("name", "address", "phone", "email") if k in fields})

    licence = data.get("licence") or {}
    access = data.get("accessibility") or {}
    return Publication(
        network=data.get("network", "").strip(), region=data.get("region", "").strip(),
        presentation=data.get("presentation", "").strip(), publisher=party("publisher"), director=data.get("director", "").strip(), host=party("host"),
        licence_name=licence.get("name", "").strip(), licence_url=licence.get("url", "").strip(),
        status=access.get("status", "non conforme"), rate=access.get("rate", "").strip(),
        audit_date=access.get("audit_date", "").strip(), auditor=access.get("auditor", "").strip(),
        declaration_date=access.get("declaration_date", "").strip(),
        embed_origins=tuple(o.strip().rstrip("/") for o in (data.get("embedding") or {}).get("allowed_sites") or ()),
        source_path=doc.path)


def _build_grid(doc: SourceDoc) -> Grid:
    data = doc.data
    prov = data["provenance"]
    generals = []
    for g in data["general_objectives"]:
        mains = []
        for m in g["main_objectives"]:
            inds = [Indicator(i["id"], slugify(i["id"], limit=None), i["title"], i["description"], i["question"])
                    for i in m["indicators"]]
            main = MainObjective(m["id"], slugify(m["id"], limit=None), m["title"], m["description"], inds)
            for ind in inds:
                ind.main = main
            mains.append(main)
        general = GeneralObjective(g["id"], slugify(g["id"], limit=None), g["title"], g["description"], mains)
        for main in mains:
            main.general = general
        generals.append(general)
    return Grid(
        id=data["id"], version=str(data["version"]), title=data["title"], description=data["description"],
        provenance=Provenance(
            title=prov["title"], authors=tuple(prov["authors"]), year=prov.get("year"),
            source=prov.get("source", ""), status=prov["status"], version=prov.get("version", ""),
            note=prov.get("note", ""),
        ),
        scale=Scale(
            levels=tuple(Level(l["value"], l["label"], l.get("description", ""))
                         for l in sorted(data["scale"]["levels"], key=lambda l: l["value"])),
            unknown_label=data["scale"]["unknown_label"],
        ),
        bands=tuple(Band(b["min"], b["max"], b["label"], b["interpretation"])
                    for b in sorted(data["bands"], key=lambda b: b["min"])),
        general_objectives=generals,
        source_path=doc.path,
        article=data.get("article", "la"),
    )


def _build_event(doc: SourceDoc) -> Event:
    d = doc.data
    draft = drafts.is_draft(d)

    def text(name: str):  # a draft's empty value is shown as « à compléter » (drafts.SHOWN_EMPTY)
        value = d.get(name) or ("" if name != "aims" else ())
        return drafts.shown("event", name, value) if draft else value

    contact = Contact(**d["contact"]) if d.get("contact") else None
    return Event(
        id=d["id"], slug=d["id"], title=text("title"), date=d.get("date", ""), organiser=text("organiser"),
        place=d.get("place", ""), summary=text("summary"), aims=tuple(text("aims")), framing=text("framing"),
        contact=contact, report_url=d.get("report_url", ""), replay_url=d.get("replay_url", ""),
        source_path=doc.path, example=bool(d.get("example", False)), draft=draft,
        needs=drafts.summary(d, "event") if draft else (),
    )


def _build_case(doc: SourceDoc, by_id: dict[str, Indicator], events: dict[str, Event]) -> Case:
    d = doc.data
    draft = drafts.is_draft(d)
    people = {p["id"]: Person(p["id"], p["name"], p.get("role", ""), p.get("organisation", ""))
              for p in d.get("people", ())}
    territory, summary = d.get("territory", ""), d.get("summary", "")
    case = Case(
        id=d["id"], slug=d["id"], title=d["title"], kind=d["kind"],
        territory=drafts.shown("case", "territory", territory) if draft else territory,
        people=tuple(people.values()), summary=drafts.shown("case", "summary", summary) if draft else summary,
        facts=tuple(Fact(f["text"], f["source_url"], f.get("source_title", "")) for f in d.get("facts", [])),
        links=tuple(Link(l["label"], l.get("url", "")) for l in d.get("links", [])),
        event=events[d["event"]], quotes=[], source_path=doc.path,
        departements=tuple(dict.fromkeys(d.get("departements", []))), published=d.get("published", ""),
        example=bool(d.get("example", False)), draft=draft,
        needs=drafts.summary(d, "case") if draft else (),
    )
    for q in d.get("quotes", ()):
        # A draft's quote may wait for its speaker, its indicators and its rationale.
        speaker = q.get("speaker") or []
        speakers = speaker if isinstance(speaker, list) else [speaker]
        rationale = q.get("rationale", "")
        quote = Quote(id=q["id"], text=q["text"].strip(), speakers=tuple(people[s] for s in speakers if s),
                      indicators=[by_id[i] for i in q.get("indicators", ())],
                      rationale=drafts.shown("quote", "rationale", rationale) if draft else rationale, case=case)
        case.quotes.append(quote)
        for ind in quote.indicators:
            ind.quotes.append(quote)
    return case
