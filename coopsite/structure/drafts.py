"""Drafts: testimonies and round tables that a person still has to finish.

A source with ``draft: true`` (the report import writes them so) passes the
relaxed part of its schema: it may leave empty what only a person can
decide, such as the indicators of a quote or who speaks. The schema says
what a publishable source needs more, in its ``else`` branch (applied when
``draft`` is not true). What a draft still lacks is exactly what that branch
reports, and is listed in words here: by ``validate``, on the draft's pages,
and by ``publish-check``, which refuses to publish while a draft remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .problems import field_path
from .schema import schema

# What the pages show where a draft has no value yet (never stored in a file).
MISSING = "à compléter"


@dataclass(frozen=True, slots=True)
class Need:
    """One thing a draft still lacks: where (a JSON path) and what, in words."""

    parts: tuple
    label: str  # « Indicateurs illustrés », the schema's title of the field

    @property
    def field(self) -> str:
        return field_path(self.parts)

    def sentence(self, data: dict | None = None) -> str:
        """« Citation 2 (liess-gouvernance) : Qui parle, à compléter »."""
        index = self.quote
        where = f"{quote_place(data or {}, index)} : " if index is not None else ""
        return f"{where}{self.label}, {MISSING}"

    @property
    def quote(self) -> int | None:
        """The index of the quote the need is in, or None."""
        parts = self.parts
        return parts[1] if len(parts) > 2 and parts[0] == "quotes" and isinstance(parts[1], int) else None


def quote_place(data: dict, index: int) -> str:
    """« citation 2 (liess-gouvernance) »."""
    quotes = data.get("quotes") or []
    quote_id = quotes[index].get("id") if index < len(quotes) and isinstance(quotes[index], dict) else ""
    return f"citation {index + 1}" + (f" ({quote_id})" if quote_id else "")


def is_draft(data) -> bool:
    return isinstance(data, dict) and data.get("draft") is True


@cache
def _strict_validator(kind: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind).get("else", {}))


def needs(data: dict, kind: str) -> list[Need]:
    """What the draft ``data`` (a ``case`` or an ``event``) lacks to be published, in the file's order."""
    found: dict[tuple, Need] = {}
    for error in _strict_validator(kind).iter_errors(data):
        parts = tuple(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            parts = (*parts, missing)
        found.setdefault(parts, Need(parts, _label(kind, parts)))
    return sorted(found.values(), key=lambda need: _order(kind, need.parts))


def summary(data: dict, kind: str) -> tuple[str, ...]:
    """What the draft lacks, one line per field and one per quote, for its pages:
    « Territoire », « citation 2 (liess-gouvernance) : qui parle, indicateurs illustrés »."""
    lines: dict[object, list[str]] = {}
    for need in needs(data, kind):
        lines.setdefault(need.label if need.quote is None else need.quote, []).append(need.label)
    shown = []
    for key, labels in lines.items():
        if isinstance(key, int):
            shown.append(f"{quote_place(data, key)} : {', '.join(label[0].lower() + label[1:] for label in labels)}")
        else:
            shown.append(key)
    return tuple(shown)


def _property(kind: str, parts: tuple) -> dict:
    """The schema of the field at ``parts`` (indexes skipped), or {}."""
    node = schema(kind)
    for part in parts:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return node


def _label(kind: str, parts: tuple) -> str:
    named = [p for p in parts if not isinstance(p, int)]
    return _property(kind, parts).get("title") or (named[-1] if named else "?")


def _order(kind: str, parts: tuple) -> tuple:
    """The file's order: fields in the schema's order, list items by index."""
    key, node = [], schema(kind)
    for part in parts:
        if isinstance(part, int):
            key.append(part)
            node = node.get("items", {})
        else:
            names = list(node.get("properties", {}))
            key.append(names.index(part) if part in names else len(names))
            node = node.get("properties", {}).get(part, {})
    return tuple(key)


# What a draft's pages show for a value it does not have yet, by kind and field. The model
# holds these words (a draft is never published), so every page shows something readable.
SHOWN_EMPTY = {
    ("event", "title"): "Table ronde (titre à compléter)",
    ("event", "organiser"): "organisateur à compléter",
    ("event", "summary"): "*Présentation à compléter.*",
    ("event", "framing"): "*Cadre de l’échange à compléter.*",
    ("event", "aims"): ("Objectifs à compléter.",),
    ("case", "territory"): "territoire à compléter",
    ("case", "summary"): "*Présentation à compléter.*",
    ("quote", "rationale"): MISSING,
}


def shown(kind: str, name: str, value):
    """``value``, or what a draft's pages show in its place while it is empty."""
    if value:
        return value
    return SHOWN_EMPTY.get((kind, name), value)


def draft_sources(corpus) -> list:
    """The round tables and testimonies of ``corpus`` still marked as drafts, events first."""
    return [e for e in corpus.events if e.draft] + [c for c in corpus.cases if c.draft]


def report(corpus) -> str:
    """What each draft still lacks, file by file, with the line of each field ("" without drafts)."""
    from .problems import display_path
    from .yamlsource import read_yaml

    found = draft_sources(corpus)
    if not found:
        return ""
    count = len(found)
    lines = [f"{count} brouillon{'s' if count > 1 else ''} à relire (draft: true) : "
             f"{'ils s’affichent' if count > 1 else 'il s’affiche'} dans l’aperçu, et la publication "
             f"{'les' if count > 1 else 'le'} refuse (python3 tasks.py publish-check)."]
    for item in found:
        kind = "event" if item in corpus.events else "case"
        doc, _ = read_yaml(item.source_path)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        missing = needs(data, kind)
        shown = display_path(item.source_path, corpus.root)
        if not missing:
            lines.append(f"{shown} : complet ; retirez « draft: true » (ou décochez « Brouillon à relire ») "
                         "une fois relu.")
            continue
        lines.append(f"{shown} : {len(missing)} chose{'s' if len(missing) > 1 else ''} à compléter")
        for need in missing:
            line = doc.where(need.parts)[0] if doc is not None else 1
            lines.append(f"  - ligne {line} : {need.field} — {need.sentence(data)}")
    return "\n".join(lines)
