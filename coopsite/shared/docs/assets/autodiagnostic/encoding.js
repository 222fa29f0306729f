// Share fragment, JSON export/import and CSV of the self-test.
// Formats are documented on the page « Fonctionnement de l'autodiagnostic ».

import { UNKNOWN, isLevel, scoresForExport } from "./scoring.js";

export const FRAGMENT_VERSION = "1";
export const EXPORT_FORMAT = "coopsite-autodiagnostic";
export const EXPORT_VERSION = 1;

/** One character per indicator, in grid order: level index, "x" (unknown) or "-". */
export function encodeAnswers(data, answers) {
  return data.indicators.map((ind) => {
    const answer = answers[ind.id];
    if (answer === UNKNOWN) return "x";
    const index = data.scale.levels.findIndex((level) => level.value === answer);
    return index >= 0 && index <= 9 ? String(index) : "-";
  }).join("");
}

/** `#r=1;<grid id>;<grid version>;<answers>` */
export function fragmentFor(data, answers) {
  const { id, version } = data.grid;
  return `#r=${FRAGMENT_VERSION};${encodeURIComponent(id)};${encodeURIComponent(version)};${encodeAnswers(data, answers)}`;
}

/** True when `hash` is meant as a results fragment (other anchors are left alone). */
export function isResultFragment(hash) {
  return /^#?r=/.test(hash || "");
}

const fail = (message) => ({ ok: false, message });

export function decodePart(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * The parts of a `#<key>=<format>;<grid id>;<grid version>;…` fragment after its
 * checked head, or {ok: false, message} in French. `count` parts are expected
 * after the head (null: at least one).
 */
export function readFragment(data, hash, { key = "r", version: format = FRAGMENT_VERSION, what = "de résultats",
  count = 1 } = {}) {
  const text = String(hash || "").replace(/^#/, "");
  if (!text.startsWith(`${key}=`)) return fail(`Ce lien ne contient pas de résultats.`);
  const parts = text.slice(key.length + 1).split(";");
  const malformed = `Ce lien ${what} est mal formé : il devrait ressembler à `
    + `#${key}=${format};${data.grid.id};${data.grid.version};…`;
  if (parts.length < 4 || (count !== null && parts.length !== 3 + count)) return fail(malformed);
  const [given, rawId, rawVersion] = parts;
  if (given !== format) {
    return fail(`Ce lien ${what} utilise un format (${given || "vide"}) que cette version de l’outil ne sait pas lire.`);
  }
  const id = decodePart(rawId);
  const version = decodePart(rawVersion);
  if (id === null || version === null) return fail(malformed);
  if (id !== data.grid.id) {
    return fail(`Ce lien concerne une autre grille (« ${id} ») que celle de cet autodiagnostic (« ${data.grid.id} »).`);
  }
  if (version !== data.grid.version) {
    return fail(`Ce lien a été créé avec la version « ${version} » de la grille ; la version actuelle est « ${data.grid.version} ». `
      + "Les questions ont pu changer : ces réponses ne peuvent pas être relues telles quelles.");
  }
  return { ok: true, parts: parts.slice(3), malformed };
}

/** Answers from a results fragment, or {ok: false, message} in French. */
export function decodeFragment(data, hash) {
  const read = readFragment(data, hash);
  if (!read.ok) return read;
  const chars = decodePart(read.parts[0]);
  return chars === null ? fail(read.malformed) : decodeAnswers(data, chars);
}

/** Answers from the one-character-per-indicator string of a link, or {ok: false, message}. */
export function decodeAnswers(data, chars) {
  const expected = data.indicators.length;
  if (chars.length !== expected) {
    return fail(`Ce lien est incomplet ou trop long : il contient ${chars.length} réponse${chars.length > 1 ? "s" : ""} au lieu de ${expected}.`);
  }
  const answers = {};
  for (let i = 0; i < chars.length; i += 1) {
    const ind = data.indicators[i];
    const answer = answerOf(data, chars[i]);
    if (answer === null) {
      return fail(`Ce lien contient un caractère inattendu (« ${chars[i]} ») à la position ${i + 1}, pour l’indicateur ${ind.id}.`);
    }
    if (answer !== undefined) answers[ind.id] = answer;
  }
  return { ok: true, answers };
}

/** One character of a link or a paper line: a level's value, UNKNOWN ("x"), undefined ("-"), or null (unknown). */
export function answerOf(data, char) {
  if (char === "-") return undefined;
  if (char === "x") return UNKNOWN;
  const level = /^[0-9]$/.test(char) ? data.scale.levels[Number(char)] : undefined;
  return level ? level.value : null;
}

/** Keeps the valid answers of `raw`; lists the problems in French. */
export function validateAnswers(data, raw) {
  const errors = [];
  const answers = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { answers, errors: ["Les réponses doivent être un objet « indicateur : réponse »."] };
  }
  const known = new Set(data.indicators.map((ind) => ind.id));
  for (const [id, answer] of Object.entries(raw)) {
    if (!known.has(id)) errors.push(`Indicateur inconnu : « ${id} ».`);
    else if (answer === UNKNOWN || isLevel(data, answer)) answers[id] = answer;
    else errors.push(`Réponse invalide pour ${id} : ${JSON.stringify(answer)}.`);
  }
  return { answers, errors };
}

/** The JSON export (an object; see the documentation for its schema). */
export function exportData(data, answers, scores, date = new Date()) {
  const ordered = {};
  for (const ind of data.indicators) if (ind.id in answers) ordered[ind.id] = answers[ind.id];
  return {
    format: EXPORT_FORMAT,
    format_version: EXPORT_VERSION,
    grid: { id: data.grid.id, version: data.grid.version },
    date: date.toISOString(),
    answers: ordered,
    scores: scoresForExport(scores),
  };
}

/** Problems with an exported file's `format_version` and `grid` (French sentences). */
export function fileHeadErrors(data, parsed, version) {
  const errors = [];
  if (parsed.format_version !== version) {
    errors.push(`Version de format non prise en charge : ${JSON.stringify(parsed.format_version)} (attendue : ${version}).`);
  }
  const grid = parsed.grid || {};
  if (grid.id !== data.grid.id) {
    errors.push(`Ce fichier concerne une autre grille (« ${grid.id} ») que celle de cet autodiagnostic (« ${data.grid.id} »).`);
  } else if (grid.version !== data.grid.version) {
    errors.push(`Ce fichier a été créé avec la version « ${grid.version} » de la grille ; la version actuelle est « ${data.grid.version} ».`);
  }
  return errors;
}

/** Answers from an exported file's text, or {ok: false, errors}. Nothing is half-applied. */
export function parseImport(data, text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, errors: ["Ce fichier n’est pas un fichier JSON lisible."] };
  }
  if (!parsed || typeof parsed !== "object" || parsed.format !== EXPORT_FORMAT) {
    return { ok: false, errors: ["Ce fichier n’est pas un export de l’autodiagnostic (champ « format » absent ou différent)."] };
  }
  const errors = fileHeadErrors(data, parsed, EXPORT_VERSION);
  const checked = validateAnswers(data, parsed.answers);
  errors.push(...checked.errors);
  return errors.length ? { ok: false, errors } : { ok: true, answers: checked.answers };
}

export const frNumber = (value) => (value === null ? "" : String(value).replace(".", ","));

export function csvCell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Scores as CSV for French spreadsheets: UTF-8 with BOM, `;` separator, decimal comma. */
export function scoresCsv(data, answers, scores) {
  const rows = [["Niveau", "Identifiant", "Intitulé", "Score (%)", "Réponse", "Réponses prises en compte",
    "Ne sait pas", "Sans réponse"]];
  const o = scores.overall;
  rows.push(["Score global", "", o.band ? o.band.label : "", frNumber(o.percent), "", o.answered, o.unknown, o.unanswered]);
  for (const g of scores.generals) {
    rows.push(["Objectif général", g.id, g.title, frNumber(g.percent), "", g.answered, g.unknown, g.unanswered]);
  }
  for (const m of scores.mains) {
    rows.push(["Objectif principal", m.id, m.title, frNumber(m.percent), "", m.answered, m.unknown, m.unanswered]);
  }
  for (const ind of data.indicators) {
    const answer = answers[ind.id];
    const level = data.scale.levels.find((l) => l.value === answer);
    const label = answer === UNKNOWN ? data.scale.unknown_label : level ? level.label : "";
    const percent = level ? Math.round((level.value / data.scale.max) * 1000) / 10 : null;
    rows.push(["Indicateur", ind.id, ind.title, frNumber(percent), label, level ? 1 : 0,
      answer === UNKNOWN ? 1 : 0, level || answer === UNKNOWN ? 0 : 1]);
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(";")).join("\r\n")}\r\n`;
}
