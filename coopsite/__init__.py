"""Core of the generator of cooperation knowledge sites (testimonies, an analysis grid, a self-test).

This package turns the YAML sources (``grid/``, ``cases/``) into a validated
domain model, renders it to Markdown/HTML fragments through Jinja templates
kept as files, and exports it as open data. It never imports MkDocs: the
MkDocs hooks in ``hooks/`` are a thin adapter over it.

Rooms, one per job:

* ``config``            – where the sources live and how URLs are built;
* ``structure/``        – YAML loading with positions, schemas, validation, model;
* ``renderer/``         – Jinja environment and templates (a quote becomes HTML in
                          ``renderer/templates/partials/quote.html.j2``);
* ``export/``           – JSON/CSV open data and the self-test payload;
* ``site``              – the list of generated pages, shared by hooks and export
                          (each one a ``generated.GeneratedFile``);
* ``selftest``          – the self-test page, its embed page and its JSON payload;
* ``cli``               – ``validate``, ``export`` and ``new-case`` commands.
"""

__version__ = "0.3.0"
