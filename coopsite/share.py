"""What a shared page says about itself: share texts and the image cards' contents.

Pure data, no drawing (``coopsite.cards`` draws): every quote, case and event
has a card, and so do the home page, the grid and the self-test. French
typography is applied here, once: non-breaking spaces inside « » and before
; : ! ?, apostrophes left as the source has them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote as _quote

from . import config
from .french import NBSP, NNBSP, date_fr, french_spaces, share_excerpt
from .structure.model import Case, Corpus, Event, Quote
from .wording import grid_name, in_sentence, network_and_region

SHARE_EXCERPT = 200  # characters of a quote in a share message


def quote_share_title(quote: Quote) -> str:
    return f"Citation de {quote.speaker_name}"


def quote_share_text(quote: Quote) -> str:
    """« The quote » — speaker: the text of a share message and the quote page's description."""
    return french_spaces(f"« {share_excerpt(quote.text, SHARE_EXCERPT)} » — {quote.speaker_name}")


# Share links of the « Partager » menu: plain links, nothing loads before a
# click. ``{url}`` is the page's absolute address, ``{title}`` its title.
INTENTS = (
    ("E-mail", "mailto:?subject={title}&body={title}%20{url}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
    ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
)


@lru_cache(maxsize=16384)  # a quote's menu is on its case page, Paroles and each indicator's page
def intent_items(address: str, title: str) -> str:
    """The ``<li>`` of the share links, as HTML. With ``address`` (SITE_URL is
    set) they are complete; without it, each item is a hidden ``<li>`` whose
    ``data-share-intent`` keeps ``{url}``, and share.js makes its link with the
    address the browser knows."""
    items = []
    for name, pattern in INTENTS:
        link = pattern.replace("{title}", _quote(title, safe=""))
        if address:
            link = html.escape(link.replace("{url}", _quote(address, safe="")))
            items.append(f'<li><a class="coop-share__item" href="{link}" rel="noopener noreferrer" '
                         f'target="_blank">{name}</a></li>')
        else:
            # No address yet, hence no <a>: a link without href is not a link (crawlers report
            # it). share.js makes the link once the browser knows the address.
            items.append(f'<li hidden data-share-intent="{html.escape(link)}">{name}</li>')
    return "\n".join(items)


@dataclass(frozen=True, slots=True)
class CardSpec:
    """The contents of one image card (everything its pixels depend on, but the style)."""

    page_url: str   # the page it illustrates
    kicker: str     # small line at the top (what the page is)
    text: str       # the main text: a quote (shown in « ») or a title
    quote: bool
    byline: str = ""  # speaker(s), bold
    detail: str = ""  # role, organisation
    footer: str = ""  # the round table and its date
    alt: str = ""     # og:image:alt: the full quote or the page title (not drawn)

    @property
    def uri(self) -> str:
        return config.card_uri(self.page_url)

    def key_parts(self) -> tuple[str, ...]:
        return (self.kicker, self.text, str(self.quote), self.byline, self.detail, self.footer)


def _event_line(event: Event) -> str:
    return f"{event.title} · table ronde du {date_fr(event.date)}"


def quote_card(quote: Quote) -> CardSpec:
    case = quote.case
    return CardSpec(config.quote_page_url(quote), case.title, quote.text, True,
                    quote.speaker_name, quote.speaker_role, _event_line(case.event),
                    alt=f"« {quote.text} » — {quote.speaker_name}")


def case_card(case: Case) -> CardSpec:
    people = ", ".join(p.name for p in case.people)
    return CardSpec(config.case_url(case), f"Témoignage · {case.kind_label}", case.title, False,
                    people, case.territory, _event_line(case.event), alt=case.title)


def event_card(event: Event) -> CardSpec:
    count = len(event.cases)
    return CardSpec(config.event_url(event), f"Table ronde du {date_fr(event.date)}", event.title, False,
                    f"Organisée par {event.organiser}",
                    f"{count} témoin{'s' if count != 1 else ''}" + (f" · {event.place}" if event.place else ""),
                    alt=event.title)


def card_specs(corpus: Corpus, site_name: str) -> list[CardSpec]:
    """Every card of the site, in a stable order."""
    grid = corpus.grid
    specs = [
        CardSpec(config.HOME, network_and_region(corpus.publication), site_name, False,
                 f"Témoignages, paroles et {in_sentence(grid.title)}",
                 f"{len(corpus.cases)} témoignages · {len(corpus.quotes)} citations", alt=site_name),
        CardSpec(config.GRID, grid.title, grid.title, False,
                 f"{len(grid.general_objectives)} objectifs généraux · {len(grid.main_objectives)} objectifs "
                 f"principaux · {len(grid.indicators)} indicateurs", "", alt=grid.title),
        CardSpec(config.SELFTEST, "Autodiagnostic", "Testez votre degré de coopération", False,
                 f"{len(grid.indicators)} questions tirées {grid_name(grid, 'de')}",
                 "Vos réponses restent dans votre navigateur", alt="Testez votre degré de coopération"),
    ]
    specs += [event_card(e) for e in corpus.events]
    specs += [case_card(c) for c in corpus.cases]
    specs += [quote_card(q) for q in corpus.quotes]
    return specs
