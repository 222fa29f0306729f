// One search result as HTML elements: its kind, its title linked to the page
// (or to the quote's anchor on its testimony), the excerpt with the words
// found highlighted. Text is always set as text, never as HTML.

import { excerptPieces, markWords, markedWords, restoreLigatures } from "./query.js";

function el(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) if (value) element.setAttribute(key, value);
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return element;
}

function marked(pieces, attrs) {
  const p = el("p", attrs);
  for (const piece of pieces) p.append(piece.mark ? el("mark", {}, piece.text) : piece.text);
  return p;
}

/** Pagefind's excerpt; a quote is short and shown whole, with the same words marked. */
function excerpt(data) {
  const meta = data.meta || {};
  if (meta.type === "citation" && meta.quote) {
    return marked(markWords(`« ${meta.quote} »`, markedWords(data.excerpt || "")), { class: "coop-hit__excerpt coop-hit__quote" });
  }
  // A testimony, an indicator, an objective, a round table: the start of its own text, with the
  // words found marked; never its title again, nor a title run into a sentence.
  if (meta.excerpt) {
    return marked(markWords(meta.excerpt, markedWords(data.excerpt || "")), { class: "coop-hit__excerpt" });
  }
  const pieces = excerptPieces(data.excerpt || "").map((piece) => ({ ...piece, text: restoreLigatures(piece.text, meta.ligatures) }));
  return marked(pieces, { class: "coop-hit__excerpt" });
}

/** The list item of a result; `typeLabels` names the kinds (from the page's filters). */
export function resultItem(data, base, typeLabels) {
  const meta = data.meta || {};
  const href = new URL(meta.href || "", base).href;
  const kind = meta.type || "page";
  // A quote's heading names its speaker and testimony once each (coopsite/search/records.py).
  const title = kind === "citation" ? meta.heading || meta.title || href : meta.title || href;
  const details = [];
  if (kind === "citation") {
    if (meta.role) details.push(meta.role);
    if (meta.indicators) details.push(`Indicateurs : ${meta.indicators.split(" ").join(", ")}`);
  }
  if (kind === "temoignage") details.push([meta.witness, meta.territory].filter(Boolean).join(" · "));
  if (kind === "table-ronde" && meta.date) details.push(meta.date);
  return el("li", { class: `coop-hit coop-hit--${kind}` },
    el("p", { class: "coop-hit__type" }, typeLabels[kind] || kind),
    el("h3", { class: "coop-hit__title" }, el("a", { href }, title)),
    excerpt(data),
    details.some(Boolean) ? el("p", { class: "coop-hit__meta" }, details.filter(Boolean).join(" · ")) : null);
}
