// The page « Diagnostic mutuel »: gathers members (pasted links, JSON files,
// this browser's own answers, a group link), keeps them in localStorage, and
// shows their synthesis. Nothing is sent anywhere.

import { synthesize, synthesisForExport } from "./aggregate.js";
import { validateAnswers } from "./encoding.js";
import { answersKey, cleanLabel, decodeGroupFragment, defaultLabel, groupCsv, groupExport, groupFragment,
  isGroupFragment, readFile, readPasted } from "./group-encoding.js";
import { paperGrid } from "./paper-grid.js";
import { openStorage } from "./storage.js";
import { synthesisView } from "./synthesis-view.js";
import { copyText, download, h, plural } from "./dom.js";

export const GROUP_PREFIX = "coopsite:diagnostic-mutuel:";

const snippet = (text) => {
  const line = text.trim();
  return line.length > 50 ? `${line.slice(0, 50)}…` : line;
};

class Collective {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("script.coop-st-data").textContent);
    this.limits = this.data.limits;
    this.members = [];
    this.store = openStorage(this.data.grid.id, this.data.grid.version, { prefix: GROUP_PREFIX, field: "group" });
    this.compareView = null;
  }

  part(name) {
    return this.root.querySelector(`[data-co="${name}"]`);
  }

  start() {
    this.part("form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.addPasted();
    });
    this.part("files").addEventListener("change", (event) => this.addFiles([...event.target.files], event.target));
    this.part("own").addEventListener("click", () => this.addOwn());
    this.part("clear").addEventListener("click", () => this.clear());
    this.part("share").addEventListener("click", () => this.share());
    this.part("export-json").addEventListener("click", () => this.exportJson());
    this.part("export-csv").addEventListener("click", () => this.exportCsv());
    this.part("print").addEventListener("click", () => window.print());
    this.part("compare").addEventListener("click", () => this.openCompare());
    this.wireDrop(this.part("drop"));
    paperGrid(this.part("grid"), this.data, {
      onSend: (lines) => {
        if (!lines.length) return;
        const field = this.part("links");
        field.value = [field.value.trim(), ...lines].filter(Boolean).join("\n");
        this.addPasted();
      },
    });
    this.part("members").addEventListener("change", (event) => this.onLabel(event.target, true));
    this.part("members").addEventListener("input", (event) => this.onLabel(event.target, false));
    this.part("members").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-remove]");
      if (button) this.remove(Number(button.dataset.remove));
    });
    if (!this.store.available) {
      this.notice("Ce navigateur ne permet pas d’enregistrer la synthèse ici (navigation privée ou cadre restreint) : "
        + "elle fonctionne, mais sera perdue en quittant la page. Gardez le lien du groupe ou le fichier JSON.",
      { kind: "warning", id: "storage" });
    }
    if (isGroupFragment(window.location.hash)) this.openLink(window.location.hash);
    else this.resume();
    window.addEventListener("hashchange", () => {
      if (isGroupFragment(window.location.hash)) this.openLink(window.location.hash);
    });
    this.renderMembers();
    this.render();
  }

  // --- messages -------------------------------------------------------------

  notice(text, { kind = "info", id = null, details = [] } = {}) {
    const box = this.part("messages");
    if (id) box.querySelector(`[data-notice="${id}"]`)?.remove();
    const item = h("div", { class: `coop-st__notice coop-st__notice--${kind}`, "data-notice": id }, h("p", {}, text));
    if (details.length) item.append(h("ul", {}, details.map((d) => h("li", {}, d))));
    box.append(item);
    return item;
  }

  resetNotices() {
    this.part("messages").replaceChildren();
  }

  // --- gathering members -----------------------------------------------------

  /** Adds candidates ([{label|null, answers}]) from `where`; returns {added, problems}. */
  add(candidates, where) {
    const problems = [];
    let added = 0;
    const keys = new Map(this.members.map((m) => [answersKey(this.data, m.answers), m.label]));
    for (const candidate of candidates) {
      if (this.members.length >= this.limits.max_members) {
        problems.push(`${where} : au plus ${this.limits.max_members} membres par synthèse ; ce membre et les suivants `
          + "n’ont pas été chargés.");
        break;
      }
      const key = answersKey(this.data, candidate.answers);
      if (keys.has(key)) {
        problems.push(`${where} : en double, mêmes réponses que « ${keys.get(key)} » déjà chargé ; ignoré.`);
        continue;
      }
      const label = candidate.label ?? defaultLabel(this.members.length);
      this.members.push({ label: cleanLabel(label, this.members.length), answers: candidate.answers });
      keys.set(key, this.members[this.members.length - 1].label);
      added += 1;
    }
    return { added, problems };
  }

  report(added, problems) {
    this.resetNotices();
    if (added) this.notice(`${plural(added, "membre ajouté", "membres ajoutés")} ; la synthèse réunit `
      + `${plural(this.members.length, "membre", "membres")}.`, { id: "added" });
    if (problems.length) {
      const shown = problems.slice(0, 20);
      if (problems.length > shown.length) shown.push(`… et ${problems.length - shown.length} autres problèmes.`);
      this.notice(`${plural(problems.length, "entrée n’a pas été chargée", "entrées n’ont pas été chargées")} `
        + "(les autres l’ont été) :", { kind: "error", id: "problems", details: shown });
    }
    if (!added && !problems.length) this.notice("Rien à ajouter : collez au moins un lien de résultats.", { id: "added" });
    this.changed();
  }

  addPasted() {
    const field = this.part("links");
    const text = field.value;
    const lines = text.split(/\r\n|\r|\n/);
    const read = readPasted(this.data, text, this.limits);
    if (read.tooLong) {
      this.resetNotices();
      this.notice(`Le texte collé est trop long (${Math.round(text.length / 1000)} milliers de caractères ; au plus `
        + `${this.limits.max_paste / 1000} milliers). Collez seulement les liens, au plus ${this.limits.max_members} membres.`,
      { kind: "error", id: "problems" });
      field.focus();
      return;
    }
    const found = read.problems.map((p) => ({ line: p.line, text: `${p.where} (« ${snippet(lines[p.line - 1])} ») : ${p.message}` }));
    let added = 0;
    for (const entry of read.entries) {
      const result = this.add(entry.members, `${entry.where} (« ${snippet(lines[entry.line - 1])} »)`);
      added += result.added;
      found.push(...result.problems.map((text) => ({ line: entry.line, text })));
      if (this.members.length >= this.limits.max_members && result.problems.length) break;
    }
    field.value = "";
    this.report(added, found.sort((a, b) => a.line - b.line).map((p) => p.text));
    // Keyboard and screen reader users land on what was loaded; the messages sit just above.
    if (added) this.part("members-box").querySelector("h2").focus();
  }

  async addFiles(files, input = null) {
    let added = 0;
    const problems = [];
    for (const file of files) {
      if (file.size > this.limits.max_paste * 10) {
        problems.push(`Fichier « ${file.name} » : trop volumineux (${Math.round(file.size / 1000)} Ko) pour un export `
          + "de l’autodiagnostic ; il n’a pas été lu.");
        continue;
      }
      let text = "";
      try {
        text = await file.text();
      } catch {
        text = "";
      }
      const read = readFile(this.data, text);
      if (!read.ok) {
        problems.push(`Fichier « ${file.name} » : ${read.errors.slice(0, 3).join(" ")}`);
        continue;
      }
      const result = this.add(read.members, `Fichier « ${file.name} »`);
      added += result.added;
      problems.push(...result.problems);
    }
    if (input) input.value = "";
    this.report(added, problems);
  }

  wireDrop(zone) {
    const stop = (event) => {
      event.preventDefault();
      event.stopPropagation();
    };
    for (const type of ["dragenter", "dragover"]) {
      zone.addEventListener(type, (event) => {
        stop(event);
        zone.classList.add("coop-co__drop--over");
      });
    }
    zone.addEventListener("dragleave", () => zone.classList.remove("coop-co__drop--over"));
    zone.addEventListener("drop", (event) => {
      stop(event);
      zone.classList.remove("coop-co__drop--over");
      const files = [...(event.dataTransfer?.files || [])];
      if (files.length) this.addFiles(files);
    });
  }

  addOwn() {
    const own = openStorage(this.data.grid.id, this.data.grid.version).load();
    const { answers } = own.status === "ok" ? validateAnswers(this.data, own.answers) : { answers: {} };
    if (!Object.keys(answers).length) {
      this.resetNotices();
      this.notice("Aucune réponse de l’autodiagnostic n’est enregistrée dans ce navigateur. Faites d’abord le test, "
        + "puis revenez ici.", { kind: "error", id: "problems" });
      return;
    }
    const result = this.add([{ label: null, answers }], "Mes propres réponses");
    this.report(result.added, result.problems);
  }

  openLink(hash) {
    const decoded = decodeGroupFragment(this.data, hash);
    this.resetNotices();
    if (!decoded.ok) {
      this.notice(`Ce lien de groupe ne peut pas être ouvert : ${decoded.message}`, { kind: "error", id: "problems" });
      this.resume();
      return;
    }
    this.members = [];
    const result = this.add(decoded.members, "Lien de groupe");
    this.notice(`Synthèse ouverte depuis un lien de groupe : ${plural(this.members.length, "membre", "membres")}. `
      + "Elle remplace, dans ce navigateur, la synthèse enregistrée.", { id: "added" });
    const problems = [...decoded.problems, ...result.problems];
    if (problems.length) this.notice("Une partie du lien n’a pas pu être lue :", { kind: "error", id: "problems", details: problems });
    this.changed();
    // From now on the saved synthesis is the reference: a reload keeps the names edited since.
    this.forgetFragment();
  }

  forgetFragment() {
    try {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    } catch {
      // some sandboxes forbid it: the fragment stays, the page still works
    }
  }

  resume() {
    const saved = this.store.load();
    if (saved.status === "corrupt") {
      this.notice("La synthèse enregistrée dans ce navigateur est illisible : elle a été ignorée.", { kind: "warning", id: "corrupt" });
      return;
    }
    if (saved.status !== "ok" || !Array.isArray(saved.answers.members)) return;
    this.members = [];
    const candidates = saved.answers.members.map((m, i) => ({ label: cleanLabel(m && m.label, i),
      answers: validateAnswers(this.data, m && m.answers).answers }));
    this.add(candidates, "Synthèse enregistrée");
    if (this.members.length) {
      this.notice(`La synthèse enregistrée dans ce navigateur a été reprise (${plural(this.members.length, "membre", "membres")}).`,
        { id: "resumed" });
    }
  }

  // --- members -------------------------------------------------------------------

  onLabel(input, done) {
    if (!input.matches("input[data-label]")) return;
    const index = Number(input.dataset.label);
    this.members[index].label = done ? cleanLabel(input.value, index) : input.value;
    if (done) {
      input.value = this.members[index].label;
      this.changed(false);
    } else {
      this.save();
    }
  }

  remove(index) {
    const [gone] = this.members.splice(index, 1);
    this.resetNotices();
    this.notice(`« ${gone.label} » a été retiré de la synthèse.`, { id: "added" });
    this.changed();
    const next = this.part("members").querySelector("input[data-label]") || this.part("links");
    next.focus();
  }

  clear() {
    this.members = [];
    this.store.clear();
    this.part("links").value = "";
    this.resetNotices();
    this.notice("La synthèse a été effacée de ce navigateur.", { id: "cleared" });
    if (isGroupFragment(window.location.hash)) this.forgetFragment();
    this.changed();
  }

  save() {
    if (!this.store.available) return;
    if (!this.members.length) {
      this.store.clear();
      return;
    }
    if (!this.store.save({ members: this.members.map((m) => ({ label: m.label, answers: m.answers })) })) {
      this.notice("La synthèse n’a pas pu être enregistrée dans ce navigateur (espace plein ou refusé).",
        { kind: "warning", id: "storage" });
    }
  }

  changed(rebuildMembers = true) {
    this.save();
    if (rebuildMembers) this.renderMembers();
    this.render();
  }

  // --- rendering -------------------------------------------------------------------

  renderMembers() {
    const list = this.part("members");
    list.replaceChildren(...this.members.map((member, i) => h("li", { class: "coop-co__member" },
      h("label", { for: `co-label-${i}` }, `Nom du membre ${i + 1}`),
      h("input", { type: "text", id: `co-label-${i}`, "data-label": i, value: member.label, maxlength: 60,
        autocomplete: "off", class: "coop-co__field" }),
      h("span", { class: "coop-co__member-count" }, `${plural(Object.keys(member.answers).length, "réponse", "réponses")}`),
      h("button", { type: "button", class: "coop-st__btn coop-st__noprint", "data-remove": i },
        "Retirer", h("span", { class: "coop-sr-only" }, ` ${member.label}`)))));
    this.part("members-box").hidden = !this.members.length;
  }

  render() {
    const section = this.part("synthesis");
    section.hidden = !this.members.length;
    if (!this.members.length) {
      this.part("synthesis-body").replaceChildren();
      this.part("compare-box").replaceChildren();
      this.compareView = null;
      return;
    }
    this.synthesis = synthesize(this.data, this.members.map((m) => m.answers),
      { debateCount: this.limits.debate_count, priorityCount: this.limits.priority_count });
    this.part("synthesis-body").replaceChildren(...synthesisView(this.data, this.members, this.synthesis));
    this.part("share-box").hidden = true;
    if (this.compareView) this.compareView.refresh();
  }

  // --- keeping and sharing ------------------------------------------------------------

  groupLink() {
    const page = new URL(this.data.root + this.data.collective_page, window.location.href);
    return page.href.split("#")[0] + groupFragment(this.data, this.members);
  }

  async share() {
    const { link_max_members: most, link_max_length: longest } = this.limits;
    const link = this.groupLink();
    this.resetNotices();
    if (this.members.length > most || link.length > longest) {
      this.notice(`Ce groupe ne tient pas dans un lien : un lien de groupe porte au plus ${most} membres et `
        + `${longest} caractères (celui-ci : ${plural(this.members.length, "membre", "membres")}, ${link.length} caractères). `
        + "Des noms plus courts peuvent suffire ; sinon, gardez la synthèse en fichier JSON.", { kind: "error", id: "share" });
      return;
    }
    this.part("share-link").value = link;
    this.part("share-box").hidden = false;
    const copied = await copyText(link);
    this.notice(copied ? "Le lien du groupe a été copié. Il contient les réponses et les noms des membres."
      : "Copiez le lien affiché sous les boutons (la copie automatique n’est pas permise ici).", { id: "share" });
    if (!copied) {
      this.part("share-link").focus();
      this.part("share-link").select();
    }
  }

  fileName(extension) {
    return `diagnostic-mutuel-${new Date().toISOString().slice(0, 10)}.${extension}`;
  }

  exportJson() {
    const payload = groupExport(this.data, this.members, synthesisForExport(this.synthesis));
    download(this.fileName("json"), `${JSON.stringify(payload, null, 2)}\n`, "application/json");
  }

  exportCsv() {
    download(this.fileName("csv"), groupCsv(this.data, this.members, this.synthesis), "text/csv;charset=utf-8");
  }

  async openCompare() {
    const { openCompare } = await import("./compare-view.js");
    this.compareView = openCompare({ data: this.data, box: this.part("compare-box"), mode: "group",
      current: () => ({ members: this.members.map((m) => m.answers) }) });
  }
}

function boot() {
  for (const root of document.querySelectorAll("[data-coop-collective]")) {
    try {
      new Collective(root).start();
    } catch (error) {
      root.querySelector('[data-co="messages"]')?.append(h("p", { class: "coop-st__notice coop-st__notice--error" },
        "Le diagnostic mutuel n’a pas pu démarrer dans ce navigateur."));
      console.error(error);
    }
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
