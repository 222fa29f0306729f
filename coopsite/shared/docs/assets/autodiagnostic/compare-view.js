// « Comparer avec un résultat précédent »: the view shared by the self-test
// (one person's answers) and the mutual diagnosis (a group). Loaded on demand
// with import(): the self-test's first load does not carry it.

import { compareProfiles, deltaText, groupProfile, individualProfile } from "./compare.js";
import { readFile, readPasted } from "./group-encoding.js";
import { multiRadar, seriesStyle, swatch } from "./radar-multi.js";
import { h, percentText, scrollBox } from "./dom.js";

const EARLIER = seriesStyle(1);
let counter = 0;

/** « 3 mars 2025 » from an ISO date, or « date inconnue ». */
export function dateText(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "date inconnue";
  return date.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/**
 * Opens the comparison in `box`. `current()` gives {answers} (mode "individual")
 * or {members} (mode "group"), and optionally {date}. Returns {refresh, close}.
 */
export function openCompare({ data, box, mode, current, linkTarget = {} }) {
  const style = new URL("./collective.css", import.meta.url).href;
  if (![...document.querySelectorAll("link[rel=stylesheet]")].some((link) => link.href === style)) {
    document.head.append(h("link", { rel: "stylesheet", href: style }));
  }
  counter += 1;
  const id = `cmp${counter}`;
  const group = mode === "group";
  let earlier = null;
  const messages = h("div", { class: "coop-st__messages", role: "status" });
  const field = h("input", { type: "text", id: `${id}-link`, class: "coop-co__field", spellcheck: "false",
    autocomplete: "off" });
  const file = h("input", { type: "file", accept: ".json,application/json" });
  const compare = h("button", { type: "button", class: "coop-st__btn coop-st__btn--primary" }, "Comparer");
  const close = h("button", { type: "button", class: "coop-st__btn" }, "Fermer la comparaison");
  const output = h("div", {});
  const title = h("h3", { id: `${id}-title`, tabindex: "-1" }, "Comparer avec un résultat précédent");
  const section = h("section", { class: "coop-co__compare", "aria-labelledby": `${id}-title` }, title,
    h("p", { class: "coop-st__noprint" }, group
      ? "Choisissez le fichier JSON d’une synthèse précédente (ou d’un résultat individuel), ou collez un lien de groupe ou de résultats. "
      : "Choisissez le fichier JSON d’un résultat précédent, ou collez son lien. ",
    "Seul un résultat fait avec la même version de la grille peut être comparé."),
    h("div", { class: "coop-st__noprint" },
      h("p", {}, h("label", { for: `${id}-link` }, "Lien du résultat précédent"), " ", field),
      h("div", { class: "coop-st__actions" },
        h("label", { class: "coop-st__btn coop-st__file" }, "Choisir un fichier (JSON)", file), compare, close)),
    messages, output);
  box.replaceChildren(section);
  title.focus();

  const say = (text, kind = "info", details = []) => {
    messages.replaceChildren(h("div", { class: `coop-st__notice coop-st__notice--${kind}` }, h("p", {}, text),
      details.length ? h("ul", {}, details.slice(0, 10).map((d) => h("li", {}, d))) : null));
  };

  const accept = (members, date) => {
    if (!group && members.length !== 1) {
      say(`Ce résultat réunit ${members.length} membres : comparez-le depuis la page « Diagnostic mutuel ». Ici, `
        + "seul un résultat individuel peut être comparé.", "error");
      return;
    }
    earlier = { members: members.map((m) => m.answers), date };
    say(`Résultat précédent chargé (${dateText(date)}).`);
    render();
  };

  const refuse = (errors) => say("Ce résultat ne peut pas être comparé.", "error",
    [...errors, "La comparaison n’est possible qu’avec un résultat fait avec la même version de la grille."]);

  compare.addEventListener("click", () => {
    const text = field.value.trim();
    if (!text) {
      say("Collez d’abord un lien, ou choisissez un fichier.", "error");
      field.focus();
      return;
    }
    const read = readPasted(data, text.split(/\s+/).find((part) => part.includes("#")) || text, data.limits);
    if (read.problems.length || !read.entries.length) {
      refuse(read.problems.map((p) => p.message));
      return;
    }
    accept(read.entries.flatMap((entry) => entry.members), null);
  });
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    let text = "";
    try {
      text = await chosen.text();
    } catch {
      text = "";
    }
    file.value = "";
    const read = readFile(data, text);
    if (!read.ok) refuse([`« ${chosen.name} » : ${read.errors[0]}`, ...read.errors.slice(1)]);
    else accept(read.members, read.date);
  });
  close.addEventListener("click", () => {
    box.replaceChildren();
    earlier = null;
  });

  function profiles() {
    const now = current();
    const after = group ? groupProfile(data, now.members) : individualProfile(data, now.answers);
    const before = group ? groupProfile(data, earlier.members) : individualProfile(data, earlier.members[0]);
    return { now, before, after };
  }

  function value(v) {
    if (v === null) return "—";
    if (group) return String(v).replace(".", ",");
    const level = data.scale.levels.find((l) => l.value === v);
    return level ? `« ${level.label} »` : String(v);
  }

  function render() {
    if (!earlier || !box.contains(section)) return;
    const { now, before, after } = profiles();
    const result = compareProfiles(data, before, after);
    const axes = data.main_objectives.map((m) => ({ id: m.id }));
    const legend = h("ul", { class: "coop-co__legend" },
      h("li", {}, swatch(null, "area"), ` Maintenant (${dateText(now.date || new Date().toISOString())}) : surface pleine`),
      h("li", {}, swatch(EARLIER), ` Avant (${dateText(earlier.date)}) : ligne en tirets`));
    const figure = h("figure", { class: "coop-st__figure" },
      multiRadar(axes, { area: after.scores.mains.map((m) => m.percent),
        lines: [{ values: before.scores.mains.map((m) => m.percent), style: EARLIER }] },
      "Radar comparant le résultat précédent et le résultat actuel ; les valeurs sont dans le tableau qui suit."),
      legend);
    const row = (label, item) => h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, percentText(item.before)),
      h("td", {}, percentText(item.after)), h("td", { class: "coop-co__delta" }, deltaText(item.delta)));
    const table = h("table", { class: "coop-st__table" },
      h("caption", {}, "Évolution par objectif, en points"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Objectif"), h("th", { scope: "col" }, "Avant"),
        h("th", { scope: "col" }, "Maintenant"), h("th", { scope: "col" }, "Évolution"))),
      h("tbody", {}, row("Score global", result.overall),
        result.generals.map((g) => row(`${g.id}. ${g.title}`, g)),
        result.mains.map((m) => row(`${m.id}. ${m.title}`, m))));
    const moved = result.moved.length
      ? h("ul", { class: "coop-co__moved" }, result.moved.map((ind) => h("li", {},
        h("a", { href: data.root + ind.url, ...linkTarget }, `${ind.id} · ${ind.title}`),
        ` : ${value(ind.before)} → ${value(ind.after)} `,
        h("strong", {}, ind.direction === "up" ? "(en hausse)" : "(en baisse)"))))
      : h("p", {}, "Aucun indicateur n’a bougé entre les deux résultats.");
    output.replaceChildren(
      h("p", { class: "coop-st__summary" }, `Score global : ${percentText(result.overall.before)} avant, `
        + `${percentText(result.overall.after)} maintenant (${deltaText(result.overall.delta)}).`),
      h("p", {}, `Résultat précédent : ${dateText(earlier.date)}. Résultat actuel : `
        + `${dateText(now.date || new Date().toISOString())}.`),
      figure, scrollBox(table, "Évolution par objectif, en points"),
      h("h4", {}, group ? "Les indicateurs dont la moyenne a bougé" : "Les indicateurs dont la réponse a bougé"),
      group ? h("p", { class: "coop-st__hint" }, "Moyenne des niveaux choisis (de "
        + `${data.scale.levels[0].value} à ${data.scale.max}), sans les « ${data.scale.unknown_label} ».`) : null,
      moved);
  }

  return { refresh: render, get open() { return box.contains(section); } };
}
