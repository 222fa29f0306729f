// Names that Decap CMS leaves out and that a screen reader needs: the preview
// frame, and the Markdown boxes (named after their field's label). Decap's
// other unnamed controls are listed in the guide « Ajouter un témoignage
// depuis le navigateur » (docs/guide/editeur.md).

function name(root) {
  for (const frame of root.querySelectorAll("iframe:not([title])")) frame.title = "Aperçu de la page";
  for (const box of root.querySelectorAll("[data-slate-editor]:not([aria-label])")) {
    const label = box.closest("[class*='ControlContainer']")?.querySelector("label");
    if (label) box.setAttribute("aria-label", label.textContent.trim());
  }
}

export function nameControls(root = document.body) {
  name(root);
  new MutationObserver(() => name(root)).observe(root, { childList: true, subtree: true });
}
