// « Saisir au clavier » on the page Diagnostic mutuel: paper answers typed cell
// by cell, one row per member, for those who prefer a grid to a line of
// characters. Digits (a level's rank), « x » and « - » fill a cell and move on;
// the arrow keys move between cells and rows. The rows become paper lines
// (paper.js) in the box above: the same reading, the same messages.

import { h } from "./dom.js";

const ROWS = 3;

export function paperGrid(container, data, { onSend }) {
  const levels = data.scale.levels.length;
  const allowed = new RegExp(`^[0-${levels - 1}xX-]$`);
  const body = h("tbody");
  const table = h("table", { class: "coop-co__grid-table" },
    h("caption", { class: "coop-sr-only" }, "Réponses sur papier, un membre par ligne"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Membre"),
      ...data.indicators.map((ind) => h("th", { scope: "col" }, ind.id)))),
    body);

  function addRow() {
    const n = body.rows.length + 1;
    body.append(h("tr", {},
      h("th", { scope: "row" }, h("input", { type: "text", class: "coop-co__grid-name", "aria-label": `Nom du membre ${n}`,
        placeholder: `Membre ${n}`, maxlength: "60", autocomplete: "off" })),
      ...data.indicators.map((ind) => h("td", {}, h("input", {
        type: "text", class: "coop-co__grid-cell", maxlength: "1", autocomplete: "off", spellcheck: "false",
        "aria-label": `Membre ${n}, indicateur ${ind.id}`,
      })))));
  }

  function cell(row, col) {
    const tr = body.rows[row];
    return tr ? tr.querySelectorAll("input")[col] : null;
  }

  function move(input, dRow, dCol) {
    const td = input.closest("td, th");
    const tr = td.parentElement;
    let row = tr.sectionRowIndex;
    let col = [...tr.children].indexOf(td) + dCol;
    const width = data.indicators.length + 1;
    if (col >= width) { col = 0; row += 1; }
    if (col < 0) { col = width - 1; row -= 1; }
    row += dRow;
    if (row >= body.rows.length && dCol > 0) addRow();
    const next = cell(row, col);
    if (next) { next.focus(); next.select?.(); }
  }

  table.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.classList.contains("coop-co__grid-cell") && !input.classList.contains("coop-co__grid-name")) return;
    const arrows = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    if (arrows[event.key] && (input.classList.contains("coop-co__grid-cell") || event.key.startsWith("ArrowU")
        || event.key.startsWith("ArrowD"))) {
      event.preventDefault();
      move(input, ...arrows[event.key]);
      return;
    }
    if (!input.classList.contains("coop-co__grid-cell") || event.key.length !== 1 || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (!allowed.test(event.key)) return;  // anything else is not an answer
    input.value = event.key.toLowerCase();
    move(input, 0, 1);
  });

  function lines() {
    return [...body.rows].map((tr, index) => {
      const [name, ...cells] = tr.querySelectorAll("input");
      const chars = cells.map((c) => c.value || "-").join("");
      if (!name.value.trim() && /^-+$/.test(chars)) return null;  // an empty row
      return `${name.value.trim().replace(/:/g, " ") || `Membre ${index + 1}`} : ${chars}`;
    }).filter(Boolean);
  }

  const send = h("button", { type: "button", class: "coop-st__btn" }, "Ajouter ces réponses à la synthèse");
  const more = h("button", { type: "button", class: "coop-st__btn" }, "Ajouter une ligne");
  send.addEventListener("click", () => onSend(lines()));
  more.addEventListener("click", () => { addRow(); cell(body.rows.length - 1, 0).focus(); });
  for (let i = 0; i < ROWS; i += 1) addRow();
  container.append(h("div", { class: "coop-co__grid-scroll", tabindex: "0", role: "region",
    "aria-label": "Grille de saisie" }, table), h("div", { class: "coop-st__actions" }, more, send));
  return { lines };
}
