// Ranked indicator suggestions for a quote, in the browser: the same words, stems and BM25
// numbers as the build's suggester (coopsite/suggest/), from the index the build writes with
// the site (admin/suggestions.json, coopsite/suggest/editor.py). Nothing is sent anywhere.

import { snowballFrench } from "./stemmer.js";

const WORD = /[\p{L}\p{Nl}\p{No}]+/gu;

export function fold(text) {
  return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae").normalize("NFD").replace(/\p{M}/gu, "");
}

// (the word as written, its stem) for each meaningful word, in order (coopsite/suggest/words.py).
export function words(text, stopwords) {
  const found = [];
  for (const [word] of String(text || "").normalize("NFC").matchAll(WORD)) {
    const lower = word.toLowerCase();
    if (lower.length < 2 || stopwords.has(lower) || stopwords.has(fold(lower))) continue;
    found.push([word, fold(snowballFrench(lower))]);
  }
  return found;
}

// The index as the ranking reads it: stems → postings, with the common words as a Set.
export function prepare(index) {
  return { ...index, stopwords: new Set(index.stopwords), postings: new Map(Object.entries(index.stems)) };
}

// The `limit` indicators that fit `text` best: [{ id, title, score, matched: [words…] }].
export function rank(prepared, text, limit = prepared.shown) {
  const { k1, b, lengths, average, indicators, postings } = prepared;
  const query = new Map();
  for (const [word, stem] of words(text, prepared.stopwords)) if (!query.has(stem)) query.set(stem, word);
  const n = indicators.length;
  const scores = indicators.map(() => ({ score: 0, parts: [] }));
  for (const [stem, word] of query) {
    const list = postings.get(stem);
    if (!list) continue;
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    for (const [doc, tf] of list) {
      const norm = average ? k1 * (1 - b + (b * lengths[doc]) / average) : k1;
      const gain = (idf * tf * (k1 + 1)) / (tf + norm);
      scores[doc].score += gain;
      scores[doc].parts.push([gain, word]);
    }
  }
  const round = (value) => Math.round(value * 1e9) / 1e9;
  return scores
    .map((entry, doc) => ({ doc, ...entry }))
    .filter((entry) => entry.score > 0)
    .sort((x, y) => round(y.score) - round(x.score) || x.doc - y.doc)
    .slice(0, limit)
    .map(({ doc, score, parts }) => ({
      id: indicators[doc].id,
      title: indicators[doc].title,
      score,
      matched: [...new Set(parts.sort((x, y) => y[0] - x[0]).map(([, word]) => word))].slice(0, prepared.matched),
    }));
}

let loading = null;

// The index of this site's editor (fetched once).
export function loadIndex(url) {
  if (!loading) {
    loading = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`suggestions : erreur ${response.status}`);
      return response.json();
    }).then(prepare);
    loading.catch(() => { loading = null; });
  }
  return loading;
}
