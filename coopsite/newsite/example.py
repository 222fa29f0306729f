"""The example testimony and round table of a new site: placeholders, never invented facts.

They show the format and let the new site build with every listing filled.
Nothing in them is real: no person, address, figure or quote; the texts say
« Exemple — à remplacer ». The round table's date, which the schema requires,
is the day the site was created (a true date, not the round table's).
"""

from __future__ import annotations

import json
from datetime import date

EXAMPLE = "Exemple — à remplacer"
CASE_ID = "exemple"
EVENT_ID = "exemple-table-ronde"
HEADER = ("# EXEMPLE, à remplacer ou à supprimer avant de publier : ce fichier montre le format\n"
          "# et n'a rien de réel (ni personne, ni citation, ni adresse, ni chiffre).\n")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def event_yaml(network: str, grid_title: str, today: date | None = None) -> str:
    today = today or date.today()
    lines = [
        HEADER.rstrip("\n"),
        "# Une table ronde par fichier de cases/evenements/ ; son identifiant reprend le nom du fichier.",
        f"id: {EVENT_ID}",
        "example: true  # publish-check refuse de publier tant que cet exemple est là",
        f"title: {_q(EXAMPLE + ' : le titre de la table ronde')}",
        "# La date est celle de la création du site : remplacez-la par celle de la table ronde (AAAA-MM-JJ).",
        f'date: "{today.isoformat()}"',
        f"organiser: {_q(network)}",
        'place: ""',
        f"summary: {_q(EXAMPLE + ' : ce qui s’est dit, qui était là, pourquoi cette table ronde.')}",
        "aims:",
        f"  - {_q(EXAMPLE + ' : un objectif de la table ronde.')}",
        f"framing: {_q(EXAMPLE + ' : comment les échanges se sont appuyés sur la grille « ' + grid_title + ' ».')}",
        'report_url: ""',
        'replay_url: ""',
    ]
    return "\n".join(lines) + "\n"


def case_yaml(indicator_id: str, indicator_title: str) -> str:
    lines = [
        HEADER.rstrip("\n"),
        "# Guide pas à pas : page « Ajouter un témoignage » du site ; squelette : python3 tasks.py new-case",
        f"id: {CASE_ID}",
        "example: true  # publish-check refuse de publier tant que cet exemple est là",
        f"title: {_q(EXAMPLE + ' : le nom du témoignage')}",
        "kind: organisation  # organisation ou grand-temoin",
        f"territory: {_q(EXAMPLE)}",
        "departements: []",
        f"event: {EVENT_ID}  # un fichier de cases/evenements/",
        "people:",
        "  - id: exemple-personne",
        f"    name: {_q(EXAMPLE + ' : prénom et nom')}",
        '    role: ""',
        '    organisation: ""',
        f"summary: {_q(EXAMPLE + ' : présentez la structure ou la personne en quelques phrases, avec vos mots.')}",
        "facts: []",
        "links: []",
        "quotes:",
        "  - id: exemple-1",
        f"    text: {_q(EXAMPLE + ' : le texte exact d’une citation, sans les guillemets.')}",
        "    speaker: exemple-personne",
        f"    indicators: [{_q(indicator_id)}]  # le premier indicateur de la grille : {indicator_title}",
        f"    rationale: {_q(EXAMPLE + ' : une phrase qui dit pourquoi la citation illustre cet indicateur.')}",
    ]
    return "\n".join(lines) + "\n"
