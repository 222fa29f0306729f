// Progress over time: an earlier result beside the current one. Pure functions:
// no DOM. A profile is what both an individual result and a group synthesis
// give: a score per objective and a value per indicator. coopsite/collective.py
// `comparison()` is the reference.

import { computeScores, isLevel } from "./scoring.js";
import { synthesize } from "./aggregate.js";

const step = (after, before) => (after === null || before === null ? null : Math.round((after - before) * 10) / 10);

/** The profile of one person's answers: indicator values are the chosen levels. */
export function individualProfile(data, answers) {
  const scores = computeScores(data, answers);
  const indicators = {};
  for (const ind of data.indicators) indicators[ind.id] = isLevel(data, answers[ind.id]) ? answers[ind.id] : null;
  return { scores, indicators };
}

/** The profile of a group: its mean scores, and the mean level of each indicator. */
export function groupProfile(data, members, synthesis = synthesize(data, members)) {
  const indicators = {};
  for (const ind of synthesis.indicators) indicators[ind.id] = ind.mean;
  return { scores: { overall: synthesis.overall, generals: synthesis.generals, mains: synthesis.mains }, indicators };
}

/**
 * Changes from `before` to `after` (two profiles): per objective in points
 * (rounded scores subtracted), and the indicators whose value moved.
 */
export function compareProfiles(data, before, after) {
  const rows = (list, earlier) => list.map((item, i) => ({ id: item.id, title: item.title,
    before: earlier[i].percent, after: item.percent, delta: step(item.percent, earlier[i].percent) }));
  const moved = [];
  for (const ind of data.indicators) {
    const was = before.indicators[ind.id];
    const now = after.indicators[ind.id];
    if (was === null || now === null || was === now) continue;
    moved.push({ id: ind.id, title: ind.title, url: ind.url, before: was, after: now,
      direction: now > was ? "up" : "down" });
  }
  const o = { before: before.scores.overall.percent, after: after.scores.overall.percent };
  return {
    overall: { ...o, delta: step(o.after, o.before), bandBefore: before.scores.overall.band,
      bandAfter: after.scores.overall.band },
    generals: rows(after.scores.generals, before.scores.generals),
    mains: rows(after.scores.mains, before.scores.mains),
    moved,
  };
}

/** « +12,5 points », « −3 points », « 0 point », or « — ». */
export function deltaText(delta) {
  if (delta === null) return "—";
  const size = String(Math.abs(delta)).replace(".", ",");
  const unit = Math.abs(delta) >= 2 ? "points" : "point";
  return `${delta > 0 ? "+" : delta < 0 ? "\u2212" : ""}${size}\u00a0${unit}`;
}
