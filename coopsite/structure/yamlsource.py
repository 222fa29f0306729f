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
    def __init__(self, node: yaml.Node, message: str, parts: Path_ = ()):
        self.node = node
        self.message = message
        self.parts = parts


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "syntaxe YAML invalide"
        return None, [
            Problem(path, line, column, "", f"YAML invalide : {reason}",
                    "vérifiez l'indentation, les deux-points et les guillemets")
        ]
    except (yaml.YAMLError, RecursionError) as exc:  # pragma: no cover - defensive
        return None, [Problem(path, 1, 1, "", f"YAML invalide : {exc.__class__.__name__}")]
    if not nodes or nodes[0] is None:
        return None, [Problem(path, 1, 1, "", "fichier vide", "le fichier doit décrire un objet")]
    if len(nodes) > 1:
        line, column = _mark(nodes[1])
        return None, [
            Problem(path, line, column, "", "plusieurs documents YAML dans un seul fichier",
                    "retirez le séparateur « --- » : un fichier décrit un seul objet")
        ]
    doc = SourceDoc(path=path, data=None)
    loader = yaml.SafeLoader("")
    try:
        doc.data = _convert(nodes[0], (), doc, loader, 0)
    except _Refused as exc:
        line, column = _mark(exc.node)
        return None, [Problem(path, line, column, field_path(exc.parts), exc.message)]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, column, "", f"valeur YAML invalide : {getattr(exc, 'problem', None) or exc}")]
    return doc, []


_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
} | {"!"}


def _convert(node: yaml.Node, parts: Path_, doc: SourceDoc, loader: yaml.SafeLoader, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(node, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", parts)
    if id(node) in doc.seen_nodes:
        raise _Refused(node, "les ancres et alias YAML (&, *) ne sont pas acceptés", parts)
    doc.seen_nodes.add(id(node))
    doc.positions[parts] = _mark(node)
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
    if node.tag in _SCALAR_TAGS:
        value = loader.construct_object(node)
        # Dates and timestamps become ISO strings: the schema speaks JSON.
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, bytes):
            raise _Refused(node, "les données binaires ne sont pas acceptées", parts)
        return value
    raise _Refused(node, f"étiquette YAML non acceptée : {node.tag}", parts)
