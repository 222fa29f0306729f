"""What a save asks the preview to redo: a pure plan, from the pages before and after it.

No MkDocs here: the plan compares two lists of the core's pages
(:class:`~coopsite.generated.GeneratedFile`) and says which to read and render
again, which to add or delete, or that only a full build will do
(:class:`FullBuildNeeded`, with its reason for the terminal). ``refresh.py``
carries it out with MkDocs; ``tests/test_preview_plan.py`` tests it alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coopsite import layers
from coopsite.generated import GeneratedFile


class FullBuildNeeded(Exception):
    """The change reaches beyond what a refresh redoes (its reason, for the terminal)."""


@dataclass
class Plan:
    """The pages of a refresh, by address."""

    unchanged: list[str] = field(default_factory=list)  # same text: their files are kept as they are
    nav_changed: list[GeneratedFile] = field(default_factory=list)  # pages of the nav whose text changed
    changed: list[str] = field(default_factory=list)  # other pages, and the editor's files, whose text changed
    added: list[str] = field(default_factory=list)  # new pages
    gone: list[str] = field(default_factory=list)  # pages that are no more
    listing_changed: bool = False  # the list of pages changed: the theme's pages that list them (sitemap.xml)

    @property
    def comes_or_goes(self) -> bool:
        """A page comes or goes: the written pages' links to it render differently."""
        return bool(self.added or self.gone)


def same(before, after) -> bool:
    """The same content (a text is not the same as bytes of the same text)."""
    return type(before) is type(after) and before == after


def nav_pages(generated: list[GeneratedFile]) -> list[str]:
    return [item.src_uri for item in generated if item.is_page and item.in_nav]


def page_list(generated: list[GeneratedFile]) -> list[str]:
    return [item.src_uri for item in generated if item.is_page]


def stylesheets(generated: list[GeneratedFile]) -> list[str]:
    return layers.stylesheets(item.src_uri for item in generated)


def plan(before: list[GeneratedFile], after: list[GeneratedFile]) -> Plan:
    """What to redo to go from the pages ``before`` a save to those ``after`` it.

    Raises :class:`FullBuildNeeded` when the navigation or the stylesheets change:
    every page shows them."""
    if nav_pages(after) != nav_pages(before):
        raise FullBuildNeeded("la navigation change")
    if stylesheets(after) != stylesheets(before):
        raise FullBuildNeeded("les feuilles de style changent")
    old = {item.src_uri: item for item in before}
    done = Plan(listing_changed=page_list(after) != page_list(before))
    for item in after:
        previous = old.get(item.src_uri)
        if previous is not None and same(previous.content, item.content):
            done.unchanged.append(item.src_uri)
        elif previous is not None and item.is_page and item.in_nav:
            done.nav_changed.append(item)
        elif item.is_page:
            (done.added if previous is None else done.changed).append(item.src_uri)
        else:  # the editor's files
            done.changed.append(item.src_uri)
    now = {item.src_uri for item in after}
    done.gone = [uri for uri in old if uri not in now]
    return done
