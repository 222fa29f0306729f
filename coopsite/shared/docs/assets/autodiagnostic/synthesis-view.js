// The synthesis of a mutual diagnosis as DOM: scores with min and max, radar,
// distribution per indicator, points of debate and of agreement, collective
// priorities. Reads a synthesis from aggregate.js; changes nothing else.

import { MAX_LINES, multiRadar, seriesStyle, swatch } from "./radar-multi.js";
import { h, percentText, plural, scrollBox } from "./dom.js";

const num = (value) => String(value).replace(".", ",");

function scoreTable(caption, first, rows) {
  return scrollBox(h("table", { class: "coop-st__table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, first), h("th", { scope: "col" }, "Score du groupe"),
      h("th", { scope: "col" }, "Minimum"), h("th", { scope: "col" }, "Maximum"),
      h("th", { scope: "col" }, "Membres avec un score"))),
    h("tbody", {}, rows.map((row) => h("tr", {}, h("th", { scope: "row" }, `${row.id}. ${row.title}`),
      h("td", {}, percentText(row.percent)), h("td", {}, percentText(row.min)), h("td", {}, percentText(row.max)),
      h("td", {}, String(row.scored)))))), caption);
}

/** « 2 × Pas du tout, 1 × Pleinement ; 1 « ne sait pas » ». */
export function distributionText(data, ind) {
  const parts = data.scale.levels.map((level, i) => (ind.counts[i] ? `${ind.counts[i]} × « ${level.label} »` : null))
    .filter(Boolean);
  if (ind.unknown) parts.push(`${ind.unknown} × « ${data.scale.unknown_label} »`);
  if (ind.unanswered) parts.push(`${ind.unanswered} sans réponse`);
  return parts.join(", ") || "aucune réponse";
}

function distributionBar(data, ind, total) {
  const segment = (count, cls) => (count ? h("span", { class: `coop-co__seg ${cls}`,
    style: `width: ${(count / total) * 100}%` }) : null);
  return h("span", { class: "coop-co__dist", "aria-hidden": "true" },
    ind.counts.map((count, i) => segment(count, `coop-co__seg--l${i}`)),
    segment(ind.unknown, "coop-co__seg--unknown"), segment(ind.unanswered, "coop-co__seg--none"));
}

/** Links to the indicator page and up to three testimonies that illustrate it. */
function testimonies(data, ind, target) {
  const link = (url) => data.root + url;
  const more = (ind.quote_count || 0) - ind.quotes.length;
  if (!ind.quotes.length) return h("p", { class: "coop-st__hint" }, "Aucun témoignage n’illustre encore cet indicateur.");
  return h("ul", { class: "coop-st__quotes" }, ind.quotes.map((q) => h("li", {},
    h("a", { href: link(q.url), ...target }, `« ${q.text} »`), ` ${q.credit}`)),
  more > 0 ? h("li", {}, h("a", { href: link(ind.url), ...target },
    `${plural(more, "autre témoignage", "autres témoignages")} sur la page de l’indicateur ${ind.id}`)) : null);
}

/**
 * The synthesis body for `members` ([{label, answers}]) and their `synthesis`.
 * `prefix` makes the ids unique on the page.
 */
export function synthesisView(data, members, synthesis, { prefix = "co", target = {} } = {}) {
  const byId = new Map(data.indicators.map((ind) => [ind.id, ind]));
  const o = synthesis.overall;
  const body = [];
  body.push(h("p", { class: "coop-st__summary" }, o.percent === null
    ? `${plural(members.length, "membre", "membres")} : aucune réponse chiffrée, pas de score de groupe.`
    : `${plural(members.length, "membre", "membres")}. Score global du groupe : ${percentText(o.percent)}, `
      + `${o.band ? o.band.label : ""} (de ${percentText(o.min)} à ${percentText(o.max)} selon les membres).`));
  if (o.band) {
    body.push(h("div", { class: "coop-st__band" },
      h("p", { class: "coop-st__band-label" }, `Degré de coopération du groupe : ${o.band.label}`),
      h("p", {}, o.band.interpretation)));
  }
  body.push(h("p", { class: "coop-st__hint" }, "Le score du groupe est la moyenne des scores des membres qui en ont un, "
    + "chaque membre comptant autant ; le minimum et le maximum sont les scores extrêmes des membres."));

  body.push(h("h3", {}, "Les objectifs généraux"),
    scoreTable("Score du groupe par objectif général", "Objectif général", synthesis.generals));

  // Radar: one line per member up to MAX_LINES, else the min–max envelope.
  const axes = data.main_objectives.map((m) => ({ id: m.id }));
  const mean = synthesis.mains.map((m) => m.percent);
  const many = members.length > MAX_LINES;
  const lines = many ? [] : members.map((member, i) => ({ style: seriesStyle(i),
    values: synthesis.scores[i].mains.map((m) => m.percent) }));
  const legend = h("ul", { class: "coop-co__legend" },
    h("li", {}, swatch(null, "area"), " Moyenne du groupe (surface pleine)"),
    many ? h("li", {}, swatch(null, "envelope"), " Du minimum au maximum des membres (bande hachurée)")
      : members.map((member, i) => h("li", {}, swatch(seriesStyle(i)), ` ${member.label}`)));
  body.push(h("h3", {}, "Les objectifs principaux"), h("figure", { class: "coop-st__figure coop-co__figure" },
    multiRadar(axes, { area: mean, lines,
      envelope: many ? { min: synthesis.mains.map((m) => m.min), max: synthesis.mains.map((m) => m.max) } : null },
    `Radar des scores par objectif principal, ${many ? "moyenne du groupe et écart entre membres" : "un tracé par membre et la moyenne du groupe"} ; `
      + "les valeurs sont dans les tableaux qui suivent."),
    h("figcaption", {}, many ? `Plus de ${MAX_LINES} membres : le radar montre la moyenne et l’étendue des scores ; `
      + "le détail de chaque membre est dans le tableau « Scores de chaque membre »." : "Chaque membre a son trait, "
      + "son symbole et sa couleur."), legend),
  scoreTable("Score du groupe par objectif principal", "Objectif principal", synthesis.mains));
  body.push(scrollBox(h("table", { class: "coop-st__table coop-co__members-table", id: `${prefix}-members-scores` },
    h("caption", {}, "Scores de chaque membre"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Membre"), h("th", { scope: "col" }, "Global"),
      data.main_objectives.map((m) => h("th", { scope: "col" }, m.id)))),
    h("tbody", {}, members.map((member, i) => h("tr", {}, h("th", { scope: "row" }, member.label),
      h("td", {}, percentText(synthesis.scores[i].overall.percent)),
      synthesis.scores[i].mains.map((m) => h("td", {}, percentText(m.percent))))))), "Scores de chaque membre"));

  // Points of debate.
  body.push(h("h3", { id: `${prefix}-debat` }, "Points de débat"));
  if (!synthesis.debate.length) {
    body.push(h("p", {}, "Aucun point de débat : il faut au moins deux réponses chiffrées qui diffèrent sur un même indicateur."));
  } else {
    body.push(h("p", {}, "Les indicateurs où les réponses s’écartent le plus : l’écart est le niveau le plus haut moins "
      + "le niveau le plus bas choisis ; à écart égal, le plus dispersé d’abord (écart type), puis l’ordre de la grille."));
    body.push(h("ol", { class: "coop-co__debate" }, synthesis.debate.map((ind) => {
      const info = byId.get(ind.id);
      const present = data.scale.levels.filter((_, i) => ind.counts[i] > 0);
      return h("li", {},
        h("p", {}, h("a", { href: data.root + info.url, ...target }, `${ind.id} · ${ind.title}`),
          ` : écart de ${plural(ind.spread, "niveau", "niveaux")}, de « ${present[0].label} » à « ${present[present.length - 1].label} » `
          + `(écart type ${num(ind.std_dev)}).`),
        h("p", {}, `Réponses : ${distributionText(data, ind)}.`),
        testimonies(data, info, target));
    })));
  }

  // Points of agreement.
  body.push(h("h3", {}, "Points d’accord"));
  if (!synthesis.agreement.length) {
    body.push(h("p", {}, members.length < 2 ? "Il faut au moins deux membres pour parler d’accord."
      : "Aucun indicateur n’a reçu la même réponse de tous les membres."));
  } else {
    body.push(h("p", {}, "Les indicateurs où tous les membres ont choisi le même niveau :"),
      h("ul", { class: "coop-co__agreement" }, synthesis.agreement.map((ind) => {
        const level = data.scale.levels.find((_, i) => ind.counts[i] > 0);
        return h("li", {}, h("a", { href: data.root + byId.get(ind.id).url, ...target }, `${ind.id} · ${ind.title}`),
          ` : « ${level.label} »`);
      })));
  }

  // Collective priorities.
  body.push(h("h3", {}, "Pistes de progrès collectives"));
  if (!synthesis.priorities.length) {
    body.push(h("p", {}, "Aucun objectif principal du groupe en dessous de 100 % : pas de piste prioritaire."));
  } else {
    body.push(h("p", {}, `Les ${plural(synthesis.priorities.length, "objectif principal", "objectifs principaux")} au `
      + "score de groupe le plus bas, et leurs indicateurs du plus faible au plus fort (moyenne des niveaux choisis), "
      + "avec les témoignages qui les illustrent."));
    for (const main of synthesis.priorities) {
      const weak = synthesis.indicators.filter((ind) => ind.main === main.id && ind.percent !== null && ind.percent < 100)
        .sort((a, b) => a.percent - b.percent || a.index - b.index);
      body.push(h("div", { class: "coop-st__reco" }, h("h4", {}, `${main.id}. ${main.title} : ${percentText(main.percent)}`),
        h("ul", { class: "coop-st__todo" }, weak.map((ind) => h("li", {},
          h("p", {}, h("a", { href: data.root + byId.get(ind.id).url, ...target }, `${ind.id} · ${ind.title}`),
            ` : ${percentText(ind.percent)} en moyenne (${distributionText(data, ind)})`),
          testimonies(data, byId.get(ind.id), target))))));
    }
  }

  // Distribution per indicator.
  body.push(h("h3", {}, "Les réponses, indicateur par indicateur"));
  body.push(scrollBox(h("table", { class: "coop-st__table coop-co__dist-table" },
    h("caption", {}, "Nombre de membres ayant choisi chaque réponse"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Indicateur"), h("th", { scope: "col" }, "Répartition"),
      data.scale.levels.map((level) => h("th", { scope: "col" }, level.label)),
      h("th", { scope: "col" }, data.scale.unknown_label), h("th", { scope: "col" }, "Sans réponse"))),
    h("tbody", {}, synthesis.indicators.map((ind) => h("tr", {},
      h("th", { scope: "row" }, `${ind.id} · ${ind.title}`),
      h("td", {}, distributionBar(data, ind, members.length)),
      ind.counts.map((count) => h("td", {}, String(count))),
      h("td", {}, String(ind.unknown)), h("td", {}, String(ind.unanswered)))))),
  "Nombre de membres ayant choisi chaque réponse"));
  return body;
}
