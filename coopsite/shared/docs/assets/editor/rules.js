// The rules a form cannot express, checked before a save. The sentences are
// the site's own validator's (coopsite/structure/loader.py, MESSAGES), handed
// over in the editor's configuration: the browser and the build say the same.

function say(messages, key, id) {
  return messages[key].replace("{id}", id);
}

function duplicates(values) {
  const seen = new Set();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

const asList = (value) => (Array.isArray(value) ? value : value ? [value] : []);

const filled = (value, list) => (list ? asList(value).some((item) => String(item ?? "").trim())
  : String(value ?? "").trim() !== "");

// What a published source needs that a draft may leave empty (the schemas' « else », handed over
// as `coop.strict`): each as « field : Label à compléter ».
function incomplete(collection, data, coop) {
  if (data.draft === true) return [];
  const out = [];
  for (const rule of (coop.strict && coop.strict[collection]) || []) {
    const [head, star, ...rest] = rule.path;
    if (star !== "*") {
      if (!filled(data[head], rule.list)) out.push(`${head} : ${rule.label} à compléter`);
      continue;
    }
    asList(data[head]).forEach((item, index) => {
      if (item && !filled(item[rest[0]], rule.list)) out.push(`${head}[${index}].${rest[0]} : ${rule.label} à compléter`);
    });
  }
  if (out.length) out.push("ou cochez « Brouillon à relire » pour l’enregistrer comme brouillon");
  return out;
}

// Each problem as « field : message », the field written as in the build's report.
export function problems(collection, data, { coop, slug = "", isNew = true }) {
  const m = coop.messages;
  const out = [];
  if (!isNew && slug && data.id && data.id !== slug) out.push(`id : ${say(m, "id_not_file_name", data.id)}`);
  out.push(...incomplete(collection, data, coop));
  if (collection !== "temoignages") return out;
  if (data.event && !coop.events.includes(data.event)) out.push(`event : ${say(m, "unknown_event", data.event)}`);
  const people = asList(data.people).map((person) => person && person.id).filter(Boolean);
  for (const id of new Set(duplicates(people))) out.push(`people : ${say(m, "duplicate_person", id)}`);
  const quotes = asList(data.quotes);
  const quoteIds = quotes.map((quote) => quote && quote.id).filter(Boolean);
  for (const id of new Set(duplicates(quoteIds))) out.push(`quotes : ${say(m, "duplicate_quote", id)}`);
  quotes.forEach((quote, index) => {
    if (!quote) return;
    const where = `quotes[${index}]`;
    const owner = coop.quotes[quote.id];
    if (quote.id && owner && owner !== data.id) {
      out.push(`${where}.id : ${say(m, "duplicate_quote", quote.id)} (témoignage « ${owner} »)`);
    }
    asList(quote.speaker).forEach((name, s) => {
      if (name && !people.includes(name)) out.push(`${where}.speaker[${s}] : ${say(m, "unknown_person", name)}`);
    });
    const cited = asList(quote.indicators);
    cited.forEach((id, i) => {
      if (!(id in coop.indicators)) out.push(`${where}.indicators[${i}] : ${say(m, "unknown_indicator", id)}`);
    });
    for (const id of new Set(duplicates(cited))) out.push(`${where}.indicators : ${say(m, "indicator_twice", id)}`);
  });
  return out;
}
