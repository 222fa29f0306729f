// The search page (/recherche/): reads the words and filters from the address,
// asks Pagefind (served by the site, in pagefind/), shows the results and the
// count of each filter value, and keeps the address up to date so that a
// filtered list can be shared. The filters themselves are in the page, made
// from the grid and the corpus (coopsite/search/facets.py).

import { hasFilters, pagefindFilters, paramsFromState, searchTerm, stateFromParams } from "./query.js";
import { resultItem } from "./results.js";

const PAGE_SIZE = 10;
// The first results are shown as soon as their own data is in; the rest of the
// first page follows at once (each result's data is a file of its own).
const FIRST_SHOWN = 5;
const form = document.querySelector("[data-coop-search]");

if (form) start(form);

function start(form) {
  const base = new URL(form.dataset.base || "./", location.href);
  const input = form.querySelector("#coop-search-q");
  const status = form.querySelector("#coop-search-status");
  const list = form.querySelector("#coop-search-list");
  const more = form.querySelector("#coop-search-more");
  const boxes = [...form.querySelectorAll("fieldset input[type=checkbox]")];
  const keys = [...new Set(boxes.map((box) => box.name))];
  const typeLabels = Object.fromEntries(
    boxes.filter((box) => box.dataset.one).map((box) => [box.value, box.dataset.one]));
  let pagefind = null;
  let results = [];
  let shown = 0;
  let run = 0;

  const state = () => ({
    q: input.value.trim(),
    filters: Object.fromEntries(keys.map((key) => [key, boxes.filter((b) => b.name === key && b.checked).map((b) => b.value)])),
  });

  function apply(next) {
    input.value = next.q;
    for (const box of boxes) box.checked = (next.filters[box.name] || []).includes(box.value);
    // A chosen indicator shows: its main objective's list opens.
    for (const details of form.querySelectorAll("details")) {
      if (details.querySelector("input:checked")) details.open = true;
    }
  }

  function remember(current) {
    const query = paramsFromState(current, keys).toString();
    const address = `${location.pathname}${query ? `?${query}` : ""}`;
    if (address !== `${location.pathname}${location.search}`) history.replaceState(null, "", address);
  }

  async function load() {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", base).href);
      // Searched here rather than in Pagefind's worker: its script would be one more
      // file (12 KB) before the first results, and a search takes milliseconds.
      await pagefind.options({ excerptLength: 24, noWorker: true });
    }
    return pagefind;
  }

  // The filters' data (their counts) is loaded after the first results are
  // shown, or before a search that uses filters: a first search with words
  // alone does not wait for it (about a third of its bytes at N = 1,000).
  let counted = null;
  const loadCounts = (engine) => (counted ??= engine.filters());

  function showCounts(counts) {
    for (const box of boxes) {
      const count = counts?.[box.name]?.[box.value] ?? 0;
      const label = box.closest("label");
      const out = label.querySelector("[data-count]");
      if (out) out.textContent = `(${count})`;
      label.classList.toggle("coop-facet--none", count === 0 && !box.checked);
    }
  }

  /** The next `count` results; with `fresh`, in place of the previous search's (swapped at once,
   * no empty list). The button for more stays hidden while `partial`: the rest of the page is coming. */
  async function showMore(fresh = false, mine = run, count = PAGE_SIZE, partial = false) {
    const slice = results.slice(shown, shown + count);
    const items = (await Promise.all(slice.map((result) => result.data())))
      .map((data) => resultItem(data, base, typeLabels));
    if (mine !== run) return;
    if (fresh) list.replaceChildren(...items);
    else list.append(...items);
    shown += slice.length;
    more.hidden = partial || shown >= results.length;
  }

  async function search() {
    const current = state();
    remember(current);
    const mine = ++run;
    const term = searchTerm(current.q);
    if (term === null && !hasFilters(current)) {
      const engine = await load().catch(() => null);
      if (mine !== run) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Tapez des mots ou choisissez des filtres.";
      if (engine) showCounts(await loadCounts(engine));
      return;
    }
    status.textContent = "Recherche en cours…";
    let answer;
    let engine;
    try {
      engine = await load();
      if (hasFilters(current)) await loadCounts(engine);
      answer = await engine.search(term, { filters: pagefindFilters(current.filters) });
    } catch (error) {
      if (mine === run) status.textContent = "La recherche n’a pas pu se charger. Rechargez la page pour réessayer.";
      return;
    }
    if (mine !== run || answer === null) return;  // a newer search has started
    results = answer.results;
    shown = 0;
    await showMore(true, mine, FIRST_SHOWN, true);
    if (mine !== run) return;
    performance.mark("coop-search-results");  // the first results are shown: what bench/search.py measures up to
    await showMore(false, mine, PAGE_SIZE - shown);
    if (mine !== run) return;
    const words = current.q ? ` pour « ${current.q} »` : "";
    const filtered = hasFilters(current) ? " avec les filtres choisis" : "";
    status.textContent = results.length === 0
      ? `Aucun résultat${words}${filtered}. Essayez moins de mots ou retirez un filtre.`
      : `${results.length} résultat${results.length > 1 ? "s" : ""}${words}${filtered}.`;
    if (Object.keys(answer.filters || {}).length === 0) {
      // The counts were not loaded yet: load them, then ask again (from cache) for this search's counts.
      await loadCounts(engine);
      if (mine !== run) return;
      answer = await engine.search(term, { filters: pagefindFilters(current.filters) });
      if (mine !== run || answer === null) return;
    }
    showCounts(answer.filters);
    form.dataset.counted = "";
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) search();
  });
  form.querySelector("[data-clear]").addEventListener("click", () => {
    for (const box of boxes) box.checked = false;
    search();
    input.focus();
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    showMore().then(() => list.children[first]?.querySelector("a")?.focus());
  });

  apply(stateFromParams(new URLSearchParams(location.search), keys));
  const header = document.querySelector("[data-coop-search-box]");
  if (header) header.value = input.value;
  search();
}
