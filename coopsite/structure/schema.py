"""JSON Schema validation of a YAML document, reported as French problems."""

from __future__ import annotations

import difflib
import json
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

from .problems import Problem, plain, short as _short, visible
from .yamlsource import SourceDoc

KINDS = ("grid", "case", "event", "site")

# Where a project's YAML sources find the schemas, for editors that read the first line of a file
# (VS Code's YAML extension): in the generator's home, its own folder; in a site that installs
# the generator, the copy that tasks.py keeps in .venv/ (the same text, at a path that does not
# depend on the version of Python).
HOME_SCHEMAS = "coopsite/structure/schemas"
SITE_SCHEMAS = ".venv/coopsite-schemas"


@cache
def schema(kind: str) -> dict:
    """The JSON Schema for ``kind`` (``grid``, ``case`` or ``event``)."""
    return json.loads(schema_text(kind))


@cache
def schema_text(kind: str) -> str:
    return resources.files("coopsite.structure").joinpath(f"schemas/{kind}.schema.json").read_text("utf-8")


@cache
def _validator(kind: str):
    # Imported here: a build whose files are all known valid (see
    # ``loader``'s cache) never pays for importing jsonschema.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


def check(doc: SourceDoc, kind: str) -> list[Problem]:
    """Every schema problem of ``doc``, one :class:`Problem` each."""
    problems: dict[Problem, None] = {}
    for error in _validator(kind).iter_errors(doc.data):
        # One field can break several rules that say the same thing (an empty
        # text fails both minLength and pattern): report it once.
        problems.update(dict.fromkeys(_describe(doc, error, schema(kind))))
    return list(problems)


def did_you_mean(word: str, choices) -> str:
    """A hint towards the closest choice; an invisible difference is named as such."""
    word = str(word)
    choices = [str(c) for c in choices]
    bare = plain(word)
    alike = unicodedata.normalize("NFKC", bare)
    for choice in choices:
        if bare == choice:
            return (f"« {visible(word)} » ne diffère de « {choice} » que par un caractère invisible : "
                    f"effacez-le et retapez « {choice} »")
        if alike == choice:
            return (f"« {visible(word)} » ressemble à « {choice} » mais n'est pas écrit avec les mêmes caractères : "
                    f"retapez « {choice} » au clavier")
        if alike.casefold() == choice.casefold():
            return f"vouliez-vous dire « {choice} » (majuscules et minuscules comptent) ?"
    close = _close_matches(word, tuple(choices))
    return f"vouliez-vous dire « {close} » ?" if close else ""


@cache
def _close_matches(word: str, choices: tuple[str, ...]) -> str:
    """Cached: a file that repeats one mistake a thousand times is answered once."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return close[0] if close else ""


def _describe(doc: SourceDoc, error, root: dict | None = None) -> list[Problem]:
    parts = tuple(error.absolute_path)
    validator = error.validator
    value = error.instance
    subschema = error.schema if isinstance(error.schema, dict) else {}
    if root is not None and error.schema_path and error.schema_path[0] == "else":
        # What a published source needs more than a draft (drafts.py): the words
        # (titles, descriptions) are those of the field itself, in the schema's body.
        subschema = {**_at(root, parts), **subschema}
        if validator == "required":
            subschema = {**subschema, "properties": _at(root, parts).get("properties", {})}
    if validator == "additionalProperties":
        allowed = list(subschema.get("properties", {}))
        extra = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        return [
            doc.problem((*parts, key), f"champ inconnu « {visible(_short(key))} »",
                        did_you_mean(key, allowed) or f"champs possibles : {', '.join(allowed)}",
                        key=True)
            for key in extra
        ]
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        # The field path names the missing field; its place is its parent's.
        return [doc.problem((*parts, missing), f"champ obligatoire manquant : « {missing} »",
                            _describe_field(subschema, missing), key=True)]
    if validator == "type":
        expected = error.validator_value
        return [doc.problem(parts, f"type attendu : {_type_fr(expected)}, trouvé : {_type_fr(_json_type(value))}",
                            _hint_for_type(expected, value))]
    if validator == "enum":
        options = error.validator_value
        if not isinstance(value, str) and str(value) in map(str, options):
            return []  # a number where text is expected: the type's message says it
        # A long list (the départements) is described rather than listed.
        listed = (f"valeurs possibles : {', '.join(map(str, options))}" if len(options) <= 12
                  else error.schema.get("description", f"{len(options)} valeurs possibles"))
        return [doc.problem(parts, f"valeur « {visible(_short(value))} » non acceptée",
                            did_you_mean(value, options) or listed)]
    if validator == "minItems":
        if error.validator_value == 1:
            return [doc.problem(parts, "la liste est vide", "ajoutez au moins un élément")]
        return [doc.problem(parts, f"la liste doit compter au moins {error.validator_value} éléments")]
    if validator == "maxItems":
        return [doc.problem(parts, f"la liste ne peut pas dépasser {error.validator_value} éléments")]
    if validator in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return [doc.problem(parts, "texte vide", "écrivez un texte ou retirez le champ s'il est facultatif")]
    if validator == "pattern":
        # The description says in words what the pattern asks; never show the pattern itself.
        hint = subschema.get("description") or _parent_description(doc, error) or ""
        if isinstance(value, str) and value != value.strip():
            hint = f"retirez les espaces ou retours à la ligne au début ou à la fin — {hint}".rstrip(" —")
        return [doc.problem(parts, f"forme non acceptée : « {visible(_short(value))} »", hint)]
    if validator == "maxLength":
        return [doc.problem(parts, f"texte trop long ({len(value)} caractères, maximum {error.validator_value})")]
    if validator in ("minimum", "maximum"):
        bound = "au moins" if validator == "minimum" else "au plus"
        return [doc.problem(parts, f"la valeur {value} doit valoir {bound} {error.validator_value}")]
    if validator == "oneOf":
        return [doc.problem(parts, "valeur non acceptée", subschema.get("description", ""))]
    # A keyword no schema here uses yet: a French message, never jsonschema's English.
    return [doc.problem(parts, "valeur non acceptée", subschema.get("description", ""))]


def _at(node: dict, parts: tuple) -> dict:
    """The schema of the value at ``parts`` (list indexes go to ``items``), or {}."""
    for part in parts:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def _parent_description(doc: SourceDoc, error) -> str:
    """The description of the list holding an item without its own (``aims``' items)."""
    parent = error.parent
    while parent is not None:
        if isinstance(parent.schema, dict) and parent.schema.get("description"):
            return parent.schema["description"]
        parent = parent.parent
    return ""


def _describe_field(subschema: dict, name: str) -> str:
    prop = subschema.get("properties", {}).get(name, {})
    return prop.get("description", "")


_TYPES_FR = {
    "string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "oui/non",
    "array": "liste", "object": "ensemble de champs", "null": "vide",
}


def _type_fr(kind) -> str:
    if isinstance(kind, list):
        return " ou ".join(_type_fr(k) for k in kind)
    return _TYPES_FR.get(kind, str(kind))


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _hint_for_type(expected, value) -> str:
    if expected == "string" and value is None:
        return "mettez le texte après les deux-points, ou retirez le champ"
    if expected == "string":
        return "mettez la valeur entre guillemets"
    if expected == "array":
        return "écrivez une liste : une ligne par élément, commençant par « - »"
    if expected == "object":
        return "écrivez des lignes « champ: valeur » indentées sous ce champ"
    return ""


def schema_line(root, kind: str, depth: int) -> str:
    """The first line of a ``kind`` source ``depth`` folders below the project ``root``
    (``cases/x.yml``: 1), naming its schema for editors that read it."""
    folder = HOME_SCHEMAS if (Path(root) / HOME_SCHEMAS).is_dir() else SITE_SCHEMAS
    return f"# yaml-language-server: $schema={'../' * depth}{folder}/{kind}.schema.json"


def with_schema_line(text: str, line: str) -> str:
    """``text`` (a YAML file) whose first line is ``line``: an earlier schema line is replaced."""
    first, newline, rest = text.partition("\n")
    if first.startswith("# yaml-language-server:"):
        return line + newline + rest
    return line + "\n" + text



def install_site_schemas(root) -> bool:
    """Copy the installed generator's schemas into the site's ``.venv/coopsite-schemas/``, where its
    sources' first lines name them; again only when they change. False when the copy failed: only
    the typing help of some editors is missing, the job goes on."""
    import hashlib
    import shutil

    shipped = resources.files("coopsite.structure") / "schemas"
    digest = hashlib.sha256(b"".join(schema_text(kind).encode() for kind in KINDS)).hexdigest()
    folder = Path(root) / SITE_SCHEMAS
    stamp = folder / ".version"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return True
    try:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(str(shipped), folder)
        stamp.write_text(digest, encoding="utf-8")
    except OSError:
        return False
    return True
