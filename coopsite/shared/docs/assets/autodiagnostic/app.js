// The self-test page: reads the grid payload embedded by coopsite/selftest.py,
// wires the form, autosave, results, share link, files and, inside an iframe,
// posts the page height to the host (and listens to nothing).

import { UNKNOWN, computeScores, weakest } from "./scoring.js";
import { decodeFragment, exportData, fragmentFor, isResultFragment, parseImport, scoresCsv, validateAnswers }
  from "./encoding.js";
import { openStorage } from "./storage.js";
import { radarChart } from "./chart.js";
import { copyText, download, h, percentText, plural } from "./dom.js";

const HEIGHT_MESSAGE = "coopsite:autodiagnostic:height";

function bar(percent) {
  const meter = h("span", { class: "coop-st__bar", "aria-hidden": "true" });
  meter.append(h("span", { class: "coop-st__bar-fill", style: `width: ${percent ?? 0}%` }));
  return meter;
}

class SelfTest {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("script.coop-st-data").textContent);
    this.form = this.part("form");
    this.embed = root.dataset.embed === "true";
    this.store = openStorage(this.data.grid.id, this.data.grid.version);
    this.answers = {};
    this.shared = null;
    this.saveFailed = false;
  }

  part(name) {
    return this.root.querySelector(`[data-st="${name}"]`);
  }

  start() {
    this.form.addEventListener("change", (event) => {
      if (event.target.type === "radio") this.onAnswer();
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault(); // « Voir mes résultats »: focus (and so scroll to) the results
      this.part("results").querySelector("h2").focus();
    });
    this.part("clear").addEventListener("click", () => this.clear());
    this.part("import").addEventListener("change", (event) => this.importFile(event.target));
    this.part("share").addEventListener("click", () => this.share());
    this.part("export-json").addEventListener("click", () => this.exportJson());
    this.part("export-csv").addEventListener("click", () => this.exportCsv());
    this.part("print").addEventListener("click", () => window.print());
    this.part("compare").addEventListener("click", () => this.openCompare());
    this.part("load-shared").addEventListener("click", () => this.loadShared());
    this.part("leave-shared").addEventListener("click", () => this.leaveShared(true));
    this.resume();
    this.route();
    window.addEventListener("hashchange", () => this.route());
    this.render();
  }

  // --- messages -----------------------------------------------------------

  notice(text, { kind = "info", actions = [], id = null } = {}) {
    const box = this.part("messages");
    if (id) box.querySelector(`[data-notice="${id}"]`)?.remove();
    const item = h("div", { class: `coop-st__notice coop-st__notice--${kind}`, "data-notice": id });
    item.append(h("p", {}, text));
    if (actions.length) {
      const row = h("p", { class: "coop-st__actions" });
      for (const { label, run } of actions) {
        const button = h("button", { type: "button", class: "coop-st__btn" }, label);
        button.addEventListener("click", () => {
          item.remove();
          run();
        });
        row.append(button);
      }
      item.append(row);
    }
    box.append(item);
    return item;
  }

  dropNotice(id) {
    this.part("messages").querySelector(`[data-notice="${id}"]`)?.remove();
  }

  // --- answers ------------------------------------------------------------

  readForm() {
    const answers = {};
    for (const ind of this.data.indicators) {
      const checked = this.form.querySelector(`input[name="${ind.slug}"]:checked`);
      if (!checked) continue;
      answers[ind.id] = checked.value === UNKNOWN ? UNKNOWN : Number(checked.value);
    }
    return answers;
  }

  writeForm(answers) {
    for (const ind of this.data.indicators) {
      const answer = answers[ind.id];
      for (const input of this.form.querySelectorAll(`input[name="${ind.slug}"]`)) {
        input.checked = answer !== undefined && input.value === String(answer);
      }
    }
  }

  resume() {
    if (!this.store.available) {
      this.notice("Ce navigateur ne permet pas d’enregistrer vos réponses ici (navigation privée ou cadre intégré "
        + "restreint) : l’autodiagnostic fonctionne, mais vos réponses seront perdues en quittant la page. "
        + "Pour les garder, téléchargez-les (JSON) ou copiez le lien de vos résultats.", { kind: "warning", id: "storage" });
    }
    const others = this.store.otherKeys();
    if (others.length) {
      this.notice("Des réponses enregistrées pour une autre version de la grille ont été trouvées dans ce navigateur. "
        + "Les questions ont pu changer : elles ne sont pas reprises dans ce test.", {
        kind: "warning", id: "other-version",
        actions: [{ label: "Effacer ces anciennes réponses", run: () => {
          this.store.clearOthers();
          this.notice("Les anciennes réponses ont été effacées.", { id: "other-version-done" });
        } }],
      });
    }
    const saved = this.store.load();
    if (saved.status === "corrupt") {
      this.notice("Les réponses enregistrées dans ce navigateur sont illisibles : elles ont été ignorées. "
        + "Le test repart de zéro ; elles seront remplacées à votre prochaine réponse.", { kind: "warning", id: "corrupt" });
    } else if (saved.status === "ok") {
      const { answers, errors } = validateAnswers(this.data, saved.answers);
      if (errors.length) {
        this.notice("Une partie des réponses enregistrées ne correspond pas à cette grille : elle a été ignorée.",
          { kind: "warning", id: "corrupt" });
      }
      this.answers = answers;
      this.writeForm(answers);
      const count = Object.keys(answers).length;
      if (count) {
        this.notice(count === 1 ? "Votre réponse enregistrée a été reprise."
          : `Vos ${count} réponses enregistrées ont été reprises.`, { id: "resumed" });
      }
    }
  }

  onAnswer() {
    this.answers = this.readForm();
    this.save();
    this.render();
  }

  save() {
    if (!this.store.available) return;
    const saved = Object.keys(this.answers).length ? this.store.save(this.answers) : (this.store.clear(), true);
    if (!saved && !this.saveFailed) {
      this.saveFailed = true;
      this.notice("Vos réponses n’ont pas pu être enregistrées dans ce navigateur (espace plein ou refusé). "
        + "L’autodiagnostic continue de fonctionner sans enregistrer.", { kind: "warning", id: "storage" });
    }
  }

  clear() {
    this.answers = {};
    this.form.reset();
    this.writeForm({});
    this.store.clear();
    this.part("share-box").hidden = true;
    this.dropNotice("resumed");
    this.notice("Vos réponses ont été effacées de ce navigateur.", { id: "cleared" });
    this.render();
  }

  // --- shared results (read-only) -------------------------------------------

  route() {
    const hash = window.location.hash;
    this.dropNotice("fragment");
    if (!isResultFragment(hash)) {
      if (this.shared) this.leaveShared(false);
      return;
    }
    const decoded = decodeFragment(this.data, hash);
    if (!decoded.ok) {
      this.notice(`${decoded.message} Vous pouvez faire votre propre test ci-dessous.`, { kind: "error", id: "fragment" });
      if (this.shared) this.leaveShared(false);
      return;
    }
    this.shared = decoded.answers;
    this.form.hidden = true;
    this.part("results").hidden = true;
    const section = this.part("shared");
    section.hidden = false;
    this.part("shared-warning").hidden = !Object.keys(this.answers).length || !this.store.available;
    this.renderResults(this.part("shared-body"), this.shared, "st-shared");
    this.postHeight();
  }

  forgetFragment() {
    try {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    } catch {
      // some sandboxes forbid it: the fragment stays, the page still works
    }
  }

  leaveShared(userAction) {
    this.shared = null;
    this.part("shared").hidden = true;
    this.part("shared-body").replaceChildren();
    this.form.hidden = false;
    this.part("results").hidden = false;
    if (userAction) {
      this.forgetFragment();
      this.form.querySelector("h2")?.setAttribute("tabindex", "-1");
      this.form.querySelector("h2")?.focus();
    }
    this.render();
  }

  loadShared() {
    const answers = this.shared;
    this.answers = { ...answers };
    this.writeForm(this.answers);
    this.save();
    this.leaveShared(true);
    this.notice("Les réponses du lien ont été chargées dans votre test : vous pouvez les modifier.", { id: "loaded" });
  }

  // --- rendering ------------------------------------------------------------

  render() {
    const total = this.data.indicators.length;
    const answered = Object.keys(this.answers).length;
    const unknown = Object.values(this.answers).filter((a) => a === UNKNOWN).length;
    this.part("progress").replaceChildren(`${answered} / ${total} questions répondues`, unknown
      ? h("span", { class: "coop-st__more" }, ` (dont ${unknown} « ${this.data.scale.unknown_label} »)`) : "");
    this.part("dock").style.setProperty("--st-done", `${(100 * answered) / total}%`);
    const scores = computeScores(this.data, this.answers);
    const summary = this.part("summary");
    const actions = this.part("result-actions");
    if (scores.overall.percent === null) {
      summary.textContent = answered
        ? "Aucune réponse chiffrée pour l’instant : les réponses « ne sait pas » ne donnent pas de score."
        : "Répondez à au moins une question pour voir vos résultats.";
      this.part("results-body").replaceChildren();
      actions.hidden = !answered;
    } else {
      summary.textContent = `Score global : ${percentText(scores.overall.percent)}, `
        + `${scores.overall.band ? scores.overall.band.label : ""} (${answered} / ${total} questions répondues).`;
      this.renderResults(this.part("results-body"), this.answers, "st-own", scores);
      actions.hidden = false;
    }
    this.compareView?.refresh();
    this.postHeight();
  }

  /** « Comparer avec un résultat précédent »: its code loads only when asked for. */
  async openCompare() {
    const { openCompare } = await import("./compare-view.js");
    this.compareView = openCompare({ data: this.data, box: this.part("compare-box"), mode: "individual",
      current: () => ({ answers: this.answers }), linkTarget: this.embed ? { target: "_blank", rel: "noopener" } : {} });
    this.postHeight();
  }

  renderResults(container, answers, prefix, scores = computeScores(this.data, answers)) {
    const { data } = this;
    const overall = scores.overall;
    const body = [];
    if (prefix === "st-shared") {
      body.push(h("p", { class: "coop-st__summary" }, overall.percent === null
        ? "Ce lien ne contient aucune réponse chiffrée."
        : `Score global : ${percentText(overall.percent)}, ${overall.band ? overall.band.label : ""}.`));
    }
    if (overall.band) {
      body.push(h("div", { class: "coop-st__band" },
        h("p", { class: "coop-st__band-label" }, `Degré de coopération : ${overall.band.label}`),
        h("p", {}, overall.band.interpretation)));
    }
    body.push(h("p", {}, `${plural(overall.answered, "réponse prise", "réponses prises")} en compte, `
      + `${plural(overall.unknown, "réponse", "réponses")} « ${data.scale.unknown_label} » (hors moyennes), `
      + `${plural(overall.unanswered, "question", "questions")} sans réponse.`));

    // General objectives: a table with bars.
    const generals = h("table", { class: "coop-st__table" },
      h("caption", {}, "Score par objectif général"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Objectif général"), h("th", { scope: "col" }, "Score"),
        h("th", { scope: "col" }, "Réponses"), h("th", { scope: "col" }, "Ne sait pas"))),
      h("tbody", {}, scores.generals.map((g) => h("tr", {},
        h("th", { scope: "row" }, `${g.id}. ${g.title}`),
        h("td", { class: "coop-st__score" }, bar(g.percent), h("span", {}, percentText(g.percent))),
        h("td", {}, `${g.answered} / ${g.total}`), h("td", {}, String(g.unknown))))));
    body.push(h("h3", {}, "Les objectifs généraux"), h("div", { class: "coop-st__scroll" }, generals));

    // Main objectives: radar + its data table.
    const tableId = `${prefix}-mains`;
    const figure = h("figure", { class: "coop-st__figure" },
      radarChart(scores.mains, "Radar des scores par objectif principal ; les valeurs sont dans le tableau qui suit."),
      h("figcaption", {}, "Plus la surface est grande, plus la coopération est avancée. Un point creux au centre : "
        + "objectif sans réponse chiffrée."));
    const mains = h("table", { class: "coop-st__table", id: tableId },
      h("caption", {}, "Score par objectif principal"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Objectif principal"), h("th", { scope: "col" }, "Score"),
        h("th", { scope: "col" }, "Réponses"), h("th", { scope: "col" }, "Ne sait pas"))),
      h("tbody", {}, scores.mains.map((m) => h("tr", {},
        h("th", { scope: "row" }, `${m.id}. ${m.title}`), h("td", {}, percentText(m.percent)),
        h("td", {}, `${m.answered} / ${m.total}`), h("td", {}, String(m.unknown))))));
    body.push(h("h3", {}, "Les objectifs principaux"), figure, h("div", { class: "coop-st__scroll" }, mains));

    // Recommendations.
    body.push(h("h3", {}, "Pistes de progrès"));
    const weak = weakest(scores);
    if (!weak.length) {
      body.push(h("p", {}, "Aucun objectif principal chiffré en dessous de 100 % : pas de piste prioritaire."));
    } else {
      body.push(h("p", {}, `Les ${plural(weak.length, "objectif principal", "objectifs principaux")} au score le plus `
        + "bas, et les indicateurs à travailler en priorité, avec les témoignages qui les illustrent."));
      for (const main of weak) body.push(this.recommendation(main, answers));
    }
    container.replaceChildren(...body);
  }

  recommendation(main, answers) {
    const { data } = this;
    const link = (url) => data.root + url;
    const target = this.embed ? { target: "_blank", rel: "noopener" } : {};
    const newWindow = () => (this.embed ? h("span", { class: "coop-sr-only" }, " (nouvelle fenêtre)") : null);
    const indicators = data.indicators
      .filter((ind) => ind.main_objective_id === main.id && typeof answers[ind.id] === "number"
        && answers[ind.id] < data.scale.max)
      .sort((a, b) => answers[a.id] - answers[b.id]);
    const list = h("ul", { class: "coop-st__todo" }, indicators.map((ind) => {
      const level = data.scale.levels.find((l) => l.value === answers[ind.id]);
      const more = (ind.quote_count || 0) - ind.quotes.length;
      const quotes = ind.quotes.length
        ? h("ul", { class: "coop-st__quotes" }, ind.quotes.map((q) => h("li", {},
          h("a", { href: link(q.url), ...target }, `« ${q.text} »`, newWindow()), ` ${q.credit}`)),
          more > 0 ? h("li", {}, h("a", { href: link(ind.url), ...target },
            `${more} autre${more > 1 ? "s" : ""} témoignage${more > 1 ? "s" : ""} sur la page de l’indicateur ${ind.id}`,
            newWindow())) : null)
        : h("p", { class: "coop-st__hint" }, "Aucun témoignage n’illustre encore cet indicateur.");
      return h("li", {},
        h("p", {}, h("a", { href: link(ind.url), ...target }, `${ind.id} · ${ind.title}`, newWindow()),
          ` : votre réponse « ${level ? level.label : ""} »`),
        quotes);
    }));
    return h("div", { class: "coop-st__reco" },
      h("h4", {}, `${main.id}. ${main.title} : ${percentText(main.percent)}`),
      indicators.length ? list : h("p", {}, "Pas d’indicateur chiffré en dessous du maximum."));
  }

  // --- share, files -----------------------------------------------------------

  shareLink() {
    const page = new URL(this.data.root + this.data.page, window.location.href);
    return page.href.split("#")[0] + fragmentFor(this.data, this.answers);
  }

  async share() {
    const link = this.shareLink();
    const box = this.part("share-box");
    const field = this.part("share-link");
    field.value = link;
    box.hidden = false;
    const copied = await copyText(link);
    this.notice(copied ? "Le lien de vos résultats a été copié. Il contient vos réponses, pas votre nom."
      : "Copiez le lien affiché sous les boutons (la copie automatique n’est pas permise ici).", { id: "share" });
    if (!copied) {
      field.focus();
      field.select();
    }
    this.postHeight();
  }

  fileName(extension) {
    return `autodiagnostic-cooperation-${new Date().toISOString().slice(0, 10)}.${extension}`;
  }

  exportJson() {
    const scores = computeScores(this.data, this.answers);
    const payload = exportData(this.data, this.answers, scores);
    download(this.fileName("json"), `${JSON.stringify(payload, null, 2)}\n`, "application/json");
  }

  exportCsv() {
    const scores = computeScores(this.data, this.answers);
    download(this.fileName("csv"), scoresCsv(this.data, this.answers, scores), "text/csv;charset=utf-8");
  }

  async importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    let text = "";
    try {
      text = await file.text();
    } catch {
      text = "";
    }
    input.value = "";
    const result = parseImport(this.data, text);
    this.dropNotice("import");
    if (!result.ok) {
      const item = this.notice("Ce fichier n’a pas pu être importé ; vos réponses n’ont pas changé.",
        { kind: "error", id: "import" });
      item.append(h("ul", {}, result.errors.slice(0, 10).map((error) => h("li", {}, error))));
      this.postHeight();
      return;
    }
    this.answers = result.answers;
    this.writeForm(this.answers);
    this.save();
    this.notice(`Fichier importé : ${plural(Object.keys(this.answers).length, "réponse", "réponses")}.`, { id: "import" });
    this.render();
  }

  // --- embedding: the child only posts its height -------------------------------

  postHeight() {
    if (!this.embed || window.parent === window) return;
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === this.lastHeight) return;
    this.lastHeight = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, "*");
  }

  watchHeight() {
    if (!this.embed || window.parent === window) return;
    if ("ResizeObserver" in window) new ResizeObserver(() => this.postHeight()).observe(document.body);
    window.addEventListener("load", () => this.postHeight());
    this.postHeight();
  }
}

function boot() {
  for (const root of document.querySelectorAll("[data-coop-selftest]")) {
    try {
      const test = new SelfTest(root);
      test.start();
      test.watchHeight();
    } catch (error) {
      const box = root.querySelector('[data-st="messages"]');
      if (box) {
        box.append(h("p", { class: "coop-st__notice coop-st__notice--error" },
          "L’autodiagnostic n’a pas pu démarrer dans ce navigateur. Vous pouvez lire les questions, "
          + "mais les scores ne seront pas calculés."));
      }
      console.error(error);
    }
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
