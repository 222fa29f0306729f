// « Diagnostic mutuel »: reading what the facilitator pastes or drops (links,
// group links, JSON files), the group link `#g=1;…` and the group JSON export.
// Formats are documented on the page « Fonctionnement de l'autodiagnostic »;
// coopsite/collective.py `group_fragment()` is the reference of the link.

import { csvCell, decodeAnswers, decodeFragment, decodePart, encodeAnswers, fileHeadErrors, frNumber, parseImport,
  readFragment,
  validateAnswers, EXPORT_FORMAT } from "./encoding.js";
import { isPaperLine, readPaperLine } from "./paper.js";

export const GROUP_FRAGMENT_VERSION = "1";
export const GROUP_EXPORT_FORMAT = "coopsite-diagnostic-mutuel";
export const GROUP_EXPORT_VERSION = 1;
export const LABEL_MAX = 60;

const fail = (message) => ({ ok: false, message });

/** « Membre 1 », « Membre 2 »… for the member at `position` (0-based). */
export const defaultLabel = (position) => `Membre ${position + 1}`;

/** A label as kept: one line, trimmed, at most LABEL_MAX characters; the default when empty. */
export function cleanLabel(label, position) {
  const text = String(label ?? "").replace(/\s+/g, " ").trim().slice(0, LABEL_MAX);
  return text || defaultLabel(position);
}

/** A label for a link: every character but letters, digits and `-_.~` percent-encoded (so `'` and `(` too). */
const encodeLabel = (label) => encodeURIComponent(label)
  .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** True when `hash` is meant as a group fragment. */
export const isGroupFragment = (hash) => /^#?g=/.test(hash || "");

/** `#g=1;<grid id>;<grid version>;<answers>[:<label>];…` (the label left out when it is the default). */
export function groupFragment(data, members) {
  const head = `#g=${GROUP_FRAGMENT_VERSION};${encodeURIComponent(data.grid.id)};${encodeURIComponent(data.grid.version)}`;
  const parts = members.map((member, i) => {
    const chars = encodeAnswers(data, member.answers);
    return member.label === defaultLabel(i) ? chars : `${chars}:${encodeLabel(member.label)}`;
  });
  return [head, ...parts].join(";");
}

/**
 * The members of a group fragment: {ok: true, members: [{label, answers}], problems: [text]}
 * or {ok: false, message}. A bad member is reported and skipped; the others load.
 */
export function decodeGroupFragment(data, hash) {
  const read = readFragment(data, hash, { key: "g", version: GROUP_FRAGMENT_VERSION, what: "de groupe", count: null });
  if (!read.ok) return read;
  const members = [];
  const problems = [];
  read.parts.forEach((part, i) => {
    const [rawChars, rawLabel = "", ...extra] = part.split(":");
    const chars = decodePart(rawChars);
    const label = decodePart(rawLabel);
    const decoded = chars === null || label === null || extra.length ? fail(read.malformed) : decodeAnswers(data, chars);
    if (decoded.ok) members.push({ label: cleanLabel(label, i), answers: decoded.answers });
    else problems.push(`membre ${i + 1} du lien de groupe : ${decoded.message}`);
  });
  return { ok: true, members, problems };
}

const LINK = /#([rg]=[^\s<>"'«»]*)/;

/**
 * Reads pasted text, one entry per line. Returns {entries, problems, tooLong}:
 * entries are {where, line, members: [{label|null, answers}]}, problems {where, line, message}.
 */
export function readPasted(data, text, limits = { max_paste: 200000 }) {
  if (text.length > limits.max_paste) {
    return { entries: [], problems: [], tooLong: true };
  }
  const entries = [];
  const problems = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    const where = `Ligne ${i + 1}`;
    const at = { where, line: i + 1 };
    if (!line.trim()) return;
    const found = LINK.exec(line);
    if (!found && isPaperLine(line)) {  // answers from paper, typed in (paper.js)
      const paper = readPaperLine(data, line);
      if (paper.ok) entries.push({ ...at, members: [{ label: paper.label, answers: paper.answers }] });
      else problems.push({ ...at, message: paper.message });
      return;
    }
    if (!found) {
      problems.push({ ...at, message: "ni lien de résultats (« #r= »), ni ligne « Nom : réponses » n’y a été trouvé." });
      return;
    }
    const fragment = found[1];
    if (fragment.startsWith("g=")) {
      const group = decodeGroupFragment(data, fragment);
      if (!group.ok) problems.push({ ...at, message: group.message });
      else {
        entries.push({ ...at, members: group.members });
        for (const message of group.problems) problems.push({ ...at, message });
      }
      return;
    }
    // A link at the end of a sentence: trailing punctuation is not part of it.
    const decoded = decodeFragment(data, fragment.replace(/[.,;:!?)\]]+$/, ""));
    if (decoded.ok) entries.push({ ...at, members: [{ label: null, answers: decoded.answers }] });
    else problems.push({ ...at, message: decoded.message });
  });
  return { entries, problems, tooLong: false };
}

/**
 * Members from a JSON file's text: an individual export (one member) or a group
 * export (all its members). {ok: true, members, date} or {ok: false, errors}.
 */
export function readFile(data, text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, errors: ["Ce fichier n’est pas un fichier JSON lisible."] };
  }
  const date = parsed && typeof parsed.date === "string" ? parsed.date : null;
  if (parsed && parsed.format === EXPORT_FORMAT) {
    const single = parseImport(data, text);
    return single.ok ? { ok: true, members: [{ label: null, answers: single.answers }], date, kind: "individual" }
      : single;
  }
  if (!parsed || typeof parsed !== "object" || parsed.format !== GROUP_EXPORT_FORMAT) {
    return { ok: false, errors: ["Ce fichier n’est ni un export de l’autodiagnostic ni un export de diagnostic mutuel "
      + "(champ « format » absent ou différent)."] };
  }
  const errors = fileHeadErrors(data, parsed, GROUP_EXPORT_VERSION);
  if (!Array.isArray(parsed.members)) errors.push("Le champ « members » doit être une liste de membres.");
  if (errors.length) return { ok: false, errors };
  const members = [];
  parsed.members.forEach((member, i) => {
    const checked = validateAnswers(data, member && member.answers);
    for (const error of checked.errors) errors.push(`membre ${i + 1} : ${error}`);
    members.push({ label: cleanLabel(member && member.label, i), answers: checked.answers });
  });
  return errors.length ? { ok: false, errors } : { ok: true, members, date, kind: "group" };
}

/** The group JSON export (an object; see the documentation for its schema). */
export function groupExport(data, members, synthesis, date = new Date()) {
  return {
    format: GROUP_EXPORT_FORMAT,
    format_version: GROUP_EXPORT_VERSION,
    grid: { id: data.grid.id, version: data.grid.version },
    date: date.toISOString(),
    members: members.map((member) => {
      const ordered = {};
      for (const ind of data.indicators) if (ind.id in member.answers) ordered[ind.id] = member.answers[ind.id];
      return { label: member.label, answers: ordered };
    }),
    synthesis,
  };
}

/** A key telling two members' answers apart (duplicates have the same key). */
export const answersKey = (data, answers) => encodeAnswers(data, answers);

/**
 * The synthesis as CSV, with the conventions of the individual CSV: UTF-8 with
 * BOM, `;` separator, decimal comma. One column per member at the end.
 */
export function groupCsv(data, members, synthesis) {
  const levels = data.scale.levels;
  const blankLevels = levels.map(() => "");
  const rows = [["Niveau", "Identifiant", "Intitulé", "Score du groupe (%)", "Minimum (%)", "Maximum (%)",
    "Membres avec un score", ...levels.map((l) => l.label), data.scale.unknown_label, "Sans réponse", "Écart",
    ...members.map((m) => m.label)]];
  const o = synthesis.overall;
  const score = (pick) => synthesis.scores.map((s) => frNumber(pick(s).percent));
  rows.push(["Score global", "", o.band ? o.band.label : "", frNumber(o.percent), frNumber(o.min), frNumber(o.max),
    o.scored, ...blankLevels, "", "", "", ...score((s) => s.overall)]);
  synthesis.generals.forEach((g, i) => rows.push(["Objectif général", g.id, g.title, frNumber(g.percent),
    frNumber(g.min), frNumber(g.max), g.scored, ...blankLevels, "", "", "", ...score((s) => s.generals[i])]));
  synthesis.mains.forEach((m, i) => rows.push(["Objectif principal", m.id, m.title, frNumber(m.percent),
    frNumber(m.min), frNumber(m.max), m.scored, ...blankLevels, "", "", "", ...score((s) => s.mains[i])]));
  const top = data.scale.max;
  for (const ind of synthesis.indicators) {
    const values = levels.map((l) => l.value).filter((_, i) => ind.counts[i] > 0);
    const pct = (value) => (value === undefined ? null : Math.round((value / top) * 1000) / 10);
    rows.push(["Indicateur", ind.id, ind.title, frNumber(ind.percent), frNumber(pct(values[0])),
      frNumber(pct(values[values.length - 1])), ind.known, ...ind.counts, ind.unknown, ind.unanswered,
      ind.spread ?? "", ...members.map((m) => {
        const answer = m.answers[ind.id];
        const level = levels.find((l) => l.value === answer);
        return level ? level.label : answer === undefined ? "" : data.scale.unknown_label;
      })]);
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(";")).join("\r\n")}\r\n`;
}
