"""Domain model: the analysis grid, the events, the cases and their quotes.

Objects are built by :mod:`coopsite.structure.build` from validated YAML and
are then treated as read-only. Cross references (quote → indicators,
indicator → quotes) are resolved once, at load time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Level:
    value: int
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Scale:
    levels: tuple[Level, ...]
    unknown_label: str

    @property
    def max_value(self) -> int:
        return max(level.value for level in self.levels)


@dataclass(frozen=True, slots=True)
class Band:
    min: float
    max: float
    label: str
    interpretation: str


@dataclass(frozen=True, slots=True)
class Provenance:
    title: str
    authors: tuple[str, ...]
    year: int | None
    source: str
    status: str
    version: str
    note: str = ""


@dataclass(eq=False, slots=True)
class Indicator:
    id: str
    slug: str
    title: str
    description: str
    question: str
    main: "MainObjective" = field(repr=False, default=None)  # type: ignore[assignment]
    quotes: list["Quote"] = field(default_factory=list, repr=False)

    @property
    def general(self) -> "GeneralObjective":
        return self.main.general


@dataclass(eq=False, slots=True)
class MainObjective:
    id: str
    slug: str
    title: str
    description: str
    indicators: list[Indicator]
    general: "GeneralObjective" = field(repr=False, default=None)  # type: ignore[assignment]


@dataclass(eq=False, slots=True)
class GeneralObjective:
    id: str
    slug: str
    title: str
    description: str
    main_objectives: list[MainObjective]


@dataclass(eq=False, slots=True)
class Grid:
    id: str
    version: str
    title: str
    description: str
    provenance: Provenance
    scale: Scale
    bands: tuple[Band, ...]
    general_objectives: list[GeneralObjective]
    source_path: Path
    article: str = "la"  # how a sentence names the grid: « la grille… », « le référentiel… »

    @property
    def main_objectives(self) -> list[MainObjective]:
        return [m for g in self.general_objectives for m in g.main_objectives]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for m in self.main_objectives for i in m.indicators]

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


@dataclass(eq=False, slots=True)
class Event:
    id: str
    slug: str
    title: str
    date: str
    organiser: str
    place: str
    summary: str
    aims: tuple[str, ...]
    framing: str
    contact: Contact | None
    report_url: str
    replay_url: str
    source_path: Path
    cases: list["Case"] = field(default_factory=list, repr=False)
    example: bool = False  # the example a new site starts with (publish-check refuses it)
    draft: bool = False  # still to review (structure/drafts.py): shown in previews, never published
    needs: tuple[str, ...] = ()  # what a draft still lacks, in words


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    source_url: str
    source_title: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str = ""


@dataclass(eq=False, slots=True)
class Quote:
    id: str
    text: str
    speakers: tuple[Person, ...]
    indicators: list[Indicator]
    rationale: str
    case: "Case" = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def speaker_name(self) -> str:
        # Only a draft's quote may have no speaker yet (structure/drafts.py).
        return " et ".join(p.name for p in self.speakers) or UNKNOWN_SPEAKER

    @property
    def speaker_role(self) -> str:
        return " ; ".join(
            ", ".join(part for part in (p.role, p.organisation) if part) for p in self.speakers
        )


@dataclass(eq=False, slots=True)
class Case:
    id: str
    slug: str
    title: str
    kind: str  # "organisation" or "grand-temoin"
    territory: str
    people: tuple[Person, ...]
    summary: str
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]
    event: Event
    quotes: list[Quote]
    source_path: Path
    departements: tuple[str, ...] = ()  # official codes (structure/departements.py), when the source says
    published: str = ""  # AAAA-MM-JJ, when the testimony was added after its round table
    example: bool = False  # the example a new site starts with (publish-check refuses it)
    draft: bool = False  # still to review (structure/drafts.py): shown in previews, never published
    needs: tuple[str, ...] = ()  # what a draft still lacks, in words

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def date(self) -> str:
        """When the testimony appeared: its own date, or its round table's."""
        return self.published or self.event.date


KIND_LABELS = {"organisation": "Organisation témoin", "grand-temoin": "Grand témoin"}
UNKNOWN_SPEAKER = "personne à préciser"


@dataclass(frozen=True, slots=True)
class Party:
    """A publisher or a host, as the legal notice names it."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Publication:
    """Who publishes the site (``site.yml``): every unknown value stays empty."""

    site_name: str = ""  # mkdocs.yml's site_name: the one place a site names itself
    network: str = ""  # the network's short name, as the pages cite it
    region: str = ""
    presentation: str = ""  # the home page's first paragraph (Markdown), written from the rest when empty
    publisher: Party = Party()
    director: str = ""
    host: Party = Party()
    licence_name: str = ""
    licence_url: str = ""
    status: str = "non conforme"
    rate: str = ""
    audit_date: str = ""
    auditor: str = ""
    declaration_date: str = ""
    # The sites allowed to show the embeddable self-test in a frame (origins, ``https://host``).
    embed_origins: tuple[str, ...] = ()
    source_path: Path | None = None

    @property
    def network_name(self) -> str:
        """Who the pages say gathers the testimonies: the network, else the publisher."""
        return self.network or self.publisher.name

    @property
    def audited(self) -> bool:
        return self.status != "non conforme"


@dataclass(eq=False, slots=True)
class Corpus:
    """Everything the site is made of, with all cross references resolved."""

    root: Path
    grid: Grid
    events: list[Event]
    cases: list[Case]
    publication: Publication = Publication()
    # A hash of the bytes of each source file as it was read (coopsite/rebuild.py compares them).
    digests: dict[Path, str] = field(default_factory=dict, repr=False)

    @property
    def quotes(self) -> list[Quote]:
        return [q for c in self.cases for q in c.quotes]
