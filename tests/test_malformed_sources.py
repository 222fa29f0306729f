"""Malformed sources, class by class: the right file, line and field, in French, never a traceback.

One table of cases, one per class of defect found by feeding the loader
malformed files (issue 9). Each case breaks a copy of the project and says
where the problem must be. The table is checked three ways: in process,
through ``python -m coopsite validate`` and through ``mkdocs build`` (both run
from another folder, so that the paths must be made project-relative), and
the two commands must print the very same problem lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from coopsite.cli import main as cli_main
from coopsite.structure import yamlsource
from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import REPORT_LIMIT, ValidationFailed
from tests.test_loader_errors import Expect  # file, line, field, message, hint, column
from tests.conftest import copy_project
from tests.helpers import ROOT, copy_sources, edit, line_of

CAP = "cases/cap-solidaire.yml"
LIESS = "cases/liess.yml"
BOSSUET = "cases/stephane-bossuet.yml"
EVENT = "cases/evenements/table-ronde-2021-10-20.yml"
SCHEMAS = ROOT / "coopsite" / "structure" / "schemas"
FAST = settings(max_examples=int(os.environ.get("COOP_FUZZ_EXAMPLES", "40")), deadline=None,
                derandomize=os.environ.get("COOP_FUZZ_EXAMPLES") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def replace_line(root: Path, rel: str, needle: str, new: str) -> int:
    """Replace the only line holding ``needle`` by ``new``; return its number."""
    number = line_of(root, rel, needle)
    path = root / rel
    lines = path.read_text("utf-8").split("\n")
    lines[number - 1] = new
    path.write_text("\n".join(lines), "utf-8")
    return number


# -- the table: one function per class of defect ------------------------------------------------

def lone_surrogate(root):
    line = replace_line(root, LIESS, "territory:", 'territory: "Limoges \\ud800 (Haute-Vienne)"')
    return Expect(LIESS, line, "territory", "caractère impossible dans le texte (U+D800", column=12)


def nul_in_a_text(root):
    line = replace_line(root, LIESS, "    name: Marion Bergognon", '    name: "Marion\\0 Bergognon"')
    return Expect(LIESS, line, "people[0].name", "caractère de contrôle interdit dans le texte (U+0000)",
                  "invisible", column=11)


def control_character_in_a_key(root):
    line = replace_line(root, LIESS, "territory:", '"terri\\x07tory": Limoges')
    return Expect(LIESS, line, "terri\ufffdtory", "caractère de contrôle interdit dans le texte (U+0007)")


def huge_file(root):
    path = root / BOSSUET
    with path.open("r+b") as out:
        out.truncate(3 * 1024**3)  # sparse: stat says 3 GB, the disk holds nothing
    return Expect(BOSSUET, 1, "", "fichier trop gros (3,2 Go, maximum 1 Mo)", "vérifiez", column=1)


def id_with_a_trailing_newline(root):
    line = replace_line(root, BOSSUET, "- id: bossuet-geste-avant-outil", '  - id: "bossuet-geste-avant-outil\\n"')
    return Expect(BOSSUET, line, "quotes[0].id",
                  "forme non acceptée : « bossuet-geste-avant-outil[retour à la ligne] »",
                  "retirez les espaces ou retours à la ligne", column=9)


def date_with_a_trailing_newline(root):
    line = replace_line(root, EVENT, "date:", 'date: "2021-10-20\\n"')
    return Expect(EVENT, line, "date", "forme non acceptée : « 2021-10-20[retour à la ligne] »",
                  "AAAA-MM-JJ", column=7)


def unclosed_quote(root):
    line = replace_line(root, LIESS, "territory:", 'territory: "Limoges (Haute-Vienne)')
    # The next '"' is far below: PyYAML gives up there or at the end of the file.
    return Expect(LIESS, line, "", "YAML invalide : guillemet ouvert ici et jamais refermé (la lecture s'est arrêtée",
                  "refermez le guillemet", column=12)


def unclosed_bracket(root):
    line = replace_line(root, BOSSUET, "indicators: [A1.4, A1.2]", "    indicators: [A1.4, A1.2")
    return Expect(BOSSUET, line, "", "YAML invalide : crochet « [ » ouvert ici et jamais refermé (la lecture s'est arrêtée ligne",
                  "« ] »", column=len("    indicators: ") + 1)


def flow_list_open_at_the_end(root):
    with (root / BOSSUET).open("a", encoding="utf-8") as out:
        out.write("notes: [a, b\n")
    return Expect(BOSSUET, line_of(root, BOSSUET, "notes: [a, b"), "",
                  "YAML invalide : crochet « [ » ouvert ici et jamais refermé (la lecture s'est arrêtée à la fin du fichier)",
                  column=len("notes: ") + 1)


def too_deep(root):
    # Deep enough for PyYAML's own recursion: used to be reported at 1:1.
    line = replace_line(root, LIESS, "territory:", "territory: " + "[" * 3000 + "]" * 3000)
    return Expect(LIESS, line, "territory" + "[0]" * 40, "imbrication trop profonde (plus de 40 niveaux)",
                  column=len("territory: ") + 41)


def other_case_extension(root):
    # Loaded like any case file: its problem proves it was not skipped.
    (root / LIESS).rename(root / "cases" / "liess.YML")
    line = replace_line(root, "cases/liess.YML", "territory:", "territoire: Limoges")
    return Expect("cases/liess.YML", line, "territoire", "champ inconnu « territoire »", column=1)


def dangling_symlink(root):
    (root / "cases" / "fantome.yml").symlink_to("nulle-part.yml")
    return Expect("cases/fantome.yml", 1, "", "lien symbolique cassé", "remplacez le lien", column=1)


def symlink_loop(root):
    # Two links that lead to each other: Python 3.11's resolve() raises RuntimeError on it.
    (root / "cases" / "boucle-a.yml").symlink_to("boucle-b.yml")
    (root / "cases" / "boucle-b.yml").symlink_to("boucle-a.yml")
    return Expect("cases/boucle-a.yml", 1, "", "lien symbolique en boucle", "remplacez le lien", column=1)


def fifo_named_yml(root):
    os.mkfifo(root / "cases" / "tube.yml")  # opening it would block for ever
    return Expect("cases/tube.yml", 1, "", "ce n'est pas un fichier ordinaire (tube, prise ou périphérique)",
                  "retirez-le", column=1)


def socket_named_yml(root):
    import socket

    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(root / "cases" / "prise.yml"))
    listener.close()  # the socket file stays
    return Expect("cases/prise.yml", 1, "", "ce n'est pas un fichier ordinaire", "retirez-le", column=1)


def folder_named_yml(root):
    (root / "cases" / "x.yml").mkdir()
    return Expect("cases/x.yml", 1, "", "c'est un dossier, pas un fichier", "renommez le dossier", column=1)


def name_not_in_utf8(root):
    name = os.fsdecode(b"caf\xe9.yml")  # Latin-1 bytes: a surrogate in Python's str
    shutil.copy(root / LIESS, root / "cases" / name)
    return Expect("cases/caf\\xe9.yml", 1, "", "nom de fichier illisible : il n'est pas écrit en UTF-8",
                  "renommez le fichier", column=1)


def symlink_outside_the_project(root):
    outside = root.parent / "ailleurs.yml"
    shutil.copy(root / BOSSUET, outside)
    (root / BOSSUET).unlink()
    (root / BOSSUET).symlink_to(outside)
    return Expect(BOSSUET, 1, "", "lien vers un fichier situé hors du projet : il ne sera pas publié",
                  "copiez le fichier", column=1)


def objective_cited_as_an_indicator(root):
    line = replace_line(root, BOSSUET, "indicators: [A1.4, A1.2]", "    indicators: [A1.4, A1]")
    return Expect(BOSSUET, line, "quotes[0].indicators[1]", "indicateur inconnu « A1 »",
                  "« A1 » désigne l'objectif, pas un indicateur : citez un ou plusieurs de ses indicateurs "
                  "(A1.1, A1.2, A1.3, A1.4)")


def non_breaking_space_in_a_key(root):
    line = replace_line(root, LIESS, "territory:", "territory\u00a0: Limoges")
    return Expect(LIESS, line, "territory[espace insécable]", "champ inconnu « territory[espace insécable] »",
                  "ne diffère de « territory » que par un caractère invisible", column=1)


def invisible_character_in_a_reference(root):
    line = replace_line(root, BOSSUET, "indicators: [A1.4, A1.2]", "    indicators: [A1.4, \"A1.2\u200b\"]")
    return Expect(BOSSUET, line, "quotes[0].indicators[1]", "indicateur inconnu « A1.2[espace de largeur nulle] »",
                  "ne diffère de « A1.2 » que par un caractère invisible")


def lookalike_characters_in_a_reference(root):
    line = replace_line(root, BOSSUET, "indicators: [A1.4, A1.2]", "    indicators: [A1.4, \uff211.2]")
    return Expect(BOSSUET, line, "quotes[0].indicators[1]", "indicateur inconnu « \uff211.2 »",
                  "ressemble à « A1.2 » mais n'est pas écrit avec les mêmes caractères : retapez « A1.2 » au clavier")


def impossible_unquoted_date(root):
    line = replace_line(root, EVENT, "date:", "date: 2021-02-30")
    return Expect(EVENT, line, "date", "la date « 2021-02-30 » n'existe pas", "AAAA-MM-JJ", column=7)


def escape_outside_unicode(root):
    line = replace_line(root, LIESS, "territory:", 'territory: "\\U00110000"')
    return Expect(LIESS, line, "", "YAML invalide : séquence d'échappement hors de l'Unicode", "guillemets simples")


CLASSES = [
    lone_surrogate, nul_in_a_text, control_character_in_a_key, huge_file, id_with_a_trailing_newline,
    date_with_a_trailing_newline, unclosed_quote, unclosed_bracket, flow_list_open_at_the_end, too_deep,
    other_case_extension, dangling_symlink, symlink_outside_the_project, objective_cited_as_an_indicator,
    symlink_loop, fifo_named_yml, socket_named_yml, folder_named_yml, name_not_in_utf8,
    non_breaking_space_in_a_key, invisible_character_in_a_reference, lookalike_characters_in_a_reference,
    impossible_unquoted_date, escape_outside_unicode,
]
IDS = [case.__name__ for case in CLASSES]


def matching(problems, expect: Expect):
    return [p for p in problems
            if p.line == expect.line and p.field == expect.field and expect.message in p.message
            and shown_name(p.path) == Path(expect.rel).name]


def shown_name(path) -> str:
    """A file's name as reports show it (bytes that are not UTF-8 as escapes)."""
    return os.fsencode(Path(path).name).decode("utf-8", "backslashreplace")


@pytest.mark.parametrize("case", CLASSES, ids=IDS)
def test_each_class_in_process(tmp_path, case):
    root = copy_sources(tmp_path / "project")
    expect = case(root)
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    failed = info.value
    found = matching(failed.problems, expect)
    assert found, failed.report()
    problem = found[0]
    if expect.column is not None:
        assert problem.column == expect.column, failed.report()
    assert expect.hint in problem.hint, failed.report()
    # Never a raw regular expression in a hint.
    assert not re.search(r"\^|\$|\[a-z|\\[sdS]", problem.hint), problem.hint
    report = failed.report()
    report.encode("utf-8")  # strict: no lone surrogate left anywhere
    assert f"\n{expect.rel}:{expect.line}:{problem.column}: " in report


def problem_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if re.match(r"^(cases|grid)/\S+:\d+:\d+: ", line))


@pytest.mark.build
@pytest.mark.parametrize("case", CLASSES, ids=IDS)
def test_each_class_through_validate_and_mkdocs(tmp_path, case):
    """Both commands, run from another folder, print the same project-relative lines."""
    root = copy_project(tmp_path / "project")
    expect = case(root)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    validate = subprocess.run([sys.executable, "-m", "coopsite", "validate", "--root", str(root)],
                              cwd=elsewhere, capture_output=True, timeout=120, env=env)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                            "--site-dir", str(tmp_path / "site")],
                           cwd=elsewhere, capture_output=True, timeout=300, env=env)
    outputs = {}
    for name, result in (("validate", validate), ("mkdocs", build)):
        output = (result.stdout + result.stderr).decode("utf-8")  # strict: valid UTF-8
        assert result.returncode != 0, output
        assert "Traceback" not in output, output
        assert str(tmp_path) not in output, output  # no absolute, temporary path
        line = f"{expect.rel}:{expect.line}:"
        assert any(l.startswith(line) and f" {expect.field or '(document)'} : " in l and expect.message in l
                   for l in problem_lines(output)), output
        outputs[name] = problem_lines(output)
    assert outputs["validate"] == outputs["mkdocs"]
    assert not (tmp_path / "site" / "temoignages").exists()


# -- properties --------------------------------------------------------------------------------

FORBIDDEN = st.one_of(st.integers(0, 8), st.integers(0x0B, 0x1F), st.integers(0x7F, 0x9F),
                      st.integers(0xD800, 0xDFFF))
TEXT_LINES = [  # (needle, the line's start, field)
    ("territory:", "territory: ", "territory"),
    ("    name: Marion Bergognon", "    name: ", "people[0].name"),
    ("    role: Animatrice", "    role: ", "people[0].role"),
    ("title: LIESS", "title: ", "title"),
]


@pytest.fixture(scope="module")
def workspace():
    with tempfile.TemporaryDirectory(prefix="coop-malformed-") as tmp:
        yield copy_sources(Path(tmp))


@FAST
@given(code=FORBIDDEN, where=st.sampled_from(TEXT_LINES), before=st.text(alphabet="abc é", max_size=5))
def test_a_forbidden_character_anywhere_is_reported_on_its_field(workspace, code, where, before):
    needle, start, field = where
    original = (workspace / LIESS).read_text("utf-8")
    escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    try:
        line = replace_line(workspace, LIESS, needle, f'{start}"{before}{escape}x"')
        with pytest.raises(ValidationFailed) as info:
            load_corpus(workspace)
    finally:
        (workspace / LIESS).write_text(original, "utf-8")
    problems = info.value.problems
    assert [(p.path.name, p.line, p.field) for p in problems] == [("liess.yml", line, field)], info.value.report()
    assert f"(U+{code:04X}" in problems[0].message
    info.value.report().encode("utf-8")


def anchored_patterns() -> list[tuple[str, str]]:
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str) and node["pattern"].startswith("^"):
                found.append((where, node["pattern"]))
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted(SCHEMAS.glob("*.json")):
        walk(json.loads(path.read_text("utf-8")), path.name)
    return found


PATTERNS = anchored_patterns()


def test_there_are_anchored_patterns_to_check():
    assert len(PATTERNS) >= 15, PATTERNS


@pytest.mark.parametrize("where,pattern", PATTERNS, ids=[w for w, _ in PATTERNS])
@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_no_pattern_accepts_a_trailing_newline(where, pattern, data):
    """With the regex engine jsonschema really uses: a valid value plus ``\\n`` is refused."""
    validator = Draft202012Validator({"type": "string", "pattern": pattern})
    plain_pattern = pattern.replace("(?!\\n)", "")
    value = data.draw(st.from_regex(plain_pattern, fullmatch=True))
    assert validator.is_valid(value)
    assert not validator.is_valid(value + "\n")
    assert not validator.is_valid("\n" + value)


def test_every_anchored_pattern_is_described_in_words():
    """The description is the hint of a refused value: a raw regular expression is never shown."""
    for path in sorted(SCHEMAS.glob("*.json")):
        text = path.read_text("utf-8")

        def check(node):
            if isinstance(node, dict):
                if str(node.get("pattern", "")).startswith("^"):
                    assert node.get("description"), (path.name, node)
                for value in node.values():
                    check(value)
            elif isinstance(node, list):
                for value in node:
                    check(value)

        check(json.loads(text))


def pyyaml_problems() -> list[str]:
    """Every problem text PyYAML's pure-Python scanner and parser can raise (its own source)."""
    folder = Path(yaml.__file__).parent
    found = set()
    for name in ("scanner.py", "parser.py", "composer.py"):
        source = (folder / name).read_text("utf-8")
        for text in re.findall(r'"((?:expected|found|could not|mapping|sequence|special|duplicate)[^"]*)"', source):
            found.add(text)
    return sorted(found)


@pytest.mark.parametrize("problem", pyyaml_problems())
def test_every_yaml_problem_has_a_french_message(problem):
    message, hint = yamlsource._syntax_fr(problem)
    assert message != "syntaxe invalide", problem
    assert hint


FRENCH_REASONS = {m for _, m, _ in yamlsource._SYNTAX_FR} | {m for m, _ in yamlsource._OPENED.values()} | {
    "syntaxe invalide", "séquence d'échappement hors de l'Unicode"}
YAML_BITS = st.sampled_from(["\n", "  ", "- ", ": ", "? ", "#", "&a ", "*a", "!x ", "---\n", "...\n", "[", "]", "{",
                             "}", ",", "'", '"', "|\n", ">-\n", "|9\n", "%YAML 1.1\n", "%TAG ! x\n", "\\x", "\\u12",
                             "\\q", "id", "A1.1", "\t", "@", "`", "é"])


@FAST
@given(text=st.lists(YAML_BITS | st.text(max_size=4), max_size=40).map("".join))
def test_every_yaml_syntax_message_is_french(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("yaml") / "x.yml"
    path.write_text(text, "utf-8", errors="surrogatepass")
    doc, problems = yamlsource.read_yaml(path)
    for problem in problems:
        if problem.message.startswith("YAML invalide : "):
            reason = problem.message.removeprefix("YAML invalide : ").split(" (la lecture")[0]
            assert reason in FRENCH_REASONS, problem.message
        assert problem.line <= text.count("\n") + 1, (problem, text)


# -- huge files: never read past the limit -----------------------------------------------------

def test_a_file_that_lies_about_its_size_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "grossit.yml"
    path.write_bytes(b"# " + b"x" * (yamlsource.MAX_BYTES + 500))
    real_stat = Path.stat

    class Small:
        st_mode = real_stat(path).st_mode
        st_size = 10

    monkeypatch.setattr(Path, "stat", lambda self, **kw: Small() if self == path else real_stat(self, **kw))
    asked = []
    real_open = Path.open

    def spying_open(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        real_read = handle.read

        class Spy:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def read(self, size=-1):
                asked.append(size)
                return real_read(size)

        return Spy()

    monkeypatch.setattr(Path, "open", spying_open)
    raw, problem = yamlsource.read_bounded(path)
    assert raw is None
    assert "fichier trop gros (maximum 1 Mo)" in problem.message
    assert asked == [yamlsource.MAX_BYTES + 1]


def test_a_fifo_is_never_opened(tmp_path):
    root = copy_sources(tmp_path / "project")
    os.mkfifo(root / "cases" / "tube.yml")
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)  # would block forever if the pipe were opened
    assert [(p.path.name, p.line, p.field) for p in info.value.problems] == [("tube.yml", 1, "")]
    assert "ce n'est pas un fichier ordinaire" in info.value.problems[0].message


def test_a_folder_named_like_a_case_file_is_reported(tmp_path):
    root = copy_sources(tmp_path / "project")
    (root / "cases" / "dossier.yml").mkdir()
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    assert "cases/dossier.yml:1:1: (document) : c'est un dossier, pas un fichier" in info.value.report()


@pytest.mark.parametrize("error, message", [
    (PermissionError(13, "Permission denied"), "fichier illisible : droits d'accès insuffisants"),
    (FileNotFoundError(2, "No such file or directory"), "fichier disparu pendant la lecture"),
    (OSError(5, "Input/output error"), "fichier illisible (Input/output error)"),
])
def test_a_file_that_cannot_be_read_is_named_in_french(tmp_path, monkeypatch, capsys, error, message):
    """Unreadable (root reads everything, so the refusal is simulated), deleted between
    the listing and the reading, or a disk error: a named problem, exit code 1."""
    root = copy_sources(tmp_path / "project")
    real_open = Path.open

    def refusing_open(self, *args, **kwargs):
        if self.name == "liess.yml":
            raise error
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    assert f"{LIESS}:1:1: (document) : {message}" in info.value.report()
    assert cli_main(["validate", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{LIESS}:1:1: (document) : {message}" in err and "Erreur inattendue" not in err


def test_hidden_files_are_not_sources(tmp_path):
    """An editor's lock file (``.#x.yml``, a dangling link) never breaks the build."""
    root = copy_sources(tmp_path / "project")
    (root / "cases" / ".#liess.yml").symlink_to("user@host.1234")
    assert len(load_corpus(root).cases) == 4


def test_a_symlink_inside_the_project_is_read(tmp_path):
    root = copy_sources(tmp_path / "project")
    (root / "archives").mkdir()
    (root / LIESS).rename(root / "archives" / "liess.yml")
    (root / LIESS).symlink_to(Path("..") / "archives" / "liess.yml")
    assert len(load_corpus(root).cases) == 4


# -- many problems: the report is capped --------------------------------------------------------

def many_problems(root: Path, count: int) -> None:
    text = (root / BOSSUET).read_text("utf-8")
    start = text.index("quotes:\n")
    (root / BOSSUET).write_text(text[:start] + "quotes:\n" + "  - 1\n" * count, "utf-8")


def test_thousands_of_problems_are_counted_not_all_printed(tmp_path):
    root = copy_sources(tmp_path / "project")
    many_problems(root, 5000)
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    assert len(info.value.problems) == 5000
    lines = info.value.report().splitlines()
    assert lines[0] == "5000 problèmes dans les sources :"
    assert len(lines) == REPORT_LIMIT + 2
    assert lines[-1] == ("… et 4800 autres problèmes, non affichés : corrigez ceux-ci, "
                         "puis relancez la vérification.")
    first = line_of(root, BOSSUET, "quotes:") + 1
    assert lines[1].startswith(f"{BOSSUET}:{first}:5: quotes[0] : type attendu : ensemble de champs")


def test_a_short_report_is_not_capped(tmp_path):
    root = copy_sources(tmp_path / "project")
    many_problems(root, REPORT_LIMIT)
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    assert len(info.value.report().splitlines()) == REPORT_LIMIT + 1
    assert "autres problèmes" not in info.value.report()


# -- the command never prints a traceback --------------------------------------------------------

HOSTILE_BITS = st.sampled_from([
    "\n", "  ", "- ", ": ", "[", "]", "{", "}", '"', "'", "&a ", "*a", "<<: ", "!!python/object:os.system ",
    "!!binary ", "\\ud800", "\\0", "\\U00110000", "\\x85", "\t", "\ufeff", "\x85", "\u00a0", "\u2028", "id: ",
    "quotes:", "indicators: ", "A1", "A1.1", "2021-02-30", "9" * 5000, "1e400", ".nan", "~",
])


@FAST
@given(text=st.one_of(st.lists(HOSTILE_BITS | st.text(max_size=6), max_size=50).map("".join),
                      st.binary(max_size=200)))
def test_validate_never_prints_a_traceback(workspace, capsys, text):
    target = workspace / BOSSUET
    original = target.read_bytes()
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        code = cli_main(["validate", "--root", str(workspace)])
    finally:
        target.write_bytes(original)
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in err and "Erreur inattendue" not in err, err
    assert re.match(r"(1 problème|[0-9]+ problèmes) dans les sources :\n", err), err
    (out + err).encode("utf-8")
    assert str(workspace) not in err


@pytest.mark.parametrize("content", [
    b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b]\n"
    b"d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    b"[" * 100_000 + b"]" * 100_000,
    b"- " * 20_000 + b"x\n",
    b"id: " + b"9" * 100_000 + b"\n",
    b"id: 0x" + b"f" * 50_000 + b"\n",
], ids=["billion-laughs", "deep-flow", "deep-block", "huge-integer", "huge-hex"])
def test_validate_is_bounded_on_hostile_files(workspace, capsys, content):
    target = workspace / BOSSUET
    original = target.read_bytes()
    target.write_bytes(content)
    try:
        code = cli_main(["validate", "--root", str(workspace)])
    finally:
        target.write_bytes(original)
    err = capsys.readouterr().err
    assert code == 1
    assert f"{BOSSUET}:" in err and "Traceback" not in err and "Erreur inattendue" not in err, err


def test_new_case_never_writes_beside_an_upper_case_twin(tmp_path):
    """``x.YML`` is a case file: ``new-case`` must not create ``x.yml`` next to it."""
    from coopsite.scaffold import NewCase, ScaffoldError, write_case

    root = copy_sources(tmp_path / "project")
    (root / LIESS).rename(root / "cases" / "liess.YML")
    with pytest.raises(ScaffoldError, match=r"cases/liess\.YML existe déjà"):
        write_case(root, NewCase("liess", "LIESS", "organisation", "Limoges", "table-ronde-2021-10-20",
                                 "Prénom Nom", "", ""))
    assert not (root / LIESS).exists()


def test_an_unreadable_folder_is_a_problem(tmp_path, monkeypatch):
    root = copy_sources(tmp_path / "project")
    events = root / "cases" / "evenements"
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self == events:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # as root, chmod 0 would not stop the reading
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    assert "cases/evenements:1:1: (document) : dossier illisible (Permission denied)" in info.value.report()
