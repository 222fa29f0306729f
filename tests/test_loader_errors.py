"""The loader on malformed sources: every problem, at its exact place, in French.

Each case copies the real ``cases/`` and ``grid/``, breaks one file, loads the
copy and checks the problem's file, line, column (when it matters), field path,
message and hint, and that the formatted report shows ``file:line:column``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed
from tests.helpers import ROOT, column_of, copy_sources, edit, line_of, tree_digest

CAP = "cases/cap-solidaire.yml"
CAE = "cases/cae-grand-poitiers.yml"
LIESS = "cases/liess.yml"
BOSSUET = "cases/stephane-bossuet.yml"
EVENT = "cases/evenements/table-ronde-2021-10-20.yml"
GRID = "grid/ptce-2012.yml"


@dataclass
class Expect:
    rel: str
    line: int
    field: str
    message: str
    hint: str = ""
    column: int | None = None
    alone: bool = True  # the only problem of the whole corpus


def load_problems(root: Path):
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    return info.value


def find(failed: ValidationFailed, expect: Expect):
    """The problem matching ``expect`` (file, line, field, message), with a readable failure."""
    name = Path(expect.rel).name
    matches = [p for p in failed.problems
               if p.path.name == name and p.line == expect.line and p.field == expect.field
               and expect.message in p.message]
    assert matches, f"attendu {expect}, trouvé :\n{failed.report()}"
    return matches[0]


# -- the cases: each breaks one thing and says where the problem must be -----------------------

def yaml_syntax(root):
    edit(root, CAP, "kind: organisation\n", "kind: organisation: oops\n")
    return Expect(CAP, line_of(root, CAP, "kind: organisation: oops"), "", "YAML invalide : deux-points inattendu",
                  "entre guillemets", column=19)


def tab_indentation(root):
    edit(root, CAP, "\n  - id: clement-bosredon\n", "\n\t- id: clement-bosredon\n")
    return Expect(CAP, line_of(root, CAP, "\t- id: clement-bosredon"), "", "tabulation", "espaces", column=1)


def duplicate_key(root):
    first = line_of(root, CAP, "title: Cap Solidaire")
    edit(root, CAP, "kind: organisation\n", "kind: organisation\ntitle: Autre titre\n")
    return Expect(CAP, line_of(root, CAP, "title: Autre titre"), "title",
                  f"clé « title » en double (déjà à la ligne {first})", column=1)


def alias_and_anchor(root):
    edit(root, CAP, "territory: Sud-Gironde", "territory: &lieu Sud-Gironde")
    edit(root, CAP, "event: table-ronde-2021-10-20", "event: *lieu")
    # The problem is where the alias is used, not where the anchor is.
    return Expect(CAP, line_of(root, CAP, "event: *lieu"), "event", "ancres et alias", column=8)


def unknown_field(root):
    edit(root, CAP, "kind: organisation\n", "kind: organisation\ntitel: Cap Solidaire\n")
    return Expect(CAP, line_of(root, CAP, "titel:"), "titel", "champ inconnu « titel »",
                  "vouliez-vous dire « title » ?", column=1)


def unknown_field_in_quote(root):
    edit(root, CAP, "    rationale: La gouvernance", "    rationnale: La gouvernance")
    return Expect(CAP, line_of(root, CAP, "rationnale:"), "quotes[1].rationnale", "champ inconnu",
                  "vouliez-vous dire « rationale » ?", column=5, alone=False)


def missing_required_field(root):
    edit(root, CAP, "    rationale: La gouvernance du réseau tient entièrement à l’engagement de bénévoles.\n", "")
    return Expect(CAP, line_of(root, CAP, "- id: cap-solidaire-gouvernance-benevole"), "quotes[1].rationale",
                  "champ obligatoire manquant : « rationale »", "pourquoi cette citation", column=5)


def missing_top_level_field(root):
    edit(root, BOSSUET, "\nterritory:", "\nterritoire:")
    return Expect(BOSSUET, line_of(root, BOSSUET, "territoire:"), "territoire", "champ inconnu « territoire »",
                  "vouliez-vous dire « territory » ?", alone=False)


def wrong_type(root):
    edit(root, CAP, "indicators: [A3.3, B2.1, B2.2, B2.3]", "indicators: A3.3")
    return Expect(CAP, line_of(root, CAP, "indicators: A3.3"), "quotes[0].indicators",
                  "type attendu : liste, trouvé : texte", "une ligne par élément", column=17)


def wrong_enum(root):
    edit(root, CAP, "kind: organisation\n", "kind: organization\n")
    return Expect(CAP, line_of(root, CAP, "kind: organization"), "kind", "valeur « organization » non acceptée",
                  "vouliez-vous dire « organisation » ?", column=7)


def empty_text(root):
    edit(root, LIESS, "On a réussi à avoir une structure qui fonctionne avec une gouvernance partagée\n", '""\n')
    return Expect(LIESS, line_of(root, LIESS, 'text: ""'), "quotes[1].text", "texte vide", column=11)


def whitespace_only_text(root):
    edit(root, BOSSUET, "On coopère rarement entre structures, on coopère entre des personnes\n", '"  \\t  "\n')
    return Expect(BOSSUET, line_of(root, BOSSUET, 'text: "  \\t  "'), "quotes[2].text", "texte vide", column=11)


def null_text(root):
    edit(root, BOSSUET, " On coopère rarement entre structures, on coopère entre des personnes\n", "\n")
    return Expect(BOSSUET, line_of(root, BOSSUET, "- id: bossuet-cooperer-entre-personnes") + 1,
                  "quotes[2].text", "type attendu : texte, trouvé : vide", "après les deux-points")


def unknown_indicator(root):
    edit(root, CAP, "indicators: [A3.3, B2.1, B2.2, B2.3]", "indicators: [A3.3, B2.10, B2.2, B2.3]")
    return Expect(CAP, line_of(root, CAP, "B2.10"), "quotes[0].indicators[1]", "indicateur inconnu « B2.10 »",
                  "vouliez-vous dire « B2.1 » ?", column=column_of(root, CAP, "B2.10"))


def indicator_cited_twice(root):
    edit(root, CAP, "indicators: [A3.3, B2.1, B2.2, B2.3]", "indicators: [A3.3, B2.1, B2.1, B2.3]")
    return Expect(CAP, line_of(root, CAP, "[A3.3, B2.1, B2.1, B2.3]"), "quotes[0].indicators[2]",
                  "indicateur « B2.1 » cité deux fois", column=column_of(root, CAP, "B2.1, B2.3"))


def unknown_speaker(root):
    edit(root, BOSSUET, "speaker: stephane-bossuet\n", "speaker: stephane-bosuet\n")
    return Expect(BOSSUET, line_of(root, BOSSUET, "speaker: stephane-bosuet"), "quotes[0].speaker",
                  "personne inconnue « stephane-bosuet »", "vouliez-vous dire « stephane-bossuet » ?", column=14)


def unknown_speaker_in_list(root):
    edit(root, LIESS, "speaker: [marion-bergognon, matthieu-tanty]", "speaker: [marion-bergognon, matthieu-tandy]")
    return Expect(LIESS, line_of(root, LIESS, "matthieu-tandy"), "quotes[0].speaker[1]",
                  "personne inconnue « matthieu-tandy »", "vouliez-vous dire « matthieu-tanty » ?",
                  column=column_of(root, LIESS, "matthieu-tandy"))


def unknown_event(root):
    edit(root, CAE, "event: table-ronde-2021-10-20", "event: table-ronde-2021-10-02")
    return Expect(CAE, line_of(root, CAE, "event: table-ronde-2021-10-02"), "event",
                  "événement inconnu « table-ronde-2021-10-02 »", "vouliez-vous dire « table-ronde-2021-10-20 » ?",
                  column=8)


def duplicate_case_id(root):
    edit(root, LIESS, "\nid: liess\n", "\nid: cap-solidaire\n")
    first = _top_id_line(root, CAP)
    return Expect(LIESS, _top_id_line(root, LIESS), "id", "témoignage « cap-solidaire » en double",
                  f"déjà utilisé dans cases/cap-solidaire.yml:{first}", column=5, alone=False)


def duplicate_quote_id(root):
    edit(root, LIESS, "- id: liess-cooperation-logique", "- id: cap-solidaire-defi-double")
    first = line_of(root, CAP, "- id: cap-solidaire-defi-double")
    return Expect(LIESS, line_of(root, LIESS, "- id: cap-solidaire-defi-double"), "quotes[0].id",
                  "citation « cap-solidaire-defi-double » en double",
                  f"déjà utilisée dans cases/cap-solidaire.yml:{first}", column=9)


def id_not_matching_file_name(root):
    edit(root, BOSSUET, "\nid: stephane-bossuet\n", "\nid: stephane-bossuet-bis\n")
    return Expect(BOSSUET, _top_id_line(root, BOSSUET), "id",
                  "l'identifiant « stephane-bossuet-bis » ne reprend pas le nom du fichier",
                  "stephane-bossuet-bis.yml", column=5)


def event_id_not_matching_file_name(root):
    # The cases still name the file: they must not be reported as well.
    edit(root, EVENT, "\nid: table-ronde-2021-10-20\n", "\nid: table-ronde-octobre\n")
    return Expect(EVENT, _top_id_line(root, EVENT), "id", "ne reprend pas le nom du fichier", column=5)


def impossible_date(root):
    edit(root, EVENT, 'date: "2021-10-20"', 'date: "2021-13-45"')
    return Expect(EVENT, line_of(root, EVENT, "date:"), "date", "la date « 2021-13-45 » n'existe pas",
                  "AAAA-MM-JJ", column=7)


def impossible_unquoted_date(root):
    edit(root, EVENT, 'date: "2021-10-20"', "date: 2021-02-30")
    # Quoting it would only lead to another error: the hint asks for a real date.
    return Expect(EVENT, line_of(root, EVENT, "date:"), "date", "la date « 2021-02-30 » n'existe pas",
                  "écrivez une date réelle au format AAAA-MM-JJ", column=7)


def grid_level_without_children(root):
    text = (root / GRID).read_text("utf-8")
    start = text.index("        indicators:\n", text.index("      - id: A1\n"))
    end = text.index("      - id: A2\n")
    (root / GRID).write_text(text[:start] + "        indicators: []\n" + text[end:], "utf-8")
    # The grid is broken: the quotes citing A1.x must not be reported on top of it.
    return Expect(GRID, line_of(root, GRID, "indicators: []"), "general_objectives[0].main_objectives[0].indicators",
                  "la liste est vide", "au moins un élément", column=21)


def duplicate_grid_id(root):
    first = line_of(root, GRID, "- id: A1.1")
    edit(root, GRID, "- id: A1.2\n", "- id: A1.1\n")
    second = [n for n, line in enumerate((root / GRID).read_text("utf-8").splitlines(), 1) if "- id: A1.1" in line]
    assert second[0] == first
    # Stéphane Bossuet's quote cites A1.2, which no longer exists: also reported.
    return Expect(GRID, second[1], "general_objectives[0].main_objectives[0].indicators[1].id",
                  "identifiant « A1.1 » en double", f"déjà utilisé ligne {first}", column=17, alone=False)


def bands_with_gap(root):
    edit(root, GRID, "  - min: 25\n", "  - min: 30\n")
    return Expect(GRID, line_of(root, GRID, "min: 30"), "bands[1].min", "sans trou ni chevauchement : attendu 25",
                  column=10)


def javascript_link(root):
    edit(root, CAP, "links: []\n", 'links:\n  - label: Site\n    url: "javascript:alert(1)"\n')
    return Expect(CAP, line_of(root, CAP, "javascript:"), "links[0].url", "forme non acceptée", "http://",
                  column=10)


def data_url_in_fact_source(root):
    edit(root, CAP, "    source_url: https://pqn-a.fr", "    source_url: data:text/html,x")
    return Expect(CAP, line_of(root, CAP, "data:text/html"), "facts[0].source_url", "forme non acceptée", "http://")


def non_utf8_bytes(root):
    path = root / LIESS
    raw = path.read_bytes()
    old = "territory: ".encode()
    assert old in raw
    path.write_bytes(raw.replace(old, old + "Limoges ".encode() + "Défi".encode("latin-1") + b" ", 1))
    line = raw[: raw.index(old)].count(b"\n") + 1
    return Expect(LIESS, line, "", "pas en UTF-8", "UTF-8", column=len("territory: Limoges D") + 1)


def empty_file(root):
    (root / BOSSUET).write_text("", "utf-8")
    return Expect(BOSSUET, 1, "", "fichier vide", column=1)


def comments_only_file(root):
    (root / BOSSUET).write_text("# rien pour l'instant\n\n# à compléter\n", "utf-8")
    return Expect(BOSSUET, 1, "", "fichier vide", column=1)


def several_documents(root):
    with (root / CAE).open("a", encoding="utf-8") as out:
        out.write("---\nid: autre\n")
    return Expect(CAE, line_of(root, CAE, "id: autre"), "", "plusieurs documents YAML", "---", column=1)


def non_mapping_top_level(root):
    (root / LIESS).write_text("- un\n- deux\n", "utf-8")
    return Expect(LIESS, 1, "", "ensemble de champs", column=1)


def too_deep_nesting(root):
    edit(root, CAP, "summary: Réseau", "summary: " + "[" * 45 + "x" + "]" * 45 + "\nformer_summary: Réseau")
    # Refused at depth 41: the summary plus 40 nested lists.
    return Expect(CAP, line_of(root, CAP, "summary: [["), "summary" + "[0]" * 40, "imbrication trop profonde",
                  column=len("summary: ") + 41)


def python_tag(root):
    edit(root, CAP, "territory: Sud-Gironde (Gironde)", "territory: !!python/object/apply:os.system ['true']")
    return Expect(CAP, line_of(root, CAP, "!!python"), "territory", "étiquette YAML non acceptée", column=12)


def control_character(root):
    edit(root, LIESS, "territory: ", "territory: Haute\x00Vienne ")
    return Expect(LIESS, line_of(root, LIESS, "territory:"), "", "caractère interdit", "invisible",
                  column=len("territory: Haute") + 1)


def set_tag_on_a_list(root):
    edit(root, CAP, "indicators: [A3.3, B2.1, B2.2, B2.3]", "indicators: !!set {A3.3, B2.1}")
    return Expect(CAP, line_of(root, CAP, "!!set"), "quotes[0].indicators", "étiquette YAML non acceptée",
                  column=17)


def broken_grid_file(root):
    with (root / GRID).open("a", encoding="utf-8") as out:
        out.write("notes: [\n")
    # The whole grid is unreadable; the 13 quotes' indicators are not reported as unknown.
    # The bracket left open is reported where it was opened, not past the end of the file.
    return Expect(GRID, line_of(root, GRID, "notes: ["), "", "YAML invalide : crochet « [ » ouvert ici et jamais refermé "
                  "(la lecture s'est arrêtée à la fin du fichier)", "refermez la liste avec « ] »",
                  column=len("notes: ") + 1)


def _top_id_line(root: Path, rel: str) -> int:
    lines = (root / rel).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("id: "))


CASES = [
    yaml_syntax, tab_indentation, duplicate_key, alias_and_anchor, unknown_field, unknown_field_in_quote,
    missing_required_field, missing_top_level_field, wrong_type, wrong_enum, empty_text, whitespace_only_text,
    null_text, unknown_indicator, indicator_cited_twice, unknown_speaker, unknown_speaker_in_list, unknown_event,
    duplicate_case_id, duplicate_quote_id, id_not_matching_file_name, event_id_not_matching_file_name,
    impossible_date, impossible_unquoted_date, grid_level_without_children, duplicate_grid_id, bands_with_gap,
    javascript_link, data_url_in_fact_source, non_utf8_bytes, empty_file, comments_only_file, several_documents,
    non_mapping_top_level, too_deep_nesting, python_tag, set_tag_on_a_list, control_character, broken_grid_file,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_malformed_source_is_reported_at_its_place(tmp_path, case):
    root = copy_sources(tmp_path / "project")
    expect = case(root)
    failed = load_problems(root)
    problem = find(failed, expect)

    if expect.column is not None:
        assert problem.column == expect.column, failed.report()
    if expect.hint:
        assert expect.hint in problem.hint, failed.report()
    where = f"{expect.rel}:{expect.line}:{problem.column}"
    assert problem.format(root).startswith(f"{where}: {problem.field or '(document)'} : "), problem.format(root)
    assert where in failed.report()
    assert str(failed) == failed.report()
    if expect.alone:
        assert len(failed.problems) == 1, failed.report()


def test_unknown_field_and_its_missing_twin_are_both_reported(tmp_path):
    root = copy_sources(tmp_path / "project")
    unknown_field_in_quote(root)
    failed = load_problems(root)
    found = sorted((p.field, p.message) for p in failed.problems)
    assert found == [
        ("quotes[1].rationale", "champ obligatoire manquant : « rationale »"),
        ("quotes[1].rationnale", "champ inconnu « rationnale »"),
    ], failed.report()
    assert all(p.path.name == "cap-solidaire.yml" for p in failed.problems)


def test_duplicate_case_id_also_reports_the_file_name(tmp_path):
    root = copy_sources(tmp_path / "project")
    duplicate_case_id(root)
    failed = load_problems(root)
    messages = sorted(p.message for p in failed.problems)
    assert len(failed.problems) == 2, failed.report()
    assert all(p.path.name == "liess.yml" and p.field == "id" for p in failed.problems)
    assert "ne reprend pas le nom du fichier" in messages[0]
    assert "en double" in messages[1]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    root = copy_sources(tmp_path / "project")
    edit(root, CAP, "kind: organisation\n", "kind: organisation: oops\n")
    edit(root, LIESS, "indicators: [A1.1, A3.1]", "indicators: [A1.1, Z9.9]")
    edit(root, LIESS, "speaker: [marion-bergognon, matthieu-tanty]", "speaker: [marion-bergognon, personne]")
    edit(root, GRID, "  - min: 25\n", "  - min: 30\n")
    edit(root, EVENT, 'date: "2021-10-20"', 'date: "2021-02-30"')

    failed = load_problems(root)
    found = {(p.path.name, p.field) for p in failed.problems}
    assert found == {
        ("cap-solidaire.yml", ""),
        ("liess.yml", "quotes[0].indicators[1]"),
        ("liess.yml", "quotes[0].speaker[1]"),
        ("ptce-2012.yml", "bands[1].min"),
        ("table-ronde-2021-10-20.yml", "date"),
    }, failed.report()
    report = failed.report()
    assert report.splitlines()[0] == "5 problèmes dans les sources :"
    for rel, needle in ((CAP, "kind: organisation: oops"), (LIESS, "Z9.9"), (GRID, "min: 30"), (EVENT, "date:")):
        assert f"{rel}:{line_of(root, rel, needle)}:" in report


def test_real_sources_load_and_are_never_written(tmp_path):
    before = tree_digest(ROOT / "cases"), tree_digest(ROOT / "grid")
    corpus = load_corpus(ROOT)
    assert len(corpus.quotes) == 13
    assert (tree_digest(ROOT / "cases"), tree_digest(ROOT / "grid")) == before


def test_broken_sources_are_never_written(tmp_path):
    root = copy_sources(tmp_path / "project")
    edit(root, CAP, "kind: organisation\n", "kind: organisation: oops\n")
    edit(root, LIESS, "indicators: [A1.1, A3.1]", "indicators: [A1.1, Z9.9]")
    before = tree_digest(root)
    load_problems(root)
    assert tree_digest(root) == before
    # No file created either (no cache, no backup, no rewritten copy).
    assert {p.relative_to(root).as_posix() for p in root.rglob("*")} == set(before) | {
        "cases", "cases/evenements", "grid"}


HOSTILE = {
    "random bytes": b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe",
    "nul byte": b"id: a\x00b\n",
    "only a BOM": "\ufeff".encode(),
    "deep flow lists": b"[" * 5000 + b"]" * 5000,
    "deep flow maps": b"{a: " * 3000 + b"1" + b"}" * 3000,
    "deep block lists": "".join("  " * i + "-\n" for i in range(300)).encode(),
    "recursive alias": b"a: &a [*a]\n",
    "billion laughs": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n",
    "undefined alias": b"id: *nowhere\n",
    "merge key": b"base: &b {id: x}\nother:\n  <<: *b\n",
    "python object": b"id: !!python/object/apply:os.system ['echo pwned']\n",
    "binary": b"id: !!binary aGVsbG8=\n",
    "set": b"id: !!set {a, b}\n",
    "custom tag": b"id: !secret valeur\n",
    "complex key": b"? [a, b]\n: c\n",
    "integer key": b"1: un\n2: deux\n",
    "null key": b"~: rien\n",
    "huge integer": b"id: " + b"9" * 5000 + b"\n",
    "huge float": b"id: 1e400\n",
    "nan band": b"id: x\nbands:\n  - {min: .nan, max: .inf, label: a, interpretation: b}\n",
    "scalar document": b"42\n",
    "null document": b"~\n",
    "list document": b"[]\n",
    "directive": b"%YAML 1.1\n---\nid: x\n",
    "end marker": b"---\n...\n",
    "unterminated quote": b'id: "abc\n',
    "bad escape": b'id: "\\q"\n',
    "wrong types everywhere": b"id: 1\ntitle: []\nkind: {}\nquotes: [1, [2], {id: 3}]\npeople: yes\n",
    "indicator objects": b"id: x\nquotes:\n  - indicators: [{id: A1.1}]\n    speaker: [[a]]\n",
    "invalid date": b"id: x\ndate: 2021-99-99\n",
    "timestamp": b"id: 2021-10-20 10:00:00\n",
    "too large": b"# " + b"x" * 1_100_000 + b"\n",
}


@pytest.mark.parametrize("target", [CAP, EVENT, GRID])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_only_validation_failed_escapes(tmp_path, name, target):
    root = copy_sources(tmp_path / "project")
    (root / target).write_bytes(HOSTILE[name])
    with pytest.raises(ValidationFailed) as info:
        load_corpus(root)
    problems = info.value.problems
    assert problems
    assert any(p.path.name == Path(target).name for p in problems), info.value.report()
    for p in problems:
        assert p.line >= 1 and p.column >= 1
        assert "Traceback" not in p.message
        p.format(root)  # formats without error


def test_a_file_that_fails_its_schema_still_gets_its_reference_problems(tmp_path):
    """One run shows everything wrong in a new case file, not one layer at a time."""
    root = copy_sources(tmp_path / "p")
    (root / "cases" / "essai.yml").write_text(
        "id: essai\n"
        "title: Essai\n"
        "kind: association\n"                 # line 3: schema problem
        "territory: Gironde\n"
        "event: table-ronde-2021-10-21\n"     # line 5: unknown event
        "people:\n"
        "  - id: a-b\n"
        "    name: A B\n"
        "summary: x\n"
        "quotes:\n"
        "  - id: essai-1\n"
        "    text: Bonjour\n"
        "    speaker: a-c\n"                  # line 13: unknown speaker
        "    indicators: [A9.1, 12]\n"        # line 14: unknown indicator, and a number (schema)
        "    rationale: r\n", "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    found = {(p.path.name, p.line, p.field) for p in failed.value.problems}
    assert found == {
        ("essai.yml", 3, "kind"),
        ("essai.yml", 5, "event"),
        ("essai.yml", 13, "quotes[0].speaker"),
        ("essai.yml", 14, "quotes[0].indicators[0]"),
        ("essai.yml", 14, "quotes[0].indicators[1]"),
    }, failed.value.report()
    report = failed.value.report()
    assert "vouliez-vous dire « organisation »" in report
    assert "vouliez-vous dire « a-b »" in report
    assert "vouliez-vous dire « table-ronde-2021-10-20 »" in report
