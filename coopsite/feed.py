"""The site's news feeds (Atom 1.0), for newsletters, feed readers and partners' sites.

``flux.xml``: one entry per round table and per testimony, newest first;
``citations/flux.xml``: one entry per quote. A round table is dated by its own
date; a testimony by its ``published`` date when it has one (added after its
round table), else by its round table's; a quote by its testimony's. Each
entry's id is its permanent address, its summary is written from the data
(never invented), and its card image is its enclosure.

Feeds need absolute addresses: without ``SITE_URL`` none is written, as for
the QR codes. At most :data:`MAX_ENTRIES` entries, so that a feed stays small
at N = 1,000 (``bench/scale.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from . import config
from .french import date_fr, search_excerpt
from .search.records import plain
from .structure.model import Case, Corpus, Event, Quote

FEED = config.FEED
QUOTES_FEED = config.QUOTES_FEED
MAX_ENTRIES = 50
ATOM_TYPE = "application/atom+xml"
# Characters XML 1.0 cannot carry (control characters but tab, line feed and carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    url: str  # relative to the site root
    title: str
    date: str  # AAAA-MM-JJ
    summary: str
    author: str
    card: str = ""  # the card image's URI, when the page has one
    order: tuple = ()  # ties at the same date keep the site's own order


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def event_entry(event: Event, publisher: str, index: int) -> Entry:
    count = len(event.cases)
    witnesses = f"{count} témoignage{'s' if count > 1 else ''}" if count else "aucun témoignage encore"
    where = f", {event.place}" if event.place else ""
    lead = f"Table ronde du {date_fr(event.date)}{where}, organisée par {event.organiser} ({witnesses})."
    return Entry(config.event_url(event), event.title, event.date,
                 " ".join(p for p in (lead, search_excerpt(plain(event.summary))) if p),
                 publisher, config.card_uri(config.event_url(event)), (0, index))


def case_entry(case: Case, publisher: str, index: int) -> Entry:
    count = len(case.quotes)
    lead = (f"{case.kind_label}, {case.territory}. Table ronde « {case.event.title} » : "
            f"{count} citation{'s' if count > 1 else ''} reliée{'s' if count > 1 else ''} à la grille d’analyse.")
    return Entry(config.case_url(case), case.title, case.date, f"{lead} {search_excerpt(plain(case.summary))}",
                 publisher, config.card_uri(config.case_url(case)), (1, index))


def quote_entry(quote: Quote, index: int) -> Entry:
    case = quote.case
    indicators = ", ".join(f"{i.id} {i.title}" for i in quote.indicators)
    summary = f"« {quote.text} » — {quote.speaker_name}, {case.title}. Indicateurs : {indicators}."
    return Entry(config.quote_page_url(quote), f"{quote.speaker_name} : « {search_excerpt(quote.text)} »",
                 case.date, summary, quote.speaker_name or case.title,
                 config.card_uri(config.quote_page_url(quote)), (2, index))


def newest(entries: list[Entry]) -> list[Entry]:
    """Newest first; at the same date, the site's own order; at most :data:`MAX_ENTRIES`."""
    ordered = sorted(entries, key=lambda e: e.order)
    ordered.sort(key=lambda e: e.date, reverse=True)
    return ordered[:MAX_ENTRIES]


def atom(entries: list[Entry], site_url: str, path: str, title: str, subtitle: str,
         cards: set[str] = frozenset()) -> str:
    """The Atom document at ``path`` (relative to the site root)."""
    base = site_url.rstrip("/") + "/"
    updated = (entries[0].date if entries else "1970-01-01") + "T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"  <id>{_text(base + path)}</id>",
        f"  <title>{_text(title)}</title>",
        f"  <subtitle>{_text(subtitle)}</subtitle>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="{ATOM_TYPE}" href={_attr(base + path)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr(base)}/>',
        "  <generator>coopsite</generator>",
    ]
    for entry in entries:
        address = base + entry.url
        lines += [
            "  <entry>",
            f"    <id>{_text(address)}</id>",
            f"    <title>{_text(entry.title)}</title>",
            f"    <updated>{entry.date}T00:00:00Z</updated>",
            f"    <published>{entry.date}T00:00:00Z</published>",
            f"    <author><name>{_text(entry.author)}</name></author>",
            f'    <link rel="alternate" type="text/html" href={_attr(address)}/>',
        ]
        if entry.card and entry.card in cards:
            lines.append(f'    <link rel="enclosure" type="image/png" href={_attr(base + entry.card)}/>')
        lines += [f'    <summary type="text">{_text(entry.summary)}</summary>', "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def feed_files(corpus: Corpus, site_url: str, site_name: str, cards: set[str] = frozenset()) -> dict[str, str]:
    """``{path: Atom text}`` of both feeds; empty without ``site_url``. ``cards``: the card images
    the site has (their URIs), the entries' enclosures."""
    if not site_url:
        return {}
    publisher = corpus.publication.publisher.name or site_name
    # A feed announces what is published: a draft (structure/drafts.py) is never in it.
    news = newest([event_entry(e, publisher, i) for i, e in enumerate(corpus.events) if not e.draft]
                  + [case_entry(c, publisher, i) for i, c in enumerate(corpus.cases)
                     if not (c.draft or c.event.draft)])
    quotes = newest([quote_entry(q, i) for i, q in enumerate(corpus.quotes)
                     if not (q.case.draft or q.case.event.draft)])
    return {
        FEED: atom(news, site_url, FEED, site_name,
                   "Les tables rondes et les témoignages, les plus récents d’abord.", cards),
        QUOTES_FEED: atom(quotes, site_url, QUOTES_FEED, f"{site_name} — citations",
                          "Les citations des témoignages, les plus récentes d’abord.", cards),
    }
