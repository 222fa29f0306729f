// Synthesis of several members' answers (« Diagnostic mutuel »). Pure functions:
// no DOM, no storage. coopsite/collective.py `synthesis()` is the reference.

import { UNKNOWN, bandFor, computeScores, isLevel, round1 } from "./scoring.js";

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
/** A number rounded to two decimals (half up), or null. */
export const round2 = (value) => (value === null ? null : Math.round(value * 100 + 1e-7) / 100);

/** Population variance from integer sums: the same float in Python and JS for the same multiset. */
function variance(values) {
  const n = values.length;
  let s1 = 0;
  let s2 = 0;
  for (const v of values) {
    s1 += v;
    s2 += v * v;
  }
  return (n * s2 - s1 * s1) / (n * n);
}

/** Group figure from member exact scores (null = no score): mean, min, max of those who have one. */
function spread(values) {
  const known = values.filter((v) => v !== null);
  const exact = mean(known);
  return { exact, percent: round1(exact), min: known.length ? round1(Math.min(...known)) : null,
    max: known.length ? round1(Math.max(...known)) : null, scored: known.length };
}

/**
 * The synthesis of `members` ([answers]). Every member weighs the same:
 * a group score is the mean of the scores of the members who have one.
 */
export function synthesize(data, members, { debateCount = 5, priorityCount = 3 } = {}) {
  const scores = members.map((answers) => computeScores(data, answers));
  const overall = spread(scores.map((s) => s.overall.exact));
  const generals = data.general_objectives.map((g, i) => ({ id: g.id, title: g.title,
    ...spread(scores.map((s) => s.generals[i].exact)) }));
  const mains = data.main_objectives.map((m, i) => ({ id: m.id, title: m.title, general: m.general_objective_id,
    ...spread(scores.map((s) => s.mains[i].exact)) }));
  const levels = data.scale.levels.map((level) => level.value);
  const indicators = data.indicators.map((ind, index) => {
    const known = [];
    let unknown = 0;
    for (const answers of members) {
      const answer = answers[ind.id];
      if (answer === UNKNOWN) unknown += 1;
      else if (isLevel(data, answer)) known.push(answer);
    }
    const avg = mean(known);
    const width = known.length ? Math.max(...known) - Math.min(...known) : null;
    const varianceExact = known.length ? variance(known) : null;
    return { id: ind.id, index, title: ind.title, main: ind.main_objective_id,
      counts: levels.map((value) => known.filter((v) => v === value).length),
      unknown, unanswered: members.length - known.length - unknown, known: known.length,
      mean: round2(avg), percent: round1(avg === null ? null : (avg / data.scale.max) * 100),
      spread: width, variance: varianceExact, std_dev: round2(varianceExact === null ? null : Math.sqrt(varianceExact)) };
  });
  const debate = indicators
    .filter((ind) => ind.known >= 2 && ind.spread > 0)
    .sort((a, b) => b.spread - a.spread || b.variance - a.variance || a.index - b.index)
    .slice(0, debateCount);
  const agreement = members.length >= 2
    ? indicators.filter((ind) => ind.known === members.length && ind.spread === 0) : [];
  const priorities = mains
    .map((main, index) => ({ main, index }))
    .filter(({ main }) => main.percent !== null && main.percent < 100)
    .sort((a, b) => a.main.exact - b.main.exact || a.index - b.index)
    .slice(0, priorityCount)
    .map(({ main }) => main);
  return { count: members.length, scores, overall: { ...overall, band: bandFor(overall.percent, data.bands) },
    generals, mains, indicators, debate, agreement, priorities };
}

/** The synthesis in the shape of the group JSON export (`synthesis` member). */
export function synthesisForExport(synthesis) {
  const entry = (item) => ({ percent: item.percent, min: item.min, max: item.max, scored: item.scored });
  const o = synthesis.overall;
  return {
    members: synthesis.count,
    overall: { ...entry(o), band: o.band ? o.band.label : null },
    general_objectives: Object.fromEntries(synthesis.generals.map((g) => [g.id, entry(g)])),
    main_objectives: Object.fromEntries(synthesis.mains.map((m) => [m.id, entry(m)])),
    indicators: Object.fromEntries(synthesis.indicators.map((ind) => [ind.id, {
      counts: ind.counts, unknown: ind.unknown, unanswered: ind.unanswered, mean: ind.mean, percent: ind.percent,
      spread: ind.spread, std_dev: ind.std_dev }])),
    debate: synthesis.debate.map((ind) => ind.id),
    agreement: synthesis.agreement.map((ind) => ind.id),
    priorities: synthesis.priorities.map((main) => main.id),
  };
}
