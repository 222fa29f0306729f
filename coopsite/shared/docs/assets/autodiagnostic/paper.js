// Paper answers typed in: one line per member, « Camille : 3210 x-12 … ».
// A name, a colon, then one character per indicator in grid order, the
// characters of the share link: the level's index (0, 1, 2…), « x » for
// « Je ne sais pas », « - » for no answer. Spaces between groups are allowed.
// A line read here gives exactly the answers of the same characters sent by link.

import { answerOf } from "./encoding.js";

const LINE = /^\s*([^:]*\S)\s*:\s*([0-9xX\- ]*)\s*$/;

/** True when `line` looks like a paper line (a name, a colon, then answer characters). */
export function isPaperLine(line) {
  return LINE.test(line) && !/[#/]/.test(line.split(":", 1)[0]);
}

/**
 * {ok: true, label, answers} or {ok: false, message} in French, the indicator named:
 * « indicateur A3.2 : caractère « 7 » inconnu ».
 */
export function readPaperLine(data, line) {
  const found = LINE.exec(line);
  if (!found) return { ok: false, message: "ligne illisible : écrivez un nom, deux-points, puis une réponse par indicateur." };
  const [, label, raw] = found;
  const chars = raw.replace(/ /g, "").toLowerCase();
  const expected = data.indicators.length;
  const answers = {};
  for (let i = 0; i < Math.min(chars.length, expected); i += 1) {
    const ind = data.indicators[i];
    const answer = answerOf(data, chars[i]);
    if (answer === null) {
      const known = `0 à ${data.scale.levels.length - 1}, x ou -`;
      return { ok: false, message: `indicateur ${ind.id} : caractère « ${chars[i]} » inconnu (${known})` };
    }
    if (answer !== undefined) answers[ind.id] = answer;
  }
  if (chars.length !== expected) {
    const count = `${chars.length} réponse${chars.length > 1 ? "s" : ""}`;
    const at = chars.length < expected ? `, il manque à partir de l’indicateur ${data.indicators[chars.length].id}` : "";
    return { ok: false, message: `${count} au lieu de ${expected}${at}` };
  }
  return { ok: true, label, answers };
}
