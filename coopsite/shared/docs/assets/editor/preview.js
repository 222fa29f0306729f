// The preview beside the form: the testimony's quotes as the site shows them.
// The markup is that of coopsite/renderer/templates/partials/quote.html.j2
// (same elements, same classes, same words; the chips are not links here);
// tests/browser/test_editor_browser.py
// compares the two, so they cannot drift apart unnoticed.

import { problems } from "./rules.js";

const asList = (value) => (Array.isArray(value) ? value : value ? [value] : []);

export function quoteFigure(h, quote, people, titles) {
  const speakers = asList(quote.speaker).map((id) => people.find((person) => person && person.id === id) || { name: id });
  const names = [];
  speakers.forEach((person, index) => {
    names.push(h("span", { className: "coop-quote__name", key: `n${index}` }, person.name || ""));
    const detail = [person.role, person.organisation].filter(Boolean).join(", ");
    if (detail) names.push(", ", h("span", { className: "coop-quote__role", key: `r${index}` }, detail));
    if (index < speakers.length - 1) names.push(" et ");
  });
  const chips = asList(quote.indicators).map((id) =>
    h("li", { key: id }, h("span", { className: "coop-chip" },
      h("span", { className: "coop-chip__id" }, id), " ", titles[id] || "")));
  return h("figure", { className: "coop-quote", key: quote.id || undefined },
    h("blockquote", { className: "coop-quote__text" }, h("p", null, `« ${quote.text || ""} »`)),
    h("figcaption", { className: "coop-quote__caption" },
      h("p", { className: "coop-quote__speaker" }, ...names),
      h("p", { className: "coop-quote__rationale" },
        h("span", { className: "coop-quote__label" }, "Pourquoi cette citation :"), " ", quote.rationale || ""),
      chips.length ? h("ul", { className: "coop-chips", "aria-label": "Indicateurs illustrés" }, ...chips) : null));
}

function problemList(h, found) {
  if (!found.length) return null;
  return h("div", { className: "coop-editor-problems", role: "alert" },
    h("p", null, h("strong", null, `${found.length} problème${found.length > 1 ? "s" : ""} à corriger avant d’enregistrer :`)),
    h("ul", null, ...found.map((text, index) => h("li", { key: index }, text))));
}

export function registerPreviews(CMS, coop) {
  const h = window.h;
  const titles = coop.indicators;
  CMS.registerPreviewTemplate("temoignages", ({ entry, widgetFor }) => {
    const data = entry.get("data").toJS();
    const found = problems("temoignages", data, { coop, slug: entry.get("slug"), isNew: entry.get("newRecord") });
    const people = asList(data.people);
    return h("div", { className: "md-typeset coop-editor-preview" },
      problemList(h, found),
      h("h1", null, data.title || "Nouveau témoignage"),
      data.territory ? h("p", null, data.territory) : null,
      widgetFor("summary"),
      h("h2", null, "Citations"),
      ...asList(data.quotes).filter(Boolean).map((quote) => quoteFigure(h, quote, people, titles)));
  });
  CMS.registerPreviewTemplate("tables-rondes", ({ entry, widgetFor }) => {
    const data = entry.get("data").toJS();
    const found = problems("tables-rondes", data, { coop, slug: entry.get("slug"), isNew: entry.get("newRecord") });
    return h("div", { className: "md-typeset coop-editor-preview" },
      problemList(h, found),
      h("h1", null, data.title || "Nouvelle table ronde"),
      h("p", null, [data.date, data.place, data.organiser].filter(Boolean).join(" · ")),
      widgetFor("summary"));
  });
}
