"""Synthetic corpus for the benchmark: N cases × M quotes, French text, valid references.

The site (grid, docs, hooks, theme overrides, mkdocs.yml, site.yml) is copied as it
is; ``cases/`` is replaced by generated round tables and cases. The output is
deterministic for a given (N, M, seed), so every run measures the same site.

    python bench/corpus.py DEST --cases 100 --quotes 4
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_PER_EVENT = 10

# Vocabulary for plausible French sentences about territorial cooperation.
SUBJECTS = [
    "la coopérative", "notre collectif", "le pôle territorial", "l’association", "la communauté de communes",
    "le tiers-lieu", "la régie de quartier", "le réseau des entrepreneurs", "la recyclerie", "l’épicerie solidaire",
    "le groupement d’employeurs", "la couveuse d’activités", "la ressourcerie", "le chantier d’insertion",
]
VERBS = [
    "a mutualisé", "a construit", "anime", "accompagne", "a ouvert", "porte", "finance", "partage",
    "expérimente", "structure", "développe", "a relancé",
]
OBJECTS = [
    "un local commun avec trois structures voisines", "des achats groupés pour les producteurs du territoire",
    "une offre d’emploi partagée entre associations", "des formations ouvertes aux habitants",
    "un fonds de solidarité alimenté par les membres", "une gouvernance où chaque partenaire a sa voix",
    "une plateforme de mobilité pour les salariés en insertion", "des ateliers de réparation accessibles à tous",
    "un comité de suivi avec la collectivité", "un projet alimentaire territorial",
    "une filière de réemploi des matériaux du bâtiment", "des rencontres régulières entre élus et entrepreneurs",
]
TAILS = [
    "depuis trois ans", "avec le soutien de la région", "sans subvention au départ", "en lien avec les élus locaux",
    "malgré des débuts difficiles", "grâce à la confiance construite pas à pas", "pour répondre à un besoin du quartier",
    "en s’appuyant sur les habitants", "avec des partenaires privés du territoire",
]
QUOTE_STARTS = [
    "Ce qui nous a fait avancer, c’est", "On a compris très vite que", "Le plus difficile, ça a été",
    "Aujourd’hui, ce qui compte pour nous, c’est", "Sans les autres structures, jamais on n’aurait",
    "Ce qu’on a appris, c’est que", "Au départ, personne ne croyait que",
]
FIRST_NAMES = ["Camille", "Dominique", "Élodie", "François", "Hélène", "Jérôme", "Léa", "Mathieu", "Noémie",
               "Pascal", "Sophie", "Thierry", "Valérie", "Yannick", "Zoé", "Amélie", "Benoît", "Cécile"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Fournier", "Mercier", "Rousseau",
              "Blanc", "Guérin", "Muller", "Faure", "André", "Chevalier", "Garnier"]
PLACES = ["Poitiers", "Niort", "La Rochelle", "Angoulême", "Limoges", "Bordeaux", "Pau", "Périgueux", "Agen",
          "Mont-de-Marsan", "Bayonne", "Guéret", "Tulle", "Saintes", "Bressuire", "Cognac"]
# The département of each town (its official code), for the search's « Département » filter.
PLACE_DEPARTEMENTS = {"Poitiers": "86", "Niort": "79", "La Rochelle": "17", "Angoulême": "16", "Limoges": "87",
                      "Bordeaux": "33", "Pau": "64", "Périgueux": "24", "Agen": "47", "Mont-de-Marsan": "40",
                      "Bayonne": "64", "Guéret": "23", "Tulle": "19", "Saintes": "17", "Bressuire": "79",
                      "Cognac": "16"}
ROLES = ["directrice", "directeur", "chargée de mission", "coordinateur", "présidente", "animateur de réseau",
         "responsable de projet", "co-gérante"]
ORGS = ["SCIC Territoires solidaires", "Association Les Liens", "CAE Entreprendre ensemble", "Régie du Val",
        "Pôle Coop’Action", "Tiers-lieu La Fabrique", "Ressourcerie du Marais"]


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _indicator_ids(root: Path) -> list[str]:
    grid_file = next(p for p in sorted((root / "grid").iterdir()) if p.suffix in (".yml", ".yaml"))
    grid = yaml.safe_load(grid_file.read_text("utf-8"))
    return [ind["id"] for g in grid["general_objectives"] for m in g["main_objectives"] for ind in m["indicators"]]


def _event(index: int, rng: random.Random) -> dict:
    year, month, day = 2015 + index % 10, 1 + index % 12, 1 + index % 28
    place = rng.choice(PLACES)
    return {
        "id": f"table-ronde-{index + 1:04d}",
        "title": f"Coopérer à {place} : rencontre n° {index + 1}",
        "date": f"{year:04d}-{month:02d}-{day:02d}",
        "organiser": "PQN-A",
        "place": place,
        "summary": _paragraph(rng, 4),
        "aims": [_sentence(rng) for _ in range(3)],
        "framing": _paragraph(rng, 3),
        "contact": {"name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "role": rng.choice(ROLES),
                    "organisation": "PQN-A", "email": "contact@example.org"},
        "report_url": "https://example.org/compte-rendu",
        "replay_url": "",
    }


def _case(index: int, event_id: str, quotes: int, indicators: list[str], rng: random.Random) -> dict:
    case_id = f"temoin-{index + 1:05d}"
    people = []
    for p in range(rng.randint(1, 3)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append({"id": f"personne-{p + 1}", "name": f"{first} {last}", "role": rng.choice(ROLES),
                       "organisation": rng.choice(ORGS)})
    quote_list = []
    for q in range(quotes):
        start = rng.choice(QUOTE_STARTS)
        body = f"{start} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
        quote_list.append({
            "id": f"{case_id}-citation-{q + 1}",
            "text": body + ". " + _sentence(rng),
            "speaker": rng.choice(people)["id"],
            "indicators": rng.sample(indicators, rng.randint(1, 4)),
            "rationale": _sentence(rng),
        })
    title = f"{rng.choice(ORGS)} ({rng.choice(PLACES)}) n° {index + 1}"
    place = rng.choice(PLACES)
    return {
        "id": case_id,
        "title": title,
        "kind": "organisation" if index % 5 else "grand-temoin",
        "territory": f"{place} et alentours",
        "departements": [PLACE_DEPARTEMENTS[place]],
        "event": event_id,
        "people": people,
        "summary": _paragraph(rng, 5) + "\n\n" + _paragraph(rng, 3),
        "facts": [{"text": _sentence(rng), "source_url": f"https://example.org/source/{index + 1}",
                   "source_title": "Rapport d’activité"}],
        "links": [{"label": "Site de la structure", "url": f"https://example.org/structure/{index + 1}"}],
        "quotes": quote_list,
    }


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), "utf-8")


def make_project(dest: Path, cases: int, quotes: int, seed: int = 2021) -> Path:
    """Copy the project into ``dest`` with ``cases`` generated cases of ``quotes`` quotes each."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("grid", "docs", "hooks", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "site.yml"):
        shutil.copy(ROOT / name, dest / name)
    rng = random.Random(seed)
    indicators = _indicator_ids(ROOT)
    (dest / "cases" / "evenements").mkdir(parents=True)
    events = [_event(i, rng) for i in range(max(1, -(-cases // CASES_PER_EVENT)))]
    for event in events:
        _dump(dest / "cases" / "evenements" / f"{event['id']}.yml", event)
    for index in range(cases):
        case = _case(index, events[index // CASES_PER_EVENT]["id"], quotes, indicators, rng)
        _dump(dest / "cases" / f"{case['id']}.yml", case)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère un corpus de test (N témoignages × M citations).")
    parser.add_argument("dest", type=Path, help="dossier du projet à créer (écrasé s'il existe)")
    parser.add_argument("--cases", type=int, default=100, help="nombre de témoignages (défaut : 100)")
    parser.add_argument("--quotes", type=int, default=4, help="citations par témoignage (défaut : 4)")
    parser.add_argument("--seed", type=int, default=2021, help="graine du hasard (défaut : 2021)")
    args = parser.parse_args(argv)
    make_project(args.dest, args.cases, args.quotes, args.seed)
    print(f"{args.cases} témoignages × {args.quotes} citations écrits dans {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
