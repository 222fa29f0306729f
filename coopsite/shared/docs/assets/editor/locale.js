// French words that Decap CMS 3.16's own French lacks, for the parts of the
// editor we use (it shows its English otherwise). Measured in the guide.
export const FRENCH_EXTRA = {
  app: { header: { media: "Médias" } },
  auth: { loginWithForgejo: "Se connecter avec Forgejo" },
  collection: {
    collectionTop: { viewAsList: "Afficher en liste", viewAsGrid: "Afficher en grille" },
    entries: { unpublishedHeader: "Entrées non publiées" },
  },
  editor: {
    editorControl: { field: { widgetLabel: "champ %{widgetLabel}" } },
    editorWidgets: {
      object: { expand: "Déplier", collapse: "Replier" },
      markdown: { toggleMode: { rich: "Passer en texte enrichi", markdown: "Passer en Markdown" } },
    },
    editorToolbar: {
      statusInfoTooltipDraft: "Brouillon : pour le soumettre à relecture, passez son état à « En cours de révision ».",
      statusInfoTooltipInReview: "En cours de relecture : rien d’autre à faire, mais vous pouvez encore le modifier.",
    },
  },
  ui: { settingsDropdown: { account: "Options du compte" } },
  mediaLibrary: { mediaLibraryModal: { close: "Fermer" } },
};

function merge(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" ? merge(base?.[key] || {}, value) : base?.[key] ?? value;
  }
  return out;
}

export function completeFrench(CMS) {
  CMS.registerLocale("fr", merge(CMS.getLocale("fr"), FRENCH_EXTRA));
}
