// The editor's start: Decap CMS (loaded before this module, with
// CMS_MANUAL_INIT), configured from /admin/config.json, which the build
// generates from the schemas and the grid (coopsite/editor/config.py).

import { CORE_SCHEMA, load } from "js-yaml";
import { mountImport } from "./import.js";
import { registerIndicatorWidget } from "./indicators.js";
import { completeFrench } from "./locale.js";
import { nameControls } from "./names.js";
import { registerPreviews } from "./preview.js";
import { problems } from "./rules.js";
import { makeFormat } from "./yaml.js";

const status = document.getElementById("coop-editor-status");
const loading = document.getElementById("coop-editor-loading");

function fail(message) {
  if (loading) loading.textContent = message;
}

async function start() {
  const CMS = window.CMS;
  if (!CMS) {
    fail("L’éditeur n’a pas pu être chargé (fichier vendor/decap-cms manquant ou illisible).");
    return;
  }
  const response = await fetch(new URL("config.json", document.baseURI));
  if (!response.ok) {
    fail(`La configuration de l’éditeur est introuvable (config.json : erreur ${response.status}).`);
    return;
  }
  const { decap, coop } = await response.json();
  const parse = (text) => load(text, { schema: CORE_SCHEMA });
  for (const collection of decap.collections) {
    CMS.registerCustomFormat(collection.format, collection.extension,
      makeFormat(coop.collections[collection.name], coop.one_or_many, parse));
  }
  // The same rules as the build, before anything is written: a save that
  // breaks one stops here, with the build's French sentence.
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const found = problems(entry.get("collection"), entry.get("data").toJS(),
        { coop, slug: entry.get("slug"), isNew: Boolean(entry.get("newRecord")) });
      if (found.length) throw new Error(found.join(" ; "));
      return entry.get("data");
    },
  });
  completeFrench(CMS);
  const styles = new URL("../assets/stylesheets/coop.css", document.baseURI).href;
  CMS.registerPreviewStyle(styles);
  CMS.registerPreviewStyle(new URL("../assets/editor/preview.css", document.baseURI).href);
  registerPreviews(CMS, coop);
  registerIndicatorWidget(CMS, coop);
  window.coopEditor = { coop, decap };
  CMS.init({ config: decap });
  nameControls();
  status.hidden = true;
  // On this computer's files (python3 tasks.py edit), a report can become drafts.
  if (coop.backend === "local") mountImport(decap.backend.proxy_url);
}

start().catch((error) => fail(`L’éditeur n’a pas pu démarrer : ${error.message}`));
