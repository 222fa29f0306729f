// French stems for the editor's suggestions, the same as the build's (coopsite/suggest/words.py,
// which uses the Python package snowballstemmer 3.1.1, French): the Snowball French algorithm
// of snowballstem.org, written for the browser. tests/test_suggest.py holds the two to the
// same stems over every word of the site and of the bench's corpus.
//
// The word is marked (prelude), its regions found (RV, R1, R2), then suffixes are taken from its
// end: standard suffixes, else i-verb endings, else other verb endings, else residual endings;
// then a double consonant and an accent are undone, and the marks removed (postlude).

const VOWELS = new Set("aeiouyâàëéêèïîôûù");
const OUX_ENDING = new Set("bhjlnp");
const ELISION = new Set("cdjlmnst");
const KEEP_WITH_S = new Set("aiouès");

// Suffix tables: each ending and what to do with it (the step's case number).
const STANDARD = {
  ance: 1, iqUe: 1, isme: 1, able: 1, iste: 1, eux: 1, ances: 1, iqUes: 1, ismes: 1, ables: 1, istes: 1,
  atrice: 2, ateur: 2, ation: 2, atrices: 2, ateurs: 2, ations: 2,
  logie: 3, logies: 3, usion: 4, ution: 4, usions: 4, utions: 4, ence: 5, ences: 5,
  ement: 6, ements: 6, "ité": 7, "ités": 7, if: 8, ive: 8, ifs: 8, ives: 8,
  eaux: 9, aux: 10, oux: 11, euse: 12, euses: 12, issement: 13, issements: 13,
  amment: 14, emment: 15, ment: 16, ments: 16,
};
const AFTER_EMENT = { iv: 1, eus: 2, abl: 3, iqU: 3, "ièr": 4, "Ièr": 4 };
const AFTER_ITE = { abil: 1, ic: 2, iv: 3 };
const I_VERB = Object.fromEntries([
  "îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait", "iras", "irent",
  "irez", "iriez", "irions", "irons", "iront", "is", "issaIent", "issais", "issait", "issant", "issante",
  "issantes", "issants", "isse", "issent", "isses", "issez", "issiez", "issions", "issons", "it",
].map((ending) => [ending, 1]));
const VERB = {
  ions: 1,
  "é": 2, "ée": 2, "ées": 2, "és": 2, "èrent": 2, er: 2, era: 2, erai: 2, eraIent: 2, erais: 2, erait: 2,
  eras: 2, erez: 2, eriez: 2, erions: 2, erons: 2, eront: 2, ez: 2, iez: 2, eais: 2,
  "âmes": 3, "ât": 3, "âtes": 3, a: 3, ai: 3, aIent: 3, ait: 3, ant: 3, ante: 3, antes: 3, ants: 3,
  as: 3, asse: 3, assent: 3, asses: 3, assiez: 3, assions: 3,
  ais: 4, aise: 4, aises: 4,
};
const NOT_BEFORE_AIS = { al: 1, "épl": 2, auv: 2 };
const RESIDUAL = { ion: 1, ier: 2, "ière": 2, Ier: 2, "Ière": 2, e: 3 };
const DOUBLE = ["enn", "onn", "ett", "ell", "eill"];
const S_OR_T = new Set("st");

class Word {
  constructor(text) {
    this.s = text;
    this.cursor = 0;
    this.back = 0; // the backward limit
    this.bra = 0;
    this.ket = 0;
  }

  get limit() { return this.s.length; }

  // Replace s[bra:ket] by `text`, moving the cursor as Snowball's runtime does.
  replace(text) {
    const { bra, ket } = this;
    const change = text.length - (ket - bra);
    this.s = this.s.slice(0, bra) + text + this.s.slice(ket);
    if (this.cursor >= ket) this.cursor += change;
    else if (this.cursor > bra) this.cursor = bra;
    this.ket = bra + text.length;
  }

  // The longest ending of `table` that ends at the cursor and starts at or after the backward limit.
  ending(table) {
    let best = null;
    for (const key of Object.keys(table)) {
      const start = this.cursor - key.length;
      if (start >= this.back && this.s.slice(start, this.cursor) === key && (!best || key.length > best.length)) best = key;
    }
    if (best === null) return null;
    this.cursor -= best.length;
    return best;
  }

  before(chars) { // the character before the cursor is in `chars` (a Set or a string): step back over it
    if (this.cursor <= this.back || !chars.has(this.s[this.cursor - 1])) return false;
    this.cursor -= 1;
    return true;
  }

  beforeNot(chars) { // the character before the cursor exists and is not in `chars`
    if (this.cursor <= this.back || chars.has(this.s[this.cursor - 1])) return false;
    this.cursor -= 1;
    return true;
  }

  endsWith(text) { // `text` ends at the cursor: step back over it
    const start = this.cursor - text.length;
    if (start < this.back || this.s.slice(start, this.cursor) !== text) return false;
    this.cursor = start;
    return true;
  }
}

function elisions(w) {
  const s = w.s;
  let end = 0;
  if (ELISION.has(s[0])) end = 1;
  else if (s.startsWith("qu")) end = 2;
  else return;
  if (s[end] !== "'" || end + 1 >= s.length) return;
  w.s = s.slice(end + 1);
}

function prelude(w) {
  const at = (p) => {
    const s = w.s;
    if (VOWELS.has(s[p])) {
      const next = s[p + 1];
      if ((next === "u" || next === "i") && p + 2 < s.length && VOWELS.has(s[p + 2])) {
        w.s = s.slice(0, p + 1) + next.toUpperCase() + s.slice(p + 2);
        return true;
      }
      if (next === "y") {
        w.s = s.slice(0, p + 1) + "Y" + s.slice(p + 2);
        return true;
      }
    }
    if (s[p] === "ë" || s[p] === "ï") {
      w.s = s.slice(0, p) + (s[p] === "ë" ? "He" : "Hi") + s.slice(p + 1);
      return true;
    }
    if (s[p] === "y" && p + 1 < s.length && VOWELS.has(s[p + 1])) {
      w.s = s.slice(0, p) + "Y" + s.slice(p + 1);
      return true;
    }
    if (s[p] === "q" && s[p + 1] === "u") {
      w.s = s.slice(0, p + 1) + "U" + s.slice(p + 2);
      return true;
    }
    return false;
  };
  let start = 0;
  for (;;) {
    let p = start;
    while (p < w.s.length && !at(p)) p += 1;
    if (p >= w.s.length) return;
    start = p; // the next search starts where this one matched (its marks match nothing again)
  }
}

function regions(w) {
  const s = w.s;
  const n = s.length;
  const v = (i) => i < n && VOWELS.has(s[i]);
  let pV = n;
  if (v(0) && v(1) && n >= 3) pV = 3;
  else if (/^(col|par|tap)/.test(s)) pV = 3;
  else if (s.startsWith("ni") && v(2)) pV = 3;
  else {
    let i = 1;
    while (i < n && !v(i)) i += 1;
    if (i < n) pV = i + 1;
  }
  const pastVowelThenConsonant = (from) => {
    let i = from;
    while (i < n && !v(i)) i += 1;
    if (i >= n) return n;
    i += 1;
    while (i < n && v(i)) i += 1;
    if (i >= n) return n;
    return i + 1;
  };
  const p1 = pastVowelThenConsonant(0);
  const p2 = p1 < n ? pastVowelThenConsonant(p1) : n;
  return { pV, p1, p2 };
}

function standardSuffix(w, r) {
  const RV = () => r.pV <= w.cursor;
  const R1 = () => r.p1 <= w.cursor;
  const R2 = () => r.p2 <= w.cursor;
  w.ket = w.cursor;
  const found = w.ending(STANDARD);
  if (found === null) return false;
  w.bra = w.cursor;
  const kind = STANDARD[found];
  // Try `step` from the current end; on failure, the cursor goes back where it was.
  const attempt = (step) => {
    const saved = w.limit - w.cursor;
    if (!step()) w.cursor = w.limit - saved;
  };
  const icToIqu = () => { // after a deletion: « ic » deleted in R2, else « iqU »
    w.ket = w.cursor;
    if (!w.endsWith("ic")) return false;
    w.bra = w.cursor;
    if (R2()) w.replace("");
    else w.replace("iqU");
    return true;
  };
  switch (kind) {
    case 1:
      if (!R2()) return false;
      w.replace("");
      return true;
    case 2:
      if (!R2()) return false;
      w.replace("");
      attempt(icToIqu);
      return true;
    case 3:
      if (!R2()) return false;
      w.replace("log");
      return true;
    case 4:
      if (!R2()) return false;
      w.replace("u");
      return true;
    case 5:
      if (!R2()) return false;
      w.replace("ent");
      return true;
    case 6:
      if (!RV()) return false;
      w.replace("");
      attempt(() => {
        w.ket = w.cursor;
        const next = w.ending(AFTER_EMENT);
        if (next === null) return false;
        w.bra = w.cursor;
        switch (AFTER_EMENT[next]) {
          case 1:
            if (!R2()) return false;
            w.replace("");
            w.ket = w.cursor;
            if (!w.endsWith("at")) return false;
            w.bra = w.cursor;
            if (!R2()) return false;
            w.replace("");
            return true;
          case 2:
            if (R2()) w.replace("");
            else if (R1()) w.replace("eux");
            else return false;
            return true;
          case 3:
            if (!R2()) return false;
            w.replace("");
            return true;
          default:
            if (!RV()) return false;
            w.replace("i");
            return true;
        }
      });
      return true;
    case 7:
      if (!R2()) return false;
      w.replace("");
      attempt(() => {
        w.ket = w.cursor;
        const next = w.ending(AFTER_ITE);
        if (next === null) return false;
        w.bra = w.cursor;
        const step = AFTER_ITE[next];
        if (step === 1) w.replace(R2() ? "" : "abl");
        else if (step === 2) w.replace(R2() ? "" : "iqU");
        else {
          if (!R2()) return false;
          w.replace("");
        }
        return true;
      });
      return true;
    case 8:
      if (!R2()) return false;
      w.replace("");
      attempt(() => {
        w.ket = w.cursor;
        if (!w.endsWith("at")) return false;
        w.bra = w.cursor;
        if (!R2()) return false;
        w.replace("");
        return icToIqu();
      });
      return true;
    case 9:
      w.replace("eau");
      return true;
    case 10:
      if (!R1()) return false;
      w.replace("al");
      return true;
    case 11:
      if (!w.before(OUX_ENDING)) return false;
      w.replace("ou");
      return true;
    case 12:
      if (R2()) w.replace("");
      else if (R1()) w.replace("eux");
      else return false;
      return true;
    case 13:
      if (!R1() || !w.beforeNot(VOWELS)) return false;
      w.replace("");
      return true;
    case 14:
      if (RV()) w.replace("ant");
      return false; // the verb endings are tried next, on the word as it is now
    case 15:
      if (RV()) w.replace("ent");
      return false;
    default: { // « ment », « ments » after a vowel in RV: deleted, and the verb endings tried next
      const saved = w.limit - w.cursor;
      if (!w.before(VOWELS) || !RV()) return false;
      w.cursor = w.limit - saved;
      w.replace("");
      return false;
    }
  }
}

function withLimit(w, r, step) { // the endings must lie in RV
  if (w.cursor < r.pV) return false;
  const outer = w.back;
  w.back = r.pV;
  try {
    return step();
  } finally {
    w.back = outer;
  }
}

function iVerbSuffix(w, r) {
  return withLimit(w, r, () => {
    w.ket = w.cursor;
    if (w.ending(I_VERB) === null) return false;
    w.bra = w.cursor;
    if (w.cursor > w.back && w.s[w.cursor - 1] === "H") return false;
    if (!w.beforeNot(VOWELS)) return false;
    w.replace("");
    return true;
  });
}

function verbSuffix(w, r) {
  if (w.cursor < r.pV) return false;
  const outer = w.back;
  w.back = r.pV;
  w.ket = w.cursor;
  const found = w.ending(VERB);
  if (found === null) {
    w.back = outer;
    return false;
  }
  w.bra = w.cursor;
  w.back = outer;
  switch (VERB[found]) {
    case 1:
      if (!(r.p2 <= w.cursor)) return false;
      w.replace("");
      return true;
    case 2:
      w.replace("");
      return true;
    case 3: { // an « e » before the ending goes with it, inside RV
      const saved = w.limit - w.cursor;
      if (w.cursor > w.back && w.s[w.cursor - 1] === "e" && r.pV <= w.cursor - 1) {
        w.cursor -= 1;
        w.bra = w.cursor;
      } else w.cursor = w.limit - saved;
      w.replace("");
      return true;
    }
    default: { // « ais », « aise(s) »: not after « épl », « auv », nor after « al » at the word's start
      const saved = w.limit - w.cursor;
      const before = w.ending(NOT_BEFORE_AIS);
      if (before !== null) {
        if (NOT_BEFORE_AIS[before] === 2) return false;
        if (w.cursor === w.back + 1) return false;
      }
      w.cursor = w.limit - saved;
      w.replace("");
      return true;
    }
  }
}

function residualSuffix(w, r) {
  const saved = w.limit - w.cursor;
  w.ket = w.cursor;
  let removeS = false;
  if (w.cursor > w.back && w.s[w.cursor - 1] === "s") {
    w.cursor -= 1;
    w.bra = w.cursor;
    const here = w.limit - w.cursor;
    if (w.endsWith("Hi") || w.beforeNot(KEEP_WITH_S)) removeS = true;
    w.cursor = w.limit - here;
  }
  if (removeS) w.replace("");
  else w.cursor = w.limit - saved;
  if (w.cursor < r.pV) return false;
  const outer = w.back;
  w.back = r.pV;
  try {
    w.ket = w.cursor;
    const found = w.ending(RESIDUAL);
    if (found === null) return false;
    w.bra = w.cursor;
    const step = RESIDUAL[found];
    if (step === 1) {
      if (!(r.p2 <= w.cursor)) return false;
      if (!(w.before(S_OR_T))) return false;
      w.replace("");
    } else if (step === 2) w.replace("i");
    else w.replace("");
    return true;
  } finally {
    w.back = outer;
  }
}

function unDouble(w) {
  const saved = w.limit - w.cursor;
  if (!DOUBLE.some((ending) => w.s.slice(0, w.cursor).endsWith(ending))) return;
  w.cursor = w.limit - saved;
  w.ket = w.cursor;
  if (w.cursor <= w.back) return;
  w.cursor -= 1;
  w.bra = w.cursor;
  w.replace("");
}

function unAccent(w) {
  let consonants = 0;
  while (w.beforeNot(VOWELS)) consonants += 1;
  if (consonants < 1) return;
  w.ket = w.cursor;
  if (w.cursor > w.back && (w.s[w.cursor - 1] === "é" || w.s[w.cursor - 1] === "è")) {
    w.cursor -= 1;
    w.bra = w.cursor;
    w.replace("e");
  }
}

function postlude(text) {
  return text.replace(/He|Hi|H|I|U|Y/g, (mark) => ({ He: "ë", Hi: "ï", H: "", I: "i", U: "u", Y: "y" })[mark]);
}

// The Snowball French stem of one lowercase word (accents kept, as the algorithm gives them).
export function snowballFrench(word) {
  const w = new Word(word);
  elisions(w);
  prelude(w);
  const r = regions(w);
  const fromEnd = (step) => {
    const saved = w.limit - w.cursor;
    const done = step();
    w.cursor = w.limit - saved;
    return done;
  };
  w.back = 0;
  w.cursor = w.limit;
  const suffixed = fromEnd(() => standardSuffix(w, r)) || fromEnd(() => iVerbSuffix(w, r))
    || fromEnd(() => verbSuffix(w, r));
  if (suffixed) {
    w.cursor = w.limit;
    w.ket = w.cursor;
    if (w.cursor > 0 && w.s[w.cursor - 1] === "Y") {
      w.bra = w.cursor - 1;
      w.replace("i");
    } else if (w.cursor > 0 && w.s[w.cursor - 1] === "ç") {
      w.bra = w.cursor - 1;
      w.replace("c");
    }
  } else {
    w.cursor = w.limit;
    residualSuffix(w, r);
  }
  w.cursor = w.limit;
  unDouble(w);
  w.cursor = w.limit;
  unAccent(w);
  return postlude(w.s);
}
