// The editor's file format: YAML written as our files are, and read back the
// same by the site's loader (PyYAML, which speaks YAML 1.1).
//
// - keys in the order of the schemas (the order of our files), unknown keys after;
// - a text that a YAML 1.1 reader would turn into something else (yes, no,
//   on, off, 1:20, a date, digits only…) is quoted;
// - a text on several lines is a literal block: the Markdown stays as typed;
// - a list of short values is written on one line: [A1.1, A3.1];
// - the first line, « # yaml-language-server: $schema=… », is put back.
// Any other comment of a hand-written file is not kept.

// Words that YAML 1.1 readers take for booleans or null.
const YAML11_WORDS = new Set([
  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
  "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
  "null", "Null", "NULL", "~",
]);
// A first character that is a YAML indicator, or that starts a number, a date,
// a sexagesimal (1:20), .inf or .nan, a merge key (<<) or a value key (=).
const RISKY_START = /^[-?:,[\]{}#&*!|>'"%@`=~<.+0-9]/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const FLOW_WIDTH = 100;

export function isPlainSafe(text, inFlow = false) {
  if (text === "" || YAML11_WORDS.has(text) || text !== text.trim()) return false;
  if (/[\n\r\t]/.test(text) || CONTROL.test(text) || RISKY_START.test(text)) return false;
  if (/: |:$| #/.test(text)) return false;
  return !(inFlow && /[,[\]{}]/.test(text));
}

export function quoted(text) {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += "\\u" + code.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function scalar(value, inFlow) {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : quoted(String(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = String(value);
  return isPlainSafe(text, inFlow) ? text : quoted(text);
}

// A literal block (its header and lines), or null when the text needs quotes.
function literal(text, indent) {
  if (!text.includes("\n") || /[\r\t]/.test(text) || CONTROL.test(text) || text.trim() === "") return null;
  const trailing = text.length - text.replace(/\n+$/, "").length;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const body = trailing ? text.slice(0, -1) : text;
  const lines = body.split("\n");
  const first = lines.find((line) => line !== "");
  const indicator = first.startsWith(" ") ? "2" : "";
  const pad = " ".repeat(indent);
  return ["|" + indicator + chomp, ...lines.map((line) => (line === "" ? "" : pad + line))];
}

const isMap = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isScalar = (value) => ["string", "number", "boolean"].includes(typeof value);

function orderedKeys(map, tree) {
  const known = (tree && tree.keys) || [];
  return [...known.filter((key) => key in map), ...Object.keys(map).filter((key) => !known.includes(key))];
}

function mapLines(map, tree, indent) {
  const out = [];
  for (const key of orderedKeys(map, tree)) {
    const value = map[key];
    if (value === undefined || value === null) continue;
    const child = tree && tree.children ? tree.children[key] : undefined;
    out.push(...entryLines(" ".repeat(indent) + key + ":", value, child, indent));
  }
  return out;
}

// The lines of one value after `head` (« key: » or « - »), its block at `indent` + 2.
function entryLines(head, value, tree, indent) {
  if (Array.isArray(value)) {
    if (value.length === 0) return [head + " []"];
    if (value.every((item) => isScalar(item) && !String(item).includes("\n"))) {
      const flow = head + " [" + value.map((item) => scalar(item, true)).join(", ") + "]";
      if (flow.length <= FLOW_WIDTH) return [flow];
    }
    return [head, ...value.flatMap((item) => itemLines(item, tree, indent + 2))];
  }
  if (isMap(value)) {
    const inner = mapLines(value, tree, indent + 2);
    return inner.length ? [head, ...inner] : [head + " {}"];
  }
  if (typeof value === "string") {
    const block = literal(value, indent + 2);
    if (block) return [head + " " + block[0], ...block.slice(1)];
  }
  return [head + " " + scalar(value, false)];
}

function itemLines(item, tree, indent) {
  const pad = " ".repeat(indent);
  if (isMap(item)) {
    const inner = mapLines(item, tree, indent + 2);
    if (!inner.length) return [pad + "- {}"];
    inner[0] = pad + "- " + inner[0].slice(indent + 2);
    return inner;
  }
  return entryLines(pad + "-", item, tree, indent);
}

// The whole file: the header line, then the document.
export function dump(data, { order, header } = {}) {
  const lines = mapLines(data, order, 0);
  return (header ? header + "\n" : "") + lines.join("\n") + "\n";
}

// One value or a list of them: the form shows a list, the file keeps one text for one value.
function reshape(data, paths, toForm) {
  const copy = structuredClone(data);
  for (const [listKey, field] of paths) {
    for (const item of Array.isArray(copy[listKey]) ? copy[listKey] : []) {
      if (!isMap(item) || !(field in item)) continue;
      const value = item[field];
      if (toForm && typeof value === "string") item[field] = [value];
      if (!toForm && Array.isArray(value) && value.length === 1) item[field] = value[0];
    }
  }
  return copy;
}

// A Decap CMS format for one collection. `parse` is a YAML reader (js-yaml's
// `load` with its core schema: no dates, no YAML 1.1 booleans).
export function makeFormat(collection, oneOrMany, parse) {
  return {
    fromFile(content) {
      const data = parse(content) || {};
      return reshape(data, oneOrMany, true);
    },
    toFile(data) {
      return dump(reshape(data, oneOrMany, false), collection);
    },
  };
}
