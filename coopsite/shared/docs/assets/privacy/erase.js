// « Effacer les données de ce site dans ce navigateur » (page Données personnelles).
// Every key the site writes, and nothing of other sites on the same address:
// - ours start with "coopsite:" (self-test answers, group syntheses);
// - Material's are scoped to the site's address ("/.__palette", the palette);
// - the editor's (/admin/, Decap CMS): "decap-cms-user" and its drafts' database.

export const OUR_PREFIX = "coopsite:";
export const EDITOR_KEYS = ["decap-cms-user"];
export const EDITOR_DATABASE = "localforage";

function materialScope() {
  // Material's own inline script defines __md_scope: the site's root address.
  const scope = window.__md_scope instanceof URL ? window.__md_scope : new URL("../", document.baseURI);
  return `${new URL(".", scope).pathname}.__`;
}

export function siteKeys(store, scope = materialScope()) {
  const keys = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key && (key.startsWith(OUR_PREFIX) || key.startsWith(scope) || EDITOR_KEYS.includes(key))) keys.push(key);
  }
  return keys;
}

export function eraseAll() {
  let count = 0;
  for (const name of ["localStorage", "sessionStorage"]) {
    let store;
    try {
      store = window[name];
      for (const key of siteKeys(store)) {
        store.removeItem(key);
        count += 1;
      }
    } catch {
      // Storage refused (private browsing, sandbox): there is nothing the site could have kept.
    }
  }
  try {
    window.indexedDB?.deleteDatabase(EDITOR_DATABASE);
  } catch {
    // idem
  }
  return count;
}

const button = document.querySelector("[data-coop-erase]");
const status = document.querySelector("[data-coop-erase-status]");
if (button && status) {
  button.addEventListener("click", () => {
    const count = eraseAll();
    status.textContent = count
      ? `C’est fait : ${count} ${count > 1 ? "éléments effacés" : "élément effacé"}. Ce site n’a plus rien gardé dans ce navigateur.`
      : "Il n’y avait rien à effacer : ce site n’a rien gardé dans ce navigateur.";
  });
}
