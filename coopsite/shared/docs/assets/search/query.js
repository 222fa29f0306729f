// The search page's state: what is typed and the filters chosen, to and from
// the page's address (?q=…&objectif=A&departement=33…), and what Pagefind is
// asked. Pure functions: no DOM, no network (tested in tests/browser/test_search_units.py).

const LIGATURES = { "œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae" };

/** « cœur » → « coeur »: the index spells ligatures out (coopsite/search/records.py). */
export const foldLigatures = (text) => String(text).replace(/[œŒæÆ]/g, (c) => LIGATURES[c]);

/** The state read from an address's query string; only the known filter keys are kept. */
export function stateFromParams(params, keys) {
  const filters = {};
  for (const key of keys) {
    const values = [...new Set(params.getAll(key).map((v) => v.trim()).filter(Boolean))];
    if (values.length) filters[key] = values;
  }
  return { q: (params.get("q") || "").trim().slice(0, 200), filters };
}

/** The query string of a state, in a stable order: q, then the keys in their given order. */
export function paramsFromState(state, keys) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const key of keys) for (const value of state.filters[key] || []) params.append(key, value);
  return params;
}

export const hasFilters = (state) => Object.values(state.filters).some((values) => values.length);

/** Pagefind's filter object: within a group, any value; across groups, all of them. */
export function pagefindFilters(filters) {
  const out = {};
  for (const [key, values] of Object.entries(filters)) if (values.length) out[key] = { any: [...values] };
  return out;
}

/** The words to send to Pagefind: ligatures spelt out, spaces tidied; null to browse with filters alone. */
export function searchTerm(q) {
  const term = foldLigatures(q).replace(/\s+/g, " ").trim();
  return term ? term : null;
}

/** Gives back their ligature to the words a record lists (meta « ligatures »: "coeur=cœur oeuvre=œuvre"). */
export function restoreLigatures(text, pairs) {
  if (!pairs) return text;
  let out = text;
  for (const pair of pairs.split(" ")) {
    const [folded, word] = pair.split("=");
    if (!folded || !word) continue;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${folded.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "gu");
    out = out.replace(pattern, word);
  }
  return out;
}

/** Pagefind's excerpt ("… <mark>mot</mark> …") as pieces: [{text, mark}], never as HTML. */
export function excerptPieces(excerpt) {
  const pieces = [];
  const parts = String(excerpt).split(/(<mark>|<\/mark>)/);
  let mark = false;
  for (const part of parts) {
    if (part === "<mark>") mark = true;
    else if (part === "</mark>") mark = false;
    else if (part) pieces.push({ text: decodeEntities(part), mark });
  }
  return pieces;
}

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
const decodeEntities = (text) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]);

/** The words Pagefind marked in an excerpt, folded and in lower case, to mark them elsewhere. */
export function markedWords(excerpt) {
  const words = new Set();
  for (const piece of excerptPieces(excerpt)) {
    if (piece.mark) for (const word of piece.text.match(/[\p{L}\p{N}]+/gu) || []) words.add(foldLigatures(word).toLowerCase());
  }
  return words;
}

/** `text` as pieces, the words of `words` (see markedWords) marked: [{text, mark}]. */
export function markWords(text, words) {
  const pieces = [];
  for (const part of String(text).split(/([\p{L}\p{N}]+)/u)) {
    if (!part) continue;
    const mark = words.has(foldLigatures(part).toLowerCase());
    const last = pieces[pieces.length - 1];
    if (last && last.mark === mark) last.text += part;
    else pieces.push({ text: part, mark });
  }
  return pieces;
}
