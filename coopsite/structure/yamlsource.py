"""Safe YAML reading that remembers where every value and key came from.

The loader refuses what could hang or surprise an editor (anchors and
aliases, several documents, non-string keys, duplicate keys, files that are
too large) and reports it as a :class:`Problem` with its line and column,
never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple  # a JSON path: tuple of str keys and int indexes


@dataclass
class SourceDoc:
    """A parsed YAML file: plain data plus the position of each node."""

    path: Path
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    seen_nodes: set[int] = field(default_factory=set, repr=False)
    raw: bytes = field(default=b"", repr=False)  # the file's bytes, for content-addressed caching
    precise: bool = True  # False for a document read back from the cache: no positions

    def where(self, parts: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of ``parts``, or of its nearest known parent."""
        table = self.key_positions if key else self.positions
        parts = tuple(parts)
        if key and parts in table:
            return table[parts]
        while parts:
            if parts in self.positions:
                return self.positions[parts]
            parts = parts[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, parts: Path_, message: str, hint: str = "", key: bool = False) -> Problem:
        from .problems import field_path

        line, column = self.where(parts, key=key)
        return Problem(self.path, line, column, field_path(tuple(parts)), message, hint)


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, parts: Path_ = (), hint: str = ""):
        self.node = node
        self.message = message
        self.parts = parts
        self.hint = hint


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_ALIAS_TAG = "!coopsite/alias"


class _Composer(yaml.SafeLoader):
    """Composes an alias (``*name``) as a placeholder node at the alias's own place.

    PyYAML hands back the anchored node itself, whose position is the anchor's:
    the problem would then point at the wrong line.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            return yaml.ScalarNode(_ALIAS_TAG, event.anchor, event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


_DEFAULT_SYNTAX_HINT = "vérifiez l'indentation, les deux-points et les guillemets"
# PyYAML's problems, in the editor's language: (fragment of the English text, message, hint).
_SYNTAX_FR = (
    ("'\\t'", "tabulation dans le fichier",
     "indentez avec des espaces, jamais avec la touche Tab"),
    ("mapping values are not allowed here", "deux-points inattendu",
     "si la valeur contient « : », mettez-la entre guillemets ; sinon vérifiez l'indentation"),
    ("could not find expected ':'", "deux-points manquant après un nom de champ",
     "écrivez « champ: valeur », ou vérifiez l'indentation de la ligne"),
    ("expected the node content", "valeur manquante",
     "complétez la valeur, ou refermez le crochet ou l'accolade ouverts"),
    ("found unexpected end of stream", "guillemet ou crochet jamais refermé",
     "refermez le guillemet ou le crochet ouvert plus haut"),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles",
     "utilisez des guillemets simples, ou doublez la barre oblique inverse"),
    ("expected <block end>", "indentation incohérente",
     "alignez les champs d'un même niveau avec le même nombre d'espaces"),
    ("did not find expected key", "indentation incohérente",
     "alignez les champs d'un même niveau avec le même nombre d'espaces"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste",
     "alignez chaque élément de la liste sur son « - »"),
    ("that cannot start any token", "caractère inattendu en début de valeur",
     "mettez la valeur entre guillemets"),
)


# libyaml (C) composes about 20 times faster than pure Python, but it recurses
# without a depth check (deep nesting crashes the process) and hands back an
# alias as the anchored node itself. It is used only for files that cannot nest
# deeply and turn out to hold no alias; anything else, including every syntax
# error, goes through the pure-Python composer, so problems read the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_MAX_NESTING = 1000


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text`` (flow brackets, indentation, indicators)."""
    widest = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        widest = max(widest, len(line) - len(stripped) + stripped.count("-") + stripped.count(":")
                     + stripped.count("?"))
    return text.count("[") + text.count("{") + widest


def _has_shared_node(nodes: list) -> bool:
    seen: set[int] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


def _compose(text: str) -> list:
    """Every document of ``text`` as YAML nodes with their positions."""
    if _FAST_LOADER is not None and _nesting_bound(text) <= _FAST_MAX_NESTING:
        try:
            nodes = list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass
        else:
            if not _has_shared_node(nodes):
                return nodes
    return list(yaml.compose_all(text, Loader=_Composer))


def _syntax_fr(problem: str) -> tuple[str, str]:
    """A French message and hint for a PyYAML syntax problem."""
    for fragment, message, hint in _SYNTAX_FR:
        if fragment in problem:
            return message, hint
    return (problem or "syntaxe invalide"), _DEFAULT_SYNTAX_HINT


def read_yaml(path: Path) -> tuple[SourceDoc | None, list[Problem]]:
    """Read ``path``; return the document, or ``None`` and the problems found."""
    from .problems import field_path

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, 1, 1, "", f"fichier illisible ({exc.strerror})")]
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(path, 1, 1, "", f"fichier trop gros ({len(raw)} octets, maximum {MAX_BYTES})")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(path, line, column, "", "le fichier n'est pas en UTF-8",
                    "enregistrez-le en UTF-8 depuis votre éditeur")
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason, hint = _syntax_fr(exc.problem or exc.context or "")
        return None, [Problem(path, line, column, "", f"YAML invalide : {reason}", hint)]
    except yaml.reader.ReaderError as exc:  # a control character, such as NUL
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return None, [Problem(path, line, column, "", f"caractère interdit dans un fichier YAML (U+{code:04X})",
                              "retirez ce caractère invisible, souvent venu d'un copier-coller")]
    except RecursionError:
        return None, [Problem(path, 1, 1, "", "YAML invalide : imbrication trop profonde",
                              f"un fichier ne doit pas dépasser {MAX_DEPTH} niveaux de listes ou de champs")]
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        return None, [Problem(path, 1, 1, "", f"YAML invalide : {exc}", _DEFAULT_SYNTAX_HINT)]
    if not nodes or nodes[0] is None:
        return None, [Problem(path, 1, 1, "", "fichier vide", "le fichier doit décrire un objet")]
    if len(nodes) > 1:
        line, column = _mark(nodes[1])
        return None, [
            Problem(path, line, column, "", "plusieurs documents YAML dans un seul fichier",
                    "retirez le séparateur « --- » : un fichier décrit un seul objet")
        ]
    doc = SourceDoc(path=path, data=None, raw=raw)
    loader = yaml.SafeLoader("")
    try:
        doc.data = _convert(nodes[0], (), doc, loader, 0)
    except _Refused as exc:
        line, column = _mark(exc.node)
        return None, [Problem(path, line, column, field_path(exc.parts), exc.message, exc.hint)]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, column, "", f"valeur YAML invalide : {getattr(exc, 'problem', None) or exc}")]
    return doc, []


_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
} | {"!"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(node: yaml.Node, parts: Path_, doc: SourceDoc, loader: yaml.SafeLoader, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(node, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", parts)
    if id(node) in doc.seen_nodes:
        raise _Refused(node, "les ancres et alias YAML (&, *) ne sont pas acceptés", parts)
    doc.seen_nodes.add(id(node))
    doc.positions[parts] = _mark(node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
        # ``!!python/object…``, ``!!set``, ``!!omap``: never silently read as plain data.
        raise _Refused(node, f"étiquette YAML non acceptée : {node.tag}", parts)
    if isinstance(node, yaml.MappingNode):
        if node.tag == "tag:yaml.org,2002:merge" or any(
            k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value
        ):
            raise _Refused(node, "la fusion YAML (<<) n'est pas acceptée", parts)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "une clé doit être un simple mot", parts)
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            child = (*parts, key)
            if key in result:
                line, _ = doc.key_positions[child]
                raise _Refused(key_node, f"clé « {key} » en double (déjà à la ligne {line})", child)
            doc.key_positions[child] = _mark(key_node)
            result[key] = _convert(value_node, child, doc, loader, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*parts, index), doc, loader, depth + 1)
            for index, item in enumerate(node.value)
        ]
    if node.tag == _ALIAS_TAG:
        raise _Refused(node, "les ancres et alias YAML (&, *) ne sont pas acceptés", parts,
                       "recopiez la valeur à chaque endroit où elle sert")
    if node.tag in _SCALAR_TAGS:
        try:
            value = loader.construct_object(node)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            # e.g. ``2021-13-45``: YAML reads it as a date that does not exist.
            raise _Refused(node, f"valeur illisible : « {node.value} »", parts,
                           "s'il s'agit d'un texte, mettez-le entre guillemets") from None
        # Dates and timestamps become ISO strings: the schema speaks JSON.
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, bytes):
            raise _Refused(node, "les données binaires ne sont pas acceptées", parts)
        return value
    raise _Refused(node, f"étiquette YAML non acceptée : {node.tag}", parts)
