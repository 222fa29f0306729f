"""The grid as a REFI-QDA codebook (``data/grille.qdc``), for QualCoder, NVivo, ATLAS.ti, MAXQDA.

REFI-QDA Codebook 1.0 (namespace ``urn:QDA-XML:codebook:1.0``): one ``Code`` per
general objective, holding one per main objective, holding one per indicator.
Objectives are not codable (they group), indicators are, named with their id
and title (« A1.1 Interconnaissance des membres »). The French texts go in
``Description``; an indicator's description is followed by its self-test
question. Each code's GUID is derived from the grid's id and the item's id
(UUID version 5), so it stays the same from one build to the next and a
coder's project keeps its links when the codebook is imported again.
"""

from __future__ import annotations

import uuid
from xml.etree import ElementTree

from ..structure.model import Grid

NAMESPACE = "urn:QDA-XML:codebook:1.0"
# The namespace of the GUIDs: fixed, so that a grid's GUIDs never change.
GUIDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:coopsite:refi-qda:codebook")
ORIGIN = "coopsite"


def guid(grid: Grid, item_id: str) -> str:
    return str(uuid.uuid5(GUIDS, f"{grid.id}/{item_id}"))


def _code(parent, grid: Grid, item_id: str, name: str, codable: bool, description: str):
    code = ElementTree.SubElement(parent, f"{{{NAMESPACE}}}Code", {
        "guid": guid(grid, item_id), "name": name, "isCodable": "true" if codable else "false"})
    if description.strip():
        ElementTree.SubElement(code, f"{{{NAMESPACE}}}Description").text = description.strip()
    return code


def codebook(grid: Grid) -> str:
    """The codebook's XML text (UTF-8, accents as they are)."""
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}CodeBook", {"origin": ORIGIN})
    codes = ElementTree.SubElement(root, f"{{{NAMESPACE}}}Codes")
    for general in grid.general_objectives:
        g = _code(codes, grid, general.id, f"{general.id}. {general.title}", False, general.description)
        for main in general.main_objectives:
            m = _code(g, grid, main.id, f"{main.id}. {main.title}", False, main.description)
            for ind in main.indicators:
                text = ind.description + (f"\n\nQuestion de l’autodiagnostic : {ind.question}" if ind.question else "")
                _code(m, grid, ind.id, f"{ind.id} {ind.title}", True, text)
    ElementTree.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
