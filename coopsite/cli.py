"""Command line: ``coopsite validate`` and friends, with no MkDocs involved."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .export.folder import ExportError, export_folder
from .french import slugify
from .scaffold import KIND_LABELS, NewCase, ScaffoldError, event_ids, placeholders, write_case
from .structure.drafts import report as drafts_report
from .structure.loader import load_corpus
from .structure.problems import ValidationFailed


def _corpus_or_report(root: Path):
    """The corpus, or None once its problems are printed in French."""
    try:
        return load_corpus(root)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.root)
    corpus = _corpus_or_report(root)
    if corpus is None:
        return 1
    grid = corpus.grid
    print(
        f"OK : grille « {grid.id} » version {grid.version} "
        f"({len(grid.general_objectives)} objectifs généraux, {len(grid.main_objectives)} objectifs principaux, "
        f"{len(grid.indicators)} indicateurs), {len(corpus.events)} événement(s), "
        f"{len(corpus.cases)} témoignage(s), {len(corpus.quotes)} citation(s)."
    )
    _warn_placeholders(root)
    waiting = drafts_report(corpus)
    if waiting:  # a draft may lack what a person still has to decide: listed, never a failure
        print(waiting)
    return 0


def _warn_placeholders(root: Path) -> None:
    left = placeholders(root)
    if left:
        where = ", ".join(f"{path.relative_to(root).as_posix()}:{line}" for path, line in left)
        print(f"Attention : textes encore « À COMPLÉTER » : {where}")


def _ask(value: str | None, option: str, question: str, default: str = "") -> str:
    """The value of ``option``, or the answer to ``question`` when typing at a terminal."""
    if value is not None:
        return value.strip()
    if not sys.stdin.isatty():
        if default:
            return default
        raise ScaffoldError(f"précisez {option} (ou lancez la commande dans un terminal pour répondre aux questions)")
    shown = f" [{default}]" if default else ""
    answer = input(f"{question}{shown} : ").strip()
    return answer or default


def _ask_optional(value: str | None, question: str) -> str:
    if value is not None or not sys.stdin.isatty():
        return (value or "").strip()
    return input(f"{question} : ").strip()


def cmd_new_case(args: argparse.Namespace) -> int:
    root = Path(args.root)
    try:
        title = _ask(args.title, "--title", "Nom du témoignage (structure ou personne)")
        case_id = _ask(args.id, "--id", "Identifiant (adresse de la page)", slugify(title))
        kind = _ask(args.kind, "--kind", f"Type ({' ou '.join(KIND_LABELS)})", "organisation")
        territory = _ask(args.territory, "--territory", "Territoire, par exemple « Sud-Gironde (Gironde) »")
        events = event_ids(root)
        event = _ask(args.event, "--event", f"Événement ({', '.join(events) or 'aucun'})",
                     events[0] if len(events) == 1 else "")
        name = _ask(args.person, "--person", "Prénom et nom de la personne qui témoigne")
        role = _ask_optional(args.role, "Sa fonction (facultatif)")
        organisation = _ask_optional(args.organisation, "Sa structure (facultatif)")
        path = write_case(root, NewCase(case_id, title, kind, territory, event, name, role, organisation))
    except (EOFError, KeyboardInterrupt):
        print("\nAbandon : rien n'a été écrit.", file=sys.stderr)
        return 1
    except ScaffoldError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    print(f"Créé : {shown}")
    try:
        load_corpus(root)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    print("Le squelette est valide. Remplacez chaque « À COMPLÉTER », puis relancez : python3 tasks.py validate")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    root = Path(args.root)
    site_url = args.site_url if args.site_url is not None else os.environ.get("SITE_URL", "")
    try:
        written = export_folder(root, Path(args.dest), force=args.force, site_url=site_url)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    except ExportError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Erreur : impossible d'écrire dans {args.dest} : {error.strerror}", file=sys.stderr)
        return 1
    pages = sum(1 for p in written if p.suffix == ".md")
    print(f"Exporté : {len(written)} fichiers dont {pages} pages Markdown dans {args.dest}"
          + ("" if site_url else " (sans SITE_URL : pas de codes QR)"))
    print("Une fois le site construit par un autre générateur, écrivez son index de recherche : "
          "coopsite index-search DOSSIER_DU_SITE")
    return 0


def cmd_index_search(args: argparse.Namespace) -> int:
    from .cache import DiskCache
    from .search import SearchIndexError, index_site
    from .structure.loader import load_corpus
    from .structure.problems import ValidationFailed

    root, site = Path(args.root), Path(args.site)
    if not (site / "index.html").is_file():
        print(f"Erreur : {site} ne contient pas de site construit (index.html manquant).", file=sys.stderr)
        return 1
    try:
        cache = DiskCache(root / ".cache" / "coopsite")
        count = index_site(load_corpus(root, cache), site, root / "docs", cache)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    except SearchIndexError as error:
        print(f"Erreur : index de recherche non écrit : {error}", file=sys.stderr)
        return 1
    print(f"Recherche : {count} fiches indexées dans {site / 'pagefind'}")
    return 0


def cmd_harden(args: argparse.Namespace) -> int:
    from .editor import EditorConfigError, Settings
    from .publishing.security import Policies
    from .publishing.servers import harden_site

    root, site = Path(args.root), Path(args.site)
    if not (site / "index.html").is_file():
        print(f"Erreur : {site} ne contient pas de site construit (index.html manquant).", file=sys.stderr)
        return 1
    corpus = _corpus_or_report(root)
    if corpus is None:
        return 1
    try:
        settings = Settings.from_env(os.environ, os.environ.get("REPO_URL", ""))
    except EditorConfigError as error:
        print(f"Erreur : éditeur : {error}", file=sys.stderr)
        return 1
    site_url = args.site_url if args.site_url is not None else os.environ.get("SITE_URL", "")
    policies = Policies(embed_origins=corpus.publication.embed_origins, editor_settings=settings)
    count = harden_site(site, policies, site_url)
    print(f"Sécurité : politique de sécurité dans {count} pages, .htaccess, _headers et nginx.conf écrits dans {site}")
    return 0


def cmd_publish_check(args: argparse.Namespace) -> int:
    from .publishing.check import report

    corpus = _corpus_or_report(Path(args.root))
    if corpus is None:
        return 1
    problems = report(corpus.publication, corpus)
    if problems:
        print(problems, file=sys.stderr)
        return 1
    print("Publication : les informations légales de site.yml sont complètes.")
    if not os.environ.get("SITE_URL"):
        print("Attention : SITE_URL n'est pas donnée ; construisez le site publié avec "
              "SITE_URL=https://adresse-publique/ python3 tasks.py build")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """A round-table report becomes draft testimonies (coopsite/importer/)."""
    from .importer import ImportRefused, ReportError, prepare, summary, write

    root = Path(args.root)
    try:
        plan = prepare(Path(args.report), root)
    except ReportError as error:  # the report itself: unreadable, empty, of another kind
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    except ImportRefused as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    text, _ = summary(plan, dry_run=args.dry_run)
    if plan.existing:
        print(text, file=sys.stderr)
        return 1
    if not args.dry_run:
        try:
            write(plan, root)
        except ImportRefused as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 1
    print(text)
    return 0


def cmd_editor_install(args: argparse.Namespace) -> int:
    from .editor import vendor

    root = Path(args.root)
    try:
        fetched = vendor.install(root)
    except vendor.VendorError as error:
        print(f"Éditeur non installé : {error}.", file=sys.stderr)
        return 1
    for package in fetched:
        print(f"Éditeur : {package.name} {package.version} installé dans .cache/editor/")
    return 0


def cmd_edit_server(args: argparse.Namespace) -> int:
    from .editor.local import API_PATH, make_server

    origins = tuple(args.origin or ("http://127.0.0.1:8000", "http://localhost:8000"))
    try:
        server = make_server(Path(args.root), origins, args.port)
    except OSError as error:
        print(f"Erreur : le port {args.port} n'est pas libre ({error.strerror}).", file=sys.stderr)
        return 1
    print(f"Éditeur local : enregistre dans {Path(args.root).resolve().name}/cases/, "
          f"sur http://127.0.0.1:{args.port}{API_PATH}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .adapter.preview import AddressTaken, main as preview_main  # MkDocs is needed here only

    host, sep, port = args.dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit():
        print(f"Erreur : --dev-addr attend HÔTE:PORT, par exemple 127.0.0.1:8000 (reçu : {args.dev_addr}).",
              file=sys.stderr)
        return 2
    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(f"Erreur : {config_file} introuvable (lancez la commande dans le dossier du site).", file=sys.stderr)
        return 2
    try:
        return preview_main(config_file, host, int(port), args.open, args.build_to)
    except AddressTaken as error:
        print(f"Erreur : impossible d'écouter sur {args.dev_addr} ({error}) : un autre aperçu tourne-t-il déjà ? "
              "Choisissez un autre port avec --dev-addr 127.0.0.1:8001.", file=sys.stderr)
        return 1


def cmd_migrate(args: argparse.Namespace) -> int:
    from .migrations import main as migrate_main

    return migrate_main(Path(args.root).resolve(), args.dry_run)


def cmd_new_site(args: argparse.Namespace) -> int:
    from .newsite import main as new_site_main

    return new_site_main([args.dest, *(["--answers", args.answers] if args.answers else [])])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopsite", description="Outils du site de ressources sur la coopération.")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="vérifie cases/ et grid/ et liste tous les problèmes")
    validate.add_argument("--root", default=".", help="dossier du projet (qui contient cases/ et grid/)")
    validate.set_defaults(func=cmd_validate)

    new_case = sub.add_parser("new-case", help="crée le squelette commenté d'un nouveau témoignage dans cases/",
                              description="Crée cases/<id>.yml, un squelette valide à compléter. "
                                          "Les informations absentes sont demandées ; aucun fichier n'est jamais remplacé.")
    new_case.add_argument("--root", default=".", help="dossier du projet (qui contient cases/ et grid/)")
    new_case.add_argument("--title", help="nom du témoignage, par exemple « Cap Solidaire »")
    new_case.add_argument("--id", help="identifiant, tiré du nom par défaut (cap-solidaire)")
    new_case.add_argument("--kind", help="organisation ou grand-temoin")
    new_case.add_argument("--territory", help="territoire, par exemple « Sud-Gironde (Gironde) »")
    new_case.add_argument("--event", help="identifiant de l'événement (fichier de cases/evenements/)")
    new_case.add_argument("--person", help="prénom et nom de la personne qui témoigne")
    new_case.add_argument("--role", help="sa fonction (facultatif)")
    new_case.add_argument("--organisation", help="sa structure (facultatif)")
    new_case.set_defaults(func=cmd_new_case)

    export = sub.add_parser("export", help="écrit les pages Markdown et les données dans un dossier, sans MkDocs",
                            description="Écrit les pages de docs/, les pages générées et les données ouvertes "
                                        "dans DEST, pour un autre générateur de site.")
    export.add_argument("dest", metavar="DEST", help="dossier de destination (vide, hors des sources)")
    export.add_argument("--root", default=".", help="dossier du projet (qui contient cases/ et grid/)")
    export.add_argument("--force", action="store_true", help="écrire même si DEST n'est pas vide")
    export.add_argument("--site-url", default=None,
                        help="adresse publique du site, pour les codes QR (par défaut : variable SITE_URL)")
    export.set_defaults(func=cmd_export)

    index = sub.add_parser("index-search", help="écrit l'index de recherche d'un site déjà construit",
                           description="Indexe avec Pagefind les citations, témoignages, indicateurs, tables "
                                       "rondes et pages écrites du site construit dans SITE (SITE/pagefind/). "
                                       "MkDocs le fait à chaque construction ; à lancer après un autre générateur.")
    index.add_argument("site", metavar="SITE", help="dossier du site construit (par exemple site/)")
    index.add_argument("--root", default=".", help="dossier du projet (qui contient cases/, grid/ et docs/)")
    index.set_defaults(func=cmd_index_search)

    harden = sub.add_parser("harden", help="écrit la politique de sécurité et les fichiers des serveurs "
                                           "d'un site déjà construit",
                            description="Ajoute à chaque page du site construit dans SITE sa politique de sécurité "
                                        "(Content-Security-Policy) et écrit .htaccess, _headers et nginx.conf. "
                                        "MkDocs le fait à chaque construction ; à lancer après un autre générateur.")
    harden.add_argument("site", metavar="SITE", help="dossier du site construit (par exemple site/)")
    harden.add_argument("--root", default=".", help="dossier du projet (qui contient site.yml)")
    harden.add_argument("--site-url", default=None, help="adresse publique du site (par défaut : variable SITE_URL)")
    harden.set_defaults(func=cmd_harden)

    publish = sub.add_parser("publish-check", help="vérifie avant publication que les informations légales "
                                                    "de site.yml sont complètes",
                             description="Liste en français les champs obligatoires encore vides de site.yml "
                                         "(éditeur, directeur ou directrice de la publication, hébergeur, licence, "
                                         "accessibilité) et refuse la publication tant qu'il en manque.")
    publish.add_argument("--root", default=".", help="dossier du projet")
    publish.set_defaults(func=cmd_publish_check)

    report = sub.add_parser("import", help="importe un compte rendu de table ronde en brouillons de témoignages",
                            description="Lit un compte rendu (.odt, .docx, .md ou .txt) et écrit dans cases/ la "
                                        "table ronde et un témoignage par témoin, en brouillon (draft: true), avec "
                                        "les citations telles qu'écrites et des indicateurs suggérés à confirmer. "
                                        "Aucun fichier n'est jamais remplacé. Guide : « Importer un compte rendu ».")
    report.add_argument("report", metavar="RAPPORT", help="le compte rendu : fichier .odt, .docx, .md ou .txt")
    report.add_argument("--dry-run", action="store_true", help="affiche ce qui serait créé, sans rien écrire")
    report.add_argument("--root", default=".", help="dossier du site (qui contient cases/ et grid/)")
    report.set_defaults(func=cmd_import)

    install = sub.add_parser("editor-install", help="télécharge les fichiers de l'éditeur (Decap CMS, js-yaml) "
                                                     "depuis le registre npm dans .cache/editor/")
    install.add_argument("--root", default=".", help="dossier du projet")
    install.set_defaults(func=cmd_editor_install)

    new_site = sub.add_parser("new-site", help="crée le site d'un autre réseau dans un nouveau dossier",
                              description="Pose les questions (réseau, titre, éditeur, région, couleurs, logo, grille) "
                                          "ou les lit dans un fichier YAML, puis crée le site dans DOSSIER, "
                                          "un dépôt git qui installe le générateur comme un paquet.")
    new_site.add_argument("dest", metavar="DOSSIER", help="le dossier du nouveau site (nouveau ou vide)")
    new_site.add_argument("--answers", metavar="FICHIER", help="les réponses dans un fichier YAML (clés : network, "
                          "title, publisher, region, primary, accent, grid, logo, index)")
    new_site.set_defaults(func=cmd_new_site)

    migrate = sub.add_parser("migrate", help="met les fichiers du site au format de cette version du générateur",
                             description="Applique aux fichiers du site (cases/, grid/, site.yml) les changements de "
                                         "format des versions du générateur ; ne touche aucun fichier déjà à jour.")
    migrate.add_argument("--root", default=".", help="dossier du site")
    migrate.add_argument("--dry-run", action="store_true", help="montre les changements sans rien écrire")
    migrate.set_defaults(func=cmd_migrate)

    serve = sub.add_parser("serve", help="aperçu du site, mis à jour à chaque enregistrement",
                           description="Construit le site une fois, le sert et le met à jour après chaque "
                                       "enregistrement : seulement les pages qu'un changement de cases/ touche, "
                                       "le site entier pour tout autre changement.")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="HÔTE:PORT (127.0.0.1:8000 par défaut)")
    serve.add_argument("-f", "--config-file", default="mkdocs.yml", help="configuration du site (mkdocs.yml)")
    serve.add_argument("-o", "--open", action="store_true", help="ouvre l'aperçu dans le navigateur")
    serve.add_argument("--build-to", type=Path, help=argparse.SUPPRESS)  # the benchmark's clean build
    serve.set_defaults(func=cmd_serve)

    server = sub.add_parser("edit-server", help="enregistre dans cases/ ce que l'éditeur local envoie",
                            description="Le serveur de fichiers du mode local de l'éditeur (tasks.py edit) : "
                                        "sur 127.0.0.1 seulement, il valide tout le corpus avant d'écrire.")
    server.add_argument("--root", default=".", help="dossier du projet")
    server.add_argument("--port", type=int, default=8001, help="port (8001 par défaut)")
    server.add_argument("--origin", action="append", help="adresse du site autorisée (plusieurs possibles)")
    server.set_defaults(func=cmd_edit_server)
    return parser


def main(argv: list[str] | None = None) -> int:
    # A file name or a message that cannot be encoded is shown with escapes, never a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
    except MemoryError:
        print("Erreur : mémoire insuffisante pour lire les sources.", file=sys.stderr)
        return 2
    except Exception as error:  # the last safety net: an editor never gets a traceback
        print(f"Erreur inattendue ({type(error).__name__}) : {error}\n"
              "Ce n'est pas votre faute : signalez-la avec le fichier que vous venez de modifier.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
