// Scores of the self-test, computed from the grid payload (see coopsite/selftest.py,
// whose Python `scores()` is the reference). Pure functions: no DOM, no storage.

export const UNKNOWN = "ne-sait-pas";

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const sum = (items, key) => items.reduce((total, item) => total + item[key], 0);

/** A percentage rounded to one decimal (half up), or null. */
export function round1(value) {
  return value === null || value === undefined ? null : Math.round(value * 10 + 1e-7) / 10;
}

/** The band holding `percent`: min inclusive, max exclusive, the last band closed. */
export function bandFor(percent, bands) {
  if (percent === null || percent === undefined || Number.isNaN(percent)) return null;
  for (let i = 0; i < bands.length; i += 1) {
    const band = bands[i];
    const last = i === bands.length - 1;
    if (percent >= band.min && (percent < band.max || (last && percent <= band.max))) return band;
  }
  return null;
}

/** True when `answer` is one of the scale's level values. */
export function isLevel(data, answer) {
  return typeof answer === "number" && data.scale.levels.some((level) => level.value === answer);
}

/**
 * Scores for `answers` ({indicatorId: levelValue | "ne-sait-pas"}).
 * Main objective = mean of its answered indicators (value / scale max);
 * general objective = mean of its main objectives with an answer;
 * overall = mean of the general objectives with an answer. Rounding comes last.
 */
export function computeScores(data, answers) {
  const max = data.scale.max;
  const mains = data.main_objectives.map((main) => {
    const values = [];
    let unknown = 0;
    for (const id of main.indicator_ids) {
      const answer = answers[id];
      if (answer === UNKNOWN) unknown += 1;
      else if (isLevel(data, answer)) values.push((answer / max) * 100);
    }
    const exact = mean(values);
    const total = main.indicator_ids.length;
    return { id: main.id, title: main.title, general: main.general_objective_id, exact, percent: round1(exact),
      answered: values.length, unknown, unanswered: total - values.length - unknown, total };
  });
  const byId = new Map(mains.map((main) => [main.id, main]));
  const generals = data.general_objectives.map((general) => {
    const own = general.main_objective_ids.map((id) => byId.get(id));
    const exact = mean(own.filter((main) => main.exact !== null).map((main) => main.exact));
    return { id: general.id, title: general.title, exact, percent: round1(exact),
      answered: sum(own, "answered"), unknown: sum(own, "unknown"), unanswered: sum(own, "unanswered"),
      total: sum(own, "total") };
  });
  const exact = mean(generals.filter((general) => general.exact !== null).map((general) => general.exact));
  const percent = round1(exact);
  const overall = { exact, percent, band: bandFor(percent, data.bands),
    answered: sum(generals, "answered"), unknown: sum(generals, "unknown"),
    unanswered: sum(generals, "unanswered"), total: sum(generals, "total") };
  return { mains, generals, overall };
}

/** The weakest main objectives (below 100 %), lowest first, grid order on ties. */
export function weakest(scores, count = 3) {
  return scores.mains
    .map((main, index) => ({ main, index }))
    .filter(({ main }) => main.percent !== null && main.percent < 100)
    .sort((a, b) => a.main.exact - b.main.exact || a.index - b.index)
    .slice(0, count)
    .map(({ main }) => main);
}

/** Scores in the shape of the JSON export (`scores` member). */
export function scoresForExport(scores) {
  const entry = (item) => ({ percent: item.percent, answered: item.answered, unknown: item.unknown,
    unanswered: item.unanswered });
  const o = scores.overall;
  return {
    overall: { percent: o.percent, band: o.band ? o.band.label : null, answered: o.answered, unknown: o.unknown,
      unanswered: o.unanswered },
    general_objectives: Object.fromEntries(scores.generals.map((g) => [g.id, entry(g)])),
    main_objectives: Object.fromEntries(scores.mains.map((m) => [m.id, entry(m)])),
  };
}
