// « Importer un compte rendu », in the local editor (python3 tasks.py edit): the person gives
// a .odt, .docx, .md or .txt file, sees what would be made, then makes the drafts. The file goes
// to the local file server, which reads it with the import's own code (coopsite/importer/,
// via coopsite/editor/local.py): the browser has no parser of its own.

const ACCEPT = ".odt,.docx,.md,.txt";

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function sendReport(proxyUrl, file, write) {
  const data = base64(await file.arrayBuffer());
  const response = await fetch(proxyUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ action: "importReport", params: { name: file.name, data, write } }),
  });
  const answer = await response.json().catch(() => ({ error: `erreur ${response.status}` }));
  if (!response.ok) throw new Error(answer.error || `erreur ${response.status}`);
  return answer;
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child) node.append(child);
  return node;
}

export function mountImport(proxyUrl, root = document.body) {
  const dialog = element("dialog", { className: "coop-import", id: "coop-import" });
  dialog.setAttribute("aria-labelledby", "coop-import-title");
  const input = element("input", { type: "file", accept: ACCEPT, id: "coop-import-file" });
  const read = element("button", { type: "button", textContent: "Lire le compte rendu" });
  const create = element("button", { type: "button", textContent: "Créer les brouillons", hidden: true });
  const show = element("button", { type: "button", textContent: "Voir les témoignages", hidden: true });
  const close = element("button", { type: "button", textContent: "Fermer" });
  // The report can be long: its box scrolls, and takes the focus so that a keyboard scrolls it too.
  const output = element("pre", { className: "coop-import__report", hidden: true, tabIndex: 0 });
  output.setAttribute("aria-label", "Ce que l’import a lu");
  const status = element("p", { className: "coop-import__status", role: "status" });
  dialog.append(
    element("h2", { id: "coop-import-title", textContent: "Importer un compte rendu" }),
    element("p", { textContent: "Le compte rendu de la table ronde (.odt, .docx, .md ou .txt) devient la table ronde et un "
      + "témoignage par témoin, en brouillon, avec les citations telles qu’écrites. Rien n’est écrit avant que vous "
      + "ne confirmiez, et aucun fichier existant n’est remplacé. Guide : « Importer un compte rendu »." }),
    element("p", {}, element("label", { htmlFor: input.id, textContent: "Le compte rendu : " }), input),
    element("p", { className: "coop-import__actions" }, read, create, show, close),
    status, output);
  const opener = element("button", { type: "button", className: "coop-import__open", textContent: "Importer un compte rendu" });
  opener.setAttribute("aria-haspopup", "dialog");
  root.append(opener, dialog);

  const say = (text, report = "") => {
    status.textContent = text;
    output.textContent = report;
    output.hidden = !report;
  };
  const run = async (write) => {
    const file = input.files && input.files[0];
    if (!file) {
      say("Choisissez d’abord le fichier du compte rendu.");
      return;
    }
    read.disabled = create.disabled = true;
    say(write ? "Création des brouillons…" : "Lecture du compte rendu…");
    try {
      const answer = await sendReport(proxyUrl, file, write);
      if (answer.existing.length) {
        say("Ce compte rendu a déjà été importé : rien n’a été écrit.", answer.report);
        create.hidden = true;
      } else if (write) {
        say(`${answer.written.length} fichiers écrits, en brouillon : ils sont dans les listes « Témoignages » et `
          + "« Tables rondes », marqués « Brouillon à relire ».", answer.report);
        create.hidden = true;
        show.hidden = false;
      } else {
        say(`Voici ce qui serait créé : ${answer.testimonies} témoignage${answer.testimonies > 1 ? "s" : ""} et `
          + `${answer.quotes} citation${answer.quotes > 1 ? "s" : ""}. Rien n’est encore écrit.`, answer.report);
        create.hidden = false;
      }
    } catch (error) {
      say(`Rien n’a été importé : ${error.message}`);
      create.hidden = true;
    } finally {
      read.disabled = create.disabled = false;
    }
  };
  opener.addEventListener("click", () => dialog.showModal());
  close.addEventListener("click", () => dialog.close());
  input.addEventListener("change", () => { create.hidden = true; show.hidden = true; say(""); });
  read.addEventListener("click", () => run(false));
  create.addEventListener("click", () => run(true));
  show.addEventListener("click", () => {
    location.hash = "#/collections/temoignages";
    location.reload();
  });
  return { opener, dialog };
}
