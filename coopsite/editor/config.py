"""The browser editor's configuration, generated from the JSON Schemas and the grid.

Nothing here is written by hand per field: each property of
``case.schema.json`` and ``event.schema.json`` becomes a form field, with its
``title`` as the label and its ``description`` as the help. A schema change
shows up in the form at the next build. Only three things are not in the
schemas, and are named here: the references (a quote's indicators come from
the grid, a testimony's round table from ``cases/evenements/``), the French
names of enumerated values, and the French message of each pattern.

The result has two parts: ``decap`` is handed to Decap CMS as it is
(``CMS.init``), ``coop`` is read by our own modules (``coopsite/shared/docs/assets/editor/``):
key order, file headers and the rules checked before a save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..structure.departements import DEPARTEMENTS
from ..structure.loader import MESSAGES
from ..structure.model import KIND_LABELS, Corpus
from ..structure.schema import schema, schema_line

BACKENDS = ("test", "local", "github", "gitlab", "gitea")
LOCAL_PROXY = "http://127.0.0.1:8001/api/v1"

# French names of enumerated values: the schemas hold the codes only.
ENUM_LABELS: dict[str, Mapping[str, str]] = {
    "kind": KIND_LABELS,
    "departements": {code: f"{code} — {name}" for code, name in DEPARTEMENTS.items()},
}

# What each schema pattern asks for, in French (shown under a field that does not match).
PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$(?!\\n)":
        "Lettres minuscules sans accent, chiffres et tirets seulement, par exemple cap-solidaire.",
    "\\S": "Ce champ ne peut pas rester vide.",
    "^https?://[^\\s<>\"]+$(?!\\n)": "Une adresse web complète, commençant par http:// ou https://.",
    "^(https?://[^\\s<>\"]+)?$(?!\\n)": "Une adresse web complète (http:// ou https://), ou rien.",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$(?!\\n)": "Une date au format AAAA-MM-JJ, par exemple 2021-10-20.",
    "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$(?!\\n)":
        "Une date au format AAAA-MM-JJ, par exemple 2021-10-20 (vide seulement dans un brouillon).",
    "^[0-9 +().-]*$(?!\\n)": "Chiffres, espaces, +, parenthèses, points et tirets seulement.",
}
OTHER_PATTERN = "Ce texte n'a pas la forme attendue : voir l'aide du champ."

# Texts longer than this get a multi-line box.
LONG_TEXT = 500
# Fields with a widget of our own (coopsite/shared/docs/assets/editor/): a quote's indicators get a
# searchable picker with ranked suggestions (indicators.js).
CUSTOM_WIDGETS = {"quotes.indicators": "coop-indicators"}
# The suggester's numbers, built with the site (coopsite/suggest/editor.py), relative to /admin/.
SUGGESTIONS = "suggestions.json"


@dataclass(frozen=True)
class Collection:
    name: str
    kind: str  # the schema
    folder: str
    label: str
    label_singular: str

    def header(self, root: Path) -> str:
        """The first line of every file, for editors that read it (VS Code): its schema."""
        return schema_line(root, self.kind, self.folder.count("/") + 1)


COLLECTIONS = (
    Collection("temoignages", "case", "cases", "Témoignages", "Témoignage"),
    Collection("tables-rondes", "event", "cases/evenements", "Tables rondes", "Table ronde"),
)


class EditorConfigError(Exception):
    """A French sentence naming the setting that is wrong."""


@dataclass(frozen=True)
class Settings:
    """Where the editor saves, from the environment at build time (``coopsite/shared/docs/guide/editeur.md``)."""

    backend: str = ""  # "" when nothing is configured: the page says how to configure it
    repo: str = ""
    branch: str = "main"
    base_url: str = ""  # GitHub: the OAuth helper's address
    api_root: str = ""  # a self-hosted GitLab, Forgejo or Gitea
    app_id: str = ""  # GitLab, Forgejo, Gitea: the OAuth application's id, for PKCE
    proxy_url: str = LOCAL_PROXY
    workflow: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str], repo_url: str = "") -> "Settings":
        backend = env.get("EDITOR_BACKEND", "").strip().lower()
        repo = env.get("EDITOR_REPO", "").strip()
        parts = urlsplit(repo_url or "")
        if not repo and parts.netloc:
            repo = parts.path.strip("/").removesuffix(".git")
        if not backend and parts.netloc:
            backend = {"github.com": "github", "gitlab.com": "gitlab"}.get(parts.netloc.lower(), "gitea")
        if backend and backend not in BACKENDS:
            raise EditorConfigError(f"EDITOR_BACKEND : « {backend} » inconnu ; choisissez parmi "
                                    + ", ".join(BACKENDS))
        if backend in ("github", "gitlab", "gitea") and repo.count("/") < 1:
            raise EditorConfigError(f"EDITOR_REPO : indiquez le dépôt sous la forme propriétaire/nom "
                                    f"(l'éditeur « {backend} » en a besoin)")
        api_root = env.get("EDITOR_API_ROOT", "").strip()
        if backend == "gitea" and not api_root and parts.netloc:
            api_root = f"{parts.scheme}://{parts.netloc}/api/v1"
        workflow = env.get("EDITOR_WORKFLOW", "").strip().lower()
        return cls(
            backend=backend, repo=repo, branch=env.get("EDITOR_BRANCH", "").strip() or "main",
            base_url=env.get("EDITOR_BASE_URL", "").strip(), api_root=api_root,
            app_id=env.get("EDITOR_APP_ID", "").strip(),
            proxy_url=env.get("EDITOR_PROXY_URL", "").strip() or LOCAL_PROXY,
            # A change becomes a pull or merge request where the host has it.
            workflow=workflow in ("1", "oui", "yes", "true") if workflow
            else backend in ("github", "gitlab"),
        )


def backend_config(settings: Settings) -> dict:
    if settings.backend == "test":
        return {"name": "test-repo"}
    if settings.backend == "local":
        return {"name": "proxy", "proxy_url": settings.proxy_url, "branch": settings.branch}
    config: dict = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
    if settings.base_url:
        config["base_url"] = settings.base_url
    if settings.api_root:
        config["api_root"] = settings.api_root
    if settings.app_id:
        config["auth_type"] = "pkce"
        config["app_id"] = settings.app_id
    return config


def editor_config(corpus: Corpus, settings: Settings, site_url: str = "") -> dict:
    """The whole configuration: ``{"decap": …, "coop": …}``."""
    references = _references(corpus)
    decap: dict = {
        "locale": "fr",
        "load_config_file": False,
        "backend": backend_config(settings) if settings.backend else {"name": "test-repo"},
        "media_folder": "docs/assets/images",
        "public_folder": "/assets/images",
        "collections": [_collection(c, references) for c in COLLECTIONS],
    }
    if site_url:
        decap["site_url"] = decap["display_url"] = site_url
    if settings.workflow and settings.backend in ("github", "gitlab", "gitea"):
        decap["publish_mode"] = "editorial_workflow"
    coop = {
        "backend": settings.backend,
        "collections": {
            c.name: {"header": c.header(corpus.root), "order": _order(schema(c.kind)), "folder": c.folder}
            for c in COLLECTIONS
        },
        # Fields that the files write as one text when they hold one value.
        "one_or_many": [["quotes", "speaker"]],
        "indicators": {i.id: i.title for i in corpus.grid.indicators},
        "events": [e.id for e in corpus.events],
        # Each quote id and its testimony: an id is unique across the whole site.
        "quotes": {q.id: q.case.id for q in corpus.quotes},
        "cases": [c.id for c in corpus.cases],
        "messages": MESSAGES,
        # What a source that is not a draft must have more (the schemas' « else »): checked before a
        # save, as the build checks it (structure/drafts.py).
        "strict": {c.name: _strict(schema(c.kind)) for c in COLLECTIONS},
        # The grid for the indicator picker: each objective with its indicators, in the grid's order.
        "grid": [{"id": m.id, "title": m.title, "indicators": [{"id": i.id, "title": i.title} for i in m.indicators]}
                 for m in corpus.grid.main_objectives],
        "suggestions": SUGGESTIONS,
    }
    return {"decap": decap, "coop": coop}


def _strict(node: dict, prefix: tuple = ()) -> list[dict]:
    """The fields a source that is not a draft needs filled: ``{"path": [...], "list": bool, "label": …}``.

    ``"*"`` in a path stands for every item of a list (every quote)."""
    strict = node.get("else", node)
    found = []
    for name in strict.get("required", ()):
        prop = _property(node, name)
        found.append({"path": [*prefix, name], "list": prop.get("type") == "array" or "oneOf" in prop,
                      "label": prop.get("title", name)})
    for name, sub in strict.get("properties", {}).items():
        if "items" in sub and isinstance(sub["items"], dict) and sub["items"].get("required"):
            found += _strict({"properties": _property(node, name).get("items", {}).get("properties", {}),
                              "else": sub["items"]}, (*prefix, name, "*"))
        elif name not in strict.get("required", ()) and ({"minItems", "minLength"} & set(sub)):
            prop = _property(node, name)
            found.append({"path": [*prefix, name], "list": prop.get("type") == "array",
                          "label": prop.get("title", name)})
    return found


def _property(node: dict, name: str) -> dict:
    return node.get("properties", {}).get(name, {})


def _references(corpus: Corpus) -> dict[str, list[dict]]:
    grid = corpus.grid
    return {
        # Grouped by objective: the grid's order, each label naming its objective.
        "quotes.indicators": [
            {"value": i.id, "label": f"{i.id} — {i.title} ({i.main.id} {i.main.title})"}
            for i in grid.indicators
        ],
        "event": [{"value": e.id, "label": f"{e.title} ({e.date})"} for e in corpus.events],
    }


def _collection(collection: Collection, references: dict[str, list[dict]]) -> dict:
    doc = schema(collection.kind)
    return {
        "name": collection.name,
        "label": collection.label,
        "label_singular": collection.label_singular,
        "description": doc.get("description", ""),
        "folder": collection.folder,
        "extension": "yml",
        "format": f"coop-yaml-{collection.name}",
        "create": True,
        "delete": False,
        "slug": "{{fields.id}}",
        "identifier_field": "title",
        # A draft is named so in the lists (structure/drafts.py).
        "summary": "{{fields.draft | ternary('Brouillon à relire · ', '')}}{{title}}",
        "fields": _fields(doc, references, ""),
    }


def _fields(node: dict, references: dict[str, list[dict]], prefix: str) -> list[dict]:
    required = set(node.get("required", ()))
    return [_field(name, prop, name in required, references, prefix + name)
            for name, prop in node.get("properties", {}).items()]


def _field(name: str, prop: dict, required: bool, references: dict[str, list[dict]], path: str) -> dict:
    if "title" not in prop:
        raise EditorConfigError(f"le champ « {path} » du schéma n'a pas de titre (« title ») : "
                                "c'est le libellé du formulaire")
    field: dict = {"name": name, "label": prop["title"], "required": required}
    if prop.get("description"):
        field["hint"] = prop["description"]
    if path in references:
        options = references[path]
        field.update(widget="select", options=options, multiple=prop.get("type") == "array")
        if path in CUSTOM_WIDGETS:
            field["widget"] = CUSTOM_WIDGETS[path]
        if field["multiple"] and prop.get("minItems"):
            field["min"] = prop["minItems"]
        return field
    kind = prop.get("type")
    if "oneOf" in prop:  # one text or a list of texts: the form always shows a list
        items = next(p for p in prop["oneOf"] if p.get("type") == "array")["items"]
        field.update(widget="list", field={"name": "item", "label": prop["title"], "widget": "string",
                                            **_pattern(items)})
        array = next(p for p in prop["oneOf"] if p.get("type") == "array")
        if array.get("minItems"):
            field["min"] = array["minItems"]
        return field
    if kind == "boolean":
        field["widget"] = "boolean"
        return field
    if "enum" in prop:
        field.update(widget="select", options=_options(name, prop["enum"]))
        return field
    if kind == "array":
        items = prop.get("items", {})
        if "enum" in items:
            field.update(widget="select", multiple=True, options=_options(name, items["enum"]))
        elif items.get("type") == "object":
            field.update(widget="list", fields=_fields(items, references, path + "."),
                         summary=_summary(items))
        else:
            field.update(widget="list", field={"name": "item", "label": items.get("title", prop["title"]),
                                                "widget": _text_widget(items), **_pattern(items)})
        if prop.get("minItems"):
            field["min"] = prop["minItems"]
        return field
    if kind == "object":
        field.update(widget="object", fields=_fields(prop, references, path + "."), collapsed=False)
        return field
    field["widget"] = _text_widget(prop)
    if field["widget"] == "markdown":
        # The raw mode keeps the Markdown exactly as typed.
        field.update(modes=["raw"], buttons=[], editor_components=[])
    field.update(_pattern(prop))
    return field


def _text_widget(prop: dict) -> str:
    if prop.get("contentMediaType") == "text/markdown":
        return "markdown"
    return "text" if prop.get("maxLength", 0) >= LONG_TEXT else "string"


def _pattern(prop: dict) -> dict:
    pattern = prop.get("pattern")
    if not pattern:
        return {}
    return {"pattern": [pattern, PATTERN_MESSAGES.get(pattern, OTHER_PATTERN)]}


def _options(name: str, values: list[str]) -> list[dict]:
    labels = ENUM_LABELS.get(name, {})
    return [{"value": v, "label": labels.get(v, v)} for v in values]


def _summary(items: dict) -> str:
    """The line shown for a folded list item: its name, else its id, else its first field."""
    props = items.get("properties", {})
    for key in ("name", "label", "id", "text"):
        if key in props:
            return "{{fields.%s}}" % key
    return ""


def _order(node: dict) -> dict:
    """The key order of the files, as a tree: ``{"keys": [...], "children": {key: tree}}``."""
    children = {}
    for name, prop in node.get("properties", {}).items():
        sub = prop if prop.get("type") == "object" else prop.get("items", {})
        if sub.get("type") == "object":
            children[name] = _order(sub)
    return {"keys": list(node.get("properties", {})), "children": children}
