// The indicators of a quote, in the editor: the chosen ones (each can be removed), the three the
// suggester ranks best for the quote's text with the words that matched (one click adds one,
// never on its own), and the whole grid to search by number or words. A Decap CMS widget
// (`coop-indicators`, coopsite/editor/config.py) that writes the same list as before: ids.

import { fold, loadIndex, rank } from "./suggest.js";

const TEXT_LABEL = "Texte de la citation"; // the label of a quote's text field (case.schema.json)

const asArray = (value) => (value && typeof value.toJS === "function" ? value.toJS()
  : Array.isArray(value) ? value : value ? [value] : []);

// The text box of the quote this widget belongs to: the nearest « Texte de la citation » above it.
export function quoteTextBox(element, label = TEXT_LABEL) {
  for (let node = element && element.parentElement; node; node = node.parentElement) {
    for (const candidate of node.querySelectorAll("label")) {
      if (!candidate.textContent.trim().startsWith(label)) continue;
      const box = candidate.htmlFor ? document.getElementById(candidate.htmlFor) : null;
      if (box && (box.tagName === "TEXTAREA" || box.tagName === "INPUT")) return box;
    }
  }
  return null;
}

// Indicators whose number or title hold every word typed (accents and case aside).
export function search(grid, query) {
  const wanted = fold(query).split(/\s+/).filter(Boolean);
  const found = [];
  for (const objective of grid) {
    for (const indicator of objective.indicators) {
      const haystack = fold(`${indicator.id} ${indicator.title} ${objective.title}`);
      if (wanted.every((word) => haystack.includes(word))) found.push({ ...indicator, objective });
    }
  }
  return found;
}

export function registerIndicatorWidget(CMS, coop) {
  const h = window.h;
  const titles = coop.indicators;
  const url = new URL(coop.suggestions, document.baseURI).href;

  const Control = window.createClass({
    getInitialState() {
      return { query: "", suggestions: [], unavailable: "" };
    },
    componentDidMount() {
      this.box = quoteTextBox(this.root);
      this.refresh = () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.suggest(), 250);
      };
      if (this.box) this.box.addEventListener("input", this.refresh);
      this.suggest();
    },
    componentWillUnmount() {
      clearTimeout(this.timer);
      if (this.box) this.box.removeEventListener("input", this.refresh);
    },
    suggest() {
      const text = this.box ? this.box.value : "";
      loadIndex(url).then((index) => {
        if (this.root) this.setState({ suggestions: text.trim() ? rank(index, text) : [], unavailable: "" });
      }).catch(() => {
        if (this.root) this.setState({ unavailable: "Les suggestions ne sont pas disponibles dans cette construction du site." });
      });
    },
    chosen() {
      return asArray(this.props.value).filter(Boolean);
    },
    set(ids) {
      // The same kind of list as Decap's own (an Immutable List), made from the entry's data.
      const empty = this.props.entry.get("data").toList().clear();
      this.props.onChange(empty.push(...ids));
    },
    add(id) {
      const chosen = this.chosen();
      if (!chosen.includes(id)) this.set([...chosen, id]);
    },
    remove(id) {
      this.set(this.chosen().filter((item) => item !== id));
    },
    render() {
      const chosen = this.chosen();
      const { forID, classNameWrapper } = this.props;
      const { query, suggestions, unavailable } = this.state;
      const results = query.trim() ? search(coop.grid, query) : [];
      return h("div", { className: `${classNameWrapper} coop-picker`, ref: (el) => { this.root = el; } },
        h("p", { className: "coop-picker__chosen-label", id: `${forID}-chosen` },
          chosen.length ? "Indicateurs choisis :" : "Aucun indicateur choisi pour l’instant."),
        chosen.length ? h("ul", { className: "coop-picker__chosen", "aria-labelledby": `${forID}-chosen` },
          ...chosen.map((id) => h("li", { key: id },
            h("span", null, `${id} — ${titles[id] || "indicateur inconnu"}`), " ",
            h("button", { type: "button", className: "coop-picker__remove", onClick: () => this.remove(id),
              "aria-label": `Retirer ${id}` }, "Retirer")))) : null,
        h("div", { className: "coop-picker__suggestions", role: "group", "aria-labelledby": `${forID}-suggested` },
          h("p", { id: `${forID}-suggested` }, h("strong", null, "Suggestions"),
            " (à confirmer : lisez la citation, puis ajoutez celles qui conviennent)"),
          unavailable ? h("p", null, unavailable)
            : !suggestions.length ? h("p", null, "Aucune suggestion : aucun mot de la citation ne se retrouve dans la grille.")
              : h("ol", null, ...suggestions.map((s) => h("li", { key: s.id },
                h("button", { type: "button", className: "coop-picker__add", disabled: chosen.includes(s.id),
                  onClick: () => this.add(s.id) },
                chosen.includes(s.id) ? `${s.id} déjà choisi` : `Ajouter ${s.id} — ${s.title}`),
                h("span", { className: "coop-picker__words" }, ` mots : ${s.matched.join(", ")}`))))),
        h("label", { htmlFor: forID, className: "coop-picker__search-label" }, "Chercher dans la grille (numéro ou mots)"),
        h("input", { id: forID, type: "search", value: query, autoComplete: "off",
          "aria-describedby": `${forID}-search-help`,
          onChange: (event) => this.setState({ query: event.target.value }),
          onKeyDown: (event) => { // Enter adds the first indicator found
            if (event.key !== "Enter") return;
            event.preventDefault();
            const first = results.find((ind) => !chosen.includes(ind.id));
            if (first) {
              this.add(first.id);
              this.setState({ query: "" });
            }
          } }),
        h("p", { id: `${forID}-search-help`, className: "coop-picker__words" },
          "Entrée ajoute le premier indicateur trouvé."),
        query.trim() ? h("ul", { className: "coop-picker__results", "aria-live": "polite" },
          results.length ? results.slice(0, 12).map((ind) => h("li", { key: ind.id },
            h("button", { type: "button", className: "coop-picker__add", disabled: chosen.includes(ind.id),
              onClick: () => this.add(ind.id) },
            chosen.includes(ind.id) ? `${ind.id} déjà choisi` : `Ajouter ${ind.id} — ${ind.title}`),
            h("span", { className: "coop-picker__words" }, ` (${ind.objective.id} ${ind.objective.title})`)))
            : [h("li", { key: "none" }, "Aucun indicateur ne contient ces mots.")]) : null);
    },
  });
  CMS.registerWidget("coop-indicators", Control);
}
