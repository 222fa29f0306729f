"""A series of edits to a site's sources, as a person writing testimonies makes them.

Used by ``bench/edit.py`` (how long until the served page shows a save) and by
``tests/test_preview.py`` (after each edit, the previewed site equals a clean
build). Each edit changes the files of a project in place and says which page
shows it and with what text. It works on any project: PQN-A's site or a
corpus of ``bench/corpus.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml


@dataclass(frozen=True)
class Edit:
    """One save: what it changes, the page that shows it, the text that page then contains."""

    name: str
    apply: Callable[[Path], None]
    url: str
    text: str
    gone: bool = False  # the page at `url` no longer exists


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), "utf-8")


def case_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "cases").glob("*.yml"))


def _case_file(root: Path, index: int) -> Path:
    """The testimony file at ``index`` (counted again from the first past the last)."""
    files = case_files(root)
    return files[index % len(files)]


def _grid_file(root: Path) -> Path:
    return next(iter(sorted((root / "grid").glob("*.yml"))))


def _indicator_ids(root: Path) -> list[str]:
    grid = _read(_grid_file(root))
    return [i["id"] for g in grid["general_objectives"] for m in g["main_objectives"] for i in m["indicators"]]


def _slug(identifier: str) -> str:
    from coopsite.french import slugify

    return slugify(identifier, limit=None)


def _change_case(path: Path, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        data = _read(path)
        change(data)
        _write(path, data)
    return apply


def summary(root: Path, tag: str, index: int = 0) -> Edit:
    """A testimony's summary."""
    path = _case_file(root, index)
    data = _read(path)
    text = f"Résumé modifié {tag}"
    return Edit("résumé", _change_case(path, lambda d: d.update(summary=text + ". " + d["summary"])),
                f"temoignages/{_slug(data['id'])}/", text)


def quote_text(root: Path, tag: str, index: int = 0) -> Edit:
    """A quote's text."""
    path = _case_file(root, index)
    data = _read(path)
    text = f"Citation modifiée {tag}"

    def change(d: dict) -> None:
        d["quotes"][0]["text"] = text + " " + d["quotes"][0]["text"]
    return Edit("texte d'une citation", _change_case(path, change), f"citations/{data['quotes'][0]['id']}/", text)


def quote_moved(root: Path, tag: str, index: int = 0) -> Edit:
    """A quote moved from one indicator to another (its quote id shows on the new indicator's page)."""
    path = _case_file(root, index)
    data = _read(path)
    quote = data["quotes"][0]
    cited = set(quote["indicators"])
    others = [i for i in _indicator_ids(root) if i not in cited]
    # An indicator it does not cite yet, another one at each call.
    target = others[(len(tag) + index) % len(others)]

    def change(d: dict) -> None:
        d["quotes"][0]["indicators"][0] = target
    # The quote's own page names its indicators.
    return Edit("citation déplacée vers un autre indicateur", _change_case(path, change),
                f"citations/{quote['id']}/", f'<span class="coop-chip__id">{target}</span>')


def title(root: Path, tag: str, index: int = 0) -> Edit:
    """A testimony's title."""
    path = _case_file(root, index)
    data = _read(path)
    text = f"Titre modifié {tag}"
    return Edit("titre d'un témoignage", _change_case(path, lambda d: d.update(title=text)),
                f"temoignages/{_slug(data['id'])}/", text)


def new_case(root: Path, tag: str, index: int = 0) -> Edit:
    """A new testimony (a copy of one, with new ids)."""
    source = _case_file(root, index)
    new_id = f"nouveau-temoin-{tag}"
    title_text = f"Nouveau témoignage {tag}"

    def apply(root: Path) -> None:
        copy = _read(source)
        copy["id"] = new_id
        copy["title"] = title_text
        for number, quote in enumerate(copy["quotes"], 1):
            quote["id"] = f"{new_id}-citation-{number}"
        copy.pop("published", None)
        _write(root / "cases" / f"{new_id}.yml", copy)
    return Edit("nouveau témoignage", apply, f"temoignages/{_slug(new_id)}/", title_text)


def deleted_case(root: Path, tag: str, index: int = -1) -> Edit:
    """A testimony deleted: it leaves the list of testimonies."""
    path = _case_file(root, index)
    data = _read(path)
    return Edit("témoignage supprimé", lambda root: path.unlink(), f"temoignages/{_slug(data['id'])}/", "",
                gone=True)


def event_date(root: Path, tag: str, index: int = 0) -> Edit:
    """A round table's date (one day earlier in the same month, or later)."""
    events = sorted((root / "cases" / "evenements").glob("*.yml"))
    path = events[index % len(events)]
    data = _read(path)
    year, month, day = (int(part) for part in str(data["date"]).split("-"))
    day = day - 1 if day > 1 else day + 1
    new = f"{year:04d}-{month:02d}-{day:02d}"

    def apply(root: Path) -> None:
        d = _read(path)
        d["date"] = new
        _write(path, d)
    from coopsite.french import date_fr

    return Edit("date d'une table ronde", apply, f"tables-rondes/{_slug(data['id'])}/", date_fr(new))


def indicator_title(root: Path, tag: str, index: int = 0) -> Edit:
    """An indicator's title in the grid."""
    path = _grid_file(root)
    indicators = _indicator_ids(root)
    target = indicators[index % len(indicators)]
    text = f"Indicateur renommé {tag}"

    def apply(root: Path) -> None:
        grid = _read(path)
        for general in grid["general_objectives"]:
            for main in general["main_objectives"]:
                for ind in main["indicators"]:
                    if ind["id"] == target:
                        ind["title"] = text
        _write(path, grid)
    return Edit("titre d'un indicateur", apply, f"grille/{_slug(target)}/", text)


def site_file(root: Path, tag: str, index: int = 0) -> Edit:
    """site.yml: the home page's presentation."""
    path = root / "site.yml"
    text = f"Présentation modifiée {tag}"

    def apply(root: Path) -> None:
        data = _read(path) if path.is_file() else {}
        data["presentation"] = text
        _write(path, data)
    return Edit("site.yml", apply, "", text)


def broken(root: Path, tag: str, index: int = 0) -> Edit:
    """A testimony's file broken (a quote without its text): the page of the problems shows."""
    path = _case_file(root, index)

    def apply(root: Path) -> None:
        d = _read(path)
        del d["quotes"][0]["text"]
        _write(path, d)
    return Edit("fichier cassé", apply, "erreurs-de-construction.txt", "")


def fixed(root: Path, tag: str, index: int = 0) -> Edit:
    """The broken file fixed: the testimony's page comes back."""
    path = _case_file(root, index)
    data = _read(path)
    text = f"Citation réparée {tag}"

    def apply(root: Path) -> None:
        d = _read(path)
        d["quotes"][0]["text"] = text
        _write(path, d)
    return Edit("fichier réparé", apply, f"temoignages/{_slug(data['id'])}/", text)


# The series of the issue, in order; the broken file comes before its fix.
SERIES = (summary, quote_text, quote_moved, title, new_case, deleted_case, event_date, indicator_title,
          site_file, broken, fixed)
# What the benchmark times: the saves a writer makes again and again.
TIMED = (summary, quote_moved)
