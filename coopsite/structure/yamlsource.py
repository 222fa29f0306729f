"""Safe YAML reading that remembers where every value and key came from.

The loader refuses what could hang or surprise an editor (anchors and
aliases, several documents, non-string keys, duplicate keys, files that are
too large) and reports it as a :class:`Problem` with its line and column,
never as a traceback.
"""

from __future__ import annotations

import errno
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, field_path, short as _short, visible

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
    # Problems found while reading values (a control character in a text):
    # the document is still usable, so that the schema adds its own problems.
    problems: list[Problem] = field(default_factory=list)
    rel: str = ""  # the project-relative path shown in messages (``cases/x.yml``), set by the loader

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

    def __init__(self, stream):
        super().__init__(stream)
        self.parts: list = []  # the path of the node being composed

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            return yaml.ScalarNode(_ALIAS_TAG, event.anchor, event.start_mark, event.end_mark)
        # PyYAML composes recursively: refuse deep nesting here, where it
        # starts, before Python's own recursion limit gives no position at all.
        if isinstance(parent, yaml.SequenceNode):
            part = index
        elif isinstance(index, yaml.ScalarNode):
            part = index.value
        else:
            part = None
        self.parts.append(part)
        try:
            if len(self.parts) > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark, tuple(p for p in self.parts[1:] if p is not None))
            return super().compose_node(parent, index)
        finally:
            self.parts.pop()


class _TooDeep(Exception):
    def __init__(self, mark, parts: Path_):
        self.mark = mark
        self.parts = parts


_DEFAULT_SYNTAX_HINT = "vérifiez l'indentation, les deux-points et les guillemets"
_QUOTE_HINT = "utilisez des guillemets simples, ou doublez la barre oblique inverse"
_TAG_HINT = "un texte qui commence par « ! » doit être entre guillemets"
_BLOCK_HINT = "écrivez « | », « |- », « > » ou « >- » seul en fin de ligne, et le texte sur les lignes suivantes"
_DIRECTIVE_HINT = "retirez la ligne qui commence par « % » : elle n'est pas utile ici"
# Every problem PyYAML's pure-Python reader can raise, in the editor's
# language: (fragment of the English text, message, hint). The first match
# wins; ``tests/test_malformed_sources.py`` checks that none is left in English.
_SYNTAX_FR = (
    ("'\\t'", "tabulation dans le fichier",
     "indentez avec des espaces, jamais avec la touche Tab"),
    ("mapping values are not allowed here", "deux-points inattendu",
     "si la valeur contient « : », mettez-la entre guillemets ; sinon vérifiez l'indentation"),
    ("could not find expected ':'", "deux-points manquant après un nom de champ",
     "écrivez « champ: valeur », ou vérifiez l'indentation de la ligne"),
    ("expected the node content", "valeur manquante",
     "complétez la valeur, ou refermez le crochet ou l'accolade ouverts"),
    ("found unexpected end of stream", "guillemet jamais refermé",
     "refermez le guillemet à la fin de la valeur"),
    ("found unexpected document separator", "« --- » ou « ... » à l'intérieur d'un texte entre guillemets",
     "refermez le guillemet avant cette ligne"),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles", _QUOTE_HINT),
    ("expected escape sequence of", "séquence d'échappement incomplète (\\x, \\u ou \\U) entre guillemets doubles",
     _QUOTE_HINT),
    ("expected <block end>", "indentation incohérente",
     "alignez les champs d'un même niveau avec le même nombre d'espaces"),
    ("expected ',' or ']'", "liste entre crochets mal formée : « , » ou « ] » attendu",
     "séparez les éléments par des virgules et refermez la liste avec « ] »"),
    ("expected ',' or '}'", "champs entre accolades mal formés : « , » ou « } » attendu",
     "séparez les champs par des virgules et refermez avec « } »"),
    ("sequence entries are not allowed here", "tiret de liste inattendu",
     "un élément de liste « - » commence sa propre ligne ; vérifiez l'indentation"),
    ("mapping keys are not allowed here", "point d'interrogation inattendu",
     "mettez la valeur entre guillemets"),
    ("that cannot start any token", "caractère inattendu en début de valeur",
     "mettez la valeur entre guillemets"),
    ("expected ' '", "espace attendue après une directive ou une étiquette YAML", _TAG_HINT),
    ("expected alphabetic or numeric character", "nom d'ancre, d'alias ou de directive mal formé",
     "un texte qui commence par « & », « * » ou « % » doit être entre guillemets"),
    ("expected '<document start>'", "contenu inattendu après la fin du document",
     "retirez « ... » ou « --- » et ce qui suit : un fichier décrit un seul objet"),
    ("expected a single document", "plusieurs documents YAML dans un seul fichier",
     "retirez le séparateur « --- » : un fichier décrit un seul objet"),
    ("indentation indicator", "indicateur de bloc mal formé après « | » ou « > »", _BLOCK_HINT),
    ("chomping", "indicateur de bloc mal formé après « | » ou « > »", _BLOCK_HINT),
    ("expected a comment or a line break", "texte inattendu en fin de ligne",
     "après « | » ou « > », passez à la ligne ; un commentaire « # » doit être précédé d'une espace"),
    ("expected a digit", "directive « %YAML » mal formée", _DIRECTIVE_HINT),
    ("found incompatible YAML document", "version de YAML non prise en charge", _DIRECTIVE_HINT),
    ("duplicate YAML directive", "directive « %YAML » en double", _DIRECTIVE_HINT),
    ("duplicate tag handle", "directive « %TAG » en double", _DIRECTIVE_HINT),
    ("expected '>'", "étiquette YAML mal formée", _TAG_HINT),
    ("expected '!'", "étiquette YAML mal formée", _TAG_HINT),
    ("expected URI", "étiquette YAML mal formée", _TAG_HINT),
    ("found undefined tag handle", "étiquette YAML inconnue", _TAG_HINT),
    ("found non-specific tag", "étiquette YAML non acceptée", _TAG_HINT),
    ("special characters are not allowed", "étiquette YAML mal formée", _TAG_HINT),
    ("found undefined alias", "les ancres et alias YAML (&, *) ne sont pas acceptés",
     "un texte qui commence par « * » doit être entre guillemets"),
    ("found duplicate anchor", "les ancres et alias YAML (&, *) ne sont pas acceptés",
     "un texte qui commence par « & » doit être entre guillemets"),
    ("found duplicate key", "clé en double", "gardez une seule fois chaque champ"),
)

# Syntax problems that are really about something opened earlier and never
# closed: they are reported where it was opened, with where reading stopped.
_OPENED = {
    "while scanning a quoted scalar": ("guillemet ouvert ici et jamais refermé",
                                       "refermez le guillemet à la fin de la valeur"),
    "while scanning a double-quoted scalar": ("guillemet ouvert ici et jamais refermé",
                                              "refermez le guillemet à la fin de la valeur"),
    "while parsing a flow sequence": ("crochet « [ » ouvert ici et jamais refermé",
                                      "refermez la liste avec « ] » et séparez ses éléments par des virgules"),
    "while parsing a flow mapping": ("accolade « { » ouverte ici et jamais refermée",
                                     "refermez avec « } » et séparez les champs par des virgules"),
}


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


def _nesting_depth(text: str) -> int:
    """The exact nesting depth of ``text``, from libyaml's events (its parser does not recurse).

    For a file with many flow lists (``[A1.1, A1.2]`` on every quote), whose
    cheap bound above is far too high. Any syntax error: the slow path reports it.
    """
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > _FAST_MAX_NESTING:
                    return depth
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return _FAST_MAX_NESTING + 1
    return deepest


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
    if _FAST_LOADER is not None and (_nesting_bound(text) <= _FAST_MAX_NESTING
                                     or _nesting_depth(text) <= _FAST_MAX_NESTING):
        try:
            nodes = list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass
        else:
            if not _has_shared_node(nodes):
                return nodes
    loader = _Composer(text)
    nodes = []
    try:
        while loader.check_node():
            nodes.append(loader.get_node())
    except yaml.MarkedYAMLError as exc:
        exc.open_flow = _innermost_open_flow(loader, text)
        raise
    except (ValueError, OverflowError):
        # ``"\U00110000"``: PyYAML's scanner calls chr() on a code point that does not exist.
        raise _Unreadable(loader.get_mark()) from None
    finally:
        loader.dispose()
    return nodes


def _innermost_open_flow(loader: yaml.SafeLoader, text: str):
    """The mark of the innermost ``[`` or ``{`` still open when the parser stopped."""
    for mark in reversed(getattr(loader, "marks", [])):
        if 0 <= mark.index < len(text) and text[mark.index] in "[{":
            return mark
    return None


class _Unreadable(Exception):
    def __init__(self, mark):
        self.mark = mark


def _syntax_fr(problem: str) -> tuple[str, str]:
    """A French message and hint for a PyYAML syntax problem (never English)."""
    for fragment, message, hint in _SYNTAX_FR:
        if fragment in problem:
            return message, hint
    return "syntaxe invalide", _DEFAULT_SYNTAX_HINT


def _quote_closed_at(text: str, mark) -> yaml.Token | None:
    """A quoted text that spans lines and closes on the line where parsing failed.

    A quote left open swallows the lines below it up to the next quote of the
    file, and the parser chokes right there: the mistake is where it opened.
    """
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == mark.line):
                found = token
    except yaml.YAMLError:
        pass
    return found


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """A syntax error at the line an editor has to fix.

    A quote or bracket left open is reported where it was opened: PyYAML only
    notices it where it gave up, often at the end of the file.
    """
    line_count = text.count("\n") + (not text.endswith("\n"))
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    opened = _OPENED.get(exc.context or "")
    flow = getattr(exc, "open_flow", None)
    if not (exc.context or "").startswith("while scanning") and flow is not None:
        context_mark = flow
        opened = _OPENED["while parsing a flow sequence" if text[flow.index] == "["
                         else "while parsing a flow mapping"]
    if opened and context_mark and problem_mark and problem_mark.line > context_mark.line:
        if problem_mark.line + 1 > line_count:
            stopped = "à la fin du fichier"
        else:
            stopped = f"ligne {problem_mark.line + 1}"
        message, hint = opened
        return Problem(path, context_mark.line + 1, context_mark.column + 1, "",
                       f"YAML invalide : {message} (la lecture s'est arrêtée {stopped})", hint)
    quote = _quote_closed_at(text, problem_mark) if problem_mark else None
    if quote is not None:
        message, hint = _OPENED["while scanning a quoted scalar"]
        return Problem(path, quote.start_mark.line + 1, quote.start_mark.column + 1, "",
                       f"YAML invalide : {message} (la lecture s'est arrêtée ligne {problem_mark.line + 1})", hint)
    mark = problem_mark or context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if line > line_count:  # past the end: point at the last line instead
        line, column = max(line_count, 1), 1
    reason, hint = _syntax_fr(exc.problem or exc.context or "")
    return Problem(path, line, column, "", f"YAML invalide : {reason}", hint)


def _size_fr(size: int) -> str:
    """``3221225472`` → ``3,2 Go``: a size an editor can read."""
    for unit, name in ((10**9, "Go"), (10**6, "Mo"), (10**3, "ko")):
        if size >= unit:
            return f"{size / unit:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {name}"
    return f"{size} octets"


def read_bounded(path: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of ``path``, never more than ``MAX_BYTES`` + 1 read into memory.

    The size is checked with ``stat`` before anything is read; the read itself
    stops one byte past the limit, for a file that grows or lies about its size.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(path, 1, 1, "", "ce n'est pas un fichier ordinaire",
                                 "retirez-le du dossier, ou remplacez-le par un fichier .yml")
        if info.st_size > MAX_BYTES:
            return None, _too_large(path, info.st_size)
        with path.open("rb") as source:
            raw = source.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, unreadable(path, exc)
    if len(raw) > MAX_BYTES:
        return None, _too_large(path, None)
    return raw, None


def unreadable(path: Path, error: OSError) -> Problem:
    """The French problem of a file that could not be read, by its cause."""
    if error.errno == errno.ENOENT:
        return Problem(path, 1, 1, "", "fichier disparu pendant la lecture (effacé ou renommé entre-temps)",
                       "relancez la vérification ; si le fichier doit exister, remettez-le en place")
    if error.errno in (errno.EACCES, errno.EPERM):
        return Problem(path, 1, 1, "", "fichier illisible : droits d'accès insuffisants",
                       "donnez le droit de lecture sur ce fichier (par exemple : chmod a+r), puis relancez")
    if error.errno == errno.ELOOP:
        return Problem(path, 1, 1, "", "lien symbolique en boucle : il mène, de lien en lien, à lui-même",
                       "remplacez le lien par le fichier lui-même, ou retirez-le")
    if error.errno == errno.EISDIR:
        return Problem(path, 1, 1, "", "c'est un dossier, pas un fichier",
                       "renommez le dossier sans l'extension .yml, ou sortez-le de ce dossier")
    return Problem(path, 1, 1, "", f"fichier illisible ({error.strerror or error})",
                   "vérifiez le disque et les droits d'accès du fichier, puis relancez")


def _too_large(path: Path, size: int | None) -> Problem:
    shown = f"{_size_fr(size)}, " if size is not None else ""
    return Problem(path, 1, 1, "", f"fichier trop gros ({shown}maximum {_size_fr(MAX_BYTES)})",
                   "un témoignage tient en quelques kilo-octets : vérifiez qu'il s'agit du bon fichier")


def read_yaml(path: Path) -> tuple[SourceDoc | None, list[Problem]]:
    """Read ``path``; return the document, or ``None`` and the problems found."""
    raw, refused = read_bounded(path)
    if refused is not None:
        return None, [refused]
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
        return None, [_syntax_problem(path, exc, text)]
    except _TooDeep as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1, field_path(exc.parts),
                              f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", _DEPTH_HINT)]
    except _Unreadable as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1, "",
                              "YAML invalide : séquence d'échappement hors de l'Unicode", _QUOTE_HINT)]
    except yaml.reader.ReaderError as exc:  # a control character, such as NUL
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return None, [Problem(path, line, column, "", f"caractère interdit dans un fichier YAML (U+{code:04X})",
                              "retirez ce caractère invisible, souvent venu d'un copier-coller")]
    except (RecursionError, yaml.YAMLError):  # pragma: no cover - defensive
        return None, [Problem(path, 1, 1, "", "YAML invalide : syntaxe invalide", _DEFAULT_SYNTAX_HINT)]
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
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # pragma: no cover - defensive
        return None, [Problem(path, 1, 1, "", "valeur YAML illisible", _DEFAULT_SYNTAX_HINT)]
    return doc, []


_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
} | {"!"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(node: yaml.Node, parts: Path_, doc: SourceDoc, loader: yaml.SafeLoader, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(node, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", parts, _DEPTH_HINT)
    if id(node) in doc.seen_nodes:
        raise _Refused(node, "les ancres et alias YAML (&, *) ne sont pas acceptés", parts)
    doc.seen_nodes.add(id(node))
    doc.positions[parts] = _mark(node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
        # ``!!python/object…``, ``!!set``, ``!!omap``: never silently read as plain data.
        raise _Refused(node, f"étiquette YAML non acceptée : {visible(_short(node.tag))}", parts)
    if isinstance(node, yaml.MappingNode):
        if node.tag == "tag:yaml.org,2002:merge" or any(
            k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value
        ):
            raise _Refused(node, "la fusion YAML (<<) n'est pas acceptée", parts)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "une clé doit être un simple mot", parts)
            key = _scalar(key_node, parts, doc, loader, key=True)
            if not isinstance(key, str):
                key = str(key)
            child = (*parts, key)
            if key in result:
                line, _ = doc.key_positions[child]
                raise _Refused(key_node, f"clé « {visible(_short(key))} » en double (déjà à la ligne {line})", child)
            doc.key_positions[child] = _mark(key_node)
            result[key] = _convert(value_node, child, doc, loader, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*parts, index), doc, loader, depth + 1)
            for index, item in enumerate(node.value)
        ]
    return _scalar(node, parts, doc, loader)


_DEPTH_HINT = f"un fichier ne doit pas dépasser {MAX_DEPTH} niveaux de listes ou de champs"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, parts: Path_, doc: SourceDoc, loader: yaml.SafeLoader, key: bool = False) -> Any:
    """The value of a scalar node; a text with a forbidden character is reported and made safe."""
    if node.tag == _ALIAS_TAG:
        raise _Refused(node, "les ancres et alias YAML (&, *) ne sont pas acceptés", parts,
                       "recopiez la valeur à chaque endroit où elle sert")
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(node, f"étiquette YAML non acceptée : {visible(_short(node.tag))}", parts)
    try:
        # A text is the node's own value: no need for PyYAML's constructor machinery.
        value = node.value if node.tag == _STR_TAG else loader.construct_object(node)
    except (ValueError, TypeError, OverflowError, yaml.YAMLError):
        if node.tag == _TIMESTAMP_TAG:
            # ``2021-02-30``: YAML reads it as a date, one that does not exist.
            # Quoting it would only move the problem: ask for a real date.
            raise _Refused(node, f"la date « {visible(_short(node.value))} » n'existe pas", parts,
                           "écrivez une date réelle au format AAAA-MM-JJ, par exemple 2021-10-20") from None
        # A number with thousands of digits, for instance.
        raise _Refused(node, f"valeur illisible : « {visible(_short(node.value))} »", parts,
                       "s'il s'agit d'un texte, mettez-le entre guillemets") from None
    # Dates and timestamps become ISO strings: the schema speaks JSON.
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bytes):
        raise _Refused(node, "les données binaires ne sont pas acceptées", parts)
    if isinstance(value, int) and value.bit_length() > 1000:
        # ``0xfff…``: Python refuses to print it in decimal, and no field wants it.
        raise _Refused(node, "nombre beaucoup trop grand", parts,
                       "s'il s'agit d'un texte, mettez-le entre guillemets")
    if isinstance(value, str):
        found = forbidden_character(value)
        if found is not None:
            line, column = _mark(node)
            value = _FORBIDDEN.sub("\ufffd", value)
            where = parts if not key else (*parts, value)
            doc.problems.append(Problem(doc.path, line, column, field_path(where),
                                        *_forbidden_message(found)))
    return value


# Control characters other than tab and newline, and lone surrogates (half of
# a UTF-16 pair, which cannot be written in UTF-8): a YAML escape such as
# ``"\0"`` or ``"\ud800"`` can put them in any text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_character(text: str) -> str | None:
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def _forbidden_message(char: str) -> tuple[str, str]:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return (f"caractère impossible dans le texte (U+{code:04X}, moitié d'une paire de substitution)",
                "une séquence « \\u » de cette plage ne forme pas un caractère à elle seule : "
                "écrivez le caractère lui-même")
    return (f"caractère de contrôle interdit dans le texte (U+{code:04X})",
            "retirez ce caractère invisible, souvent venu d'une séquence « \\ » entre guillemets doubles "
            "ou d'un copier-coller")
