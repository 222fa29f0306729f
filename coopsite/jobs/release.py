"""``python3 tasks.py release-check``, in the generator's home: build the release and check it.

A release is one tag, ``vX.Y.Z``. Before it is published (the forges' release jobs run this):

- the tag on ``HEAD`` (when there is one), the version of ``pyproject.toml``, the package's
  ``__version__`` and the first released heading of ``CHANGELOG.md`` agree;
- ``python -m build`` makes the sdist and the wheel in ``dist/``, with ``SOURCE_DATE_EPOCH`` set to the
  commit's time, so that two builds of one commit give byte-identical files;
- ``twine check`` reads them as a package index would;
- the wheel holds the package and its data, and nothing else: no tests, no site's content.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

# What a wheel may hold at its root: the package and its metadata.
ALLOWED_TOP = re.compile(r"^(coopsite/|coopsite-[^/]+\.dist-info/)")
# What it must never hold, anywhere: tests, bytecode, a site's content, build leftovers.
FORBIDDEN = re.compile(r"(^|/)(tests?|__pycache__|\.cache|\.venv|site|cases|bench)/|\.pyc$|(^|/)\.DS_Store$")
# Files every site needs from the package, read at run time (coopsite/layers.py, the renderer, new-site).
REQUIRED = ("coopsite/structure/schemas/case.schema.json", "coopsite/renderer/templates/partials/quote.html.j2",
            "coopsite/shared/docs/assets/autodiagnostic/selftest.css", "coopsite/newsite/template/project/tasks.py",
            "coopsite/newsite/template/copier.yml", "coopsite/sitecheck/test_site.py")


class ReleaseRefused(Exception):
    """A French sentence: why the release cannot be made as it is."""


def versions(root: Path) -> dict[str, str]:
    """The version as each place says it (a place that says nothing is left out)."""
    found = {"pyproject.toml": tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]}
    package = re.search(r'^__version__ = "([^"]+)"', (root / "coopsite" / "__init__.py").read_text("utf-8"), re.M)
    if package:
        found["coopsite/__init__.py"] = package.group(1)
    heading = re.search(r"^## (?:v)?(\d+\.\d+\.\d+\S*)", (root / "CHANGELOG.md").read_text("utf-8"), re.M)
    found["CHANGELOG.md"] = heading.group(1) if heading else "(aucun titre de version publiée)"
    tags = git(root, "tag", "--points-at", "HEAD")
    for tag in sorted(tag for tag in tags.split() if re.fullmatch(r"v\d+\.\d+\.\d+\S*", tag)):
        found[f"l'étiquette {tag}"] = tag[1:]
    return found


def check_versions(found: dict[str, str]) -> str:
    """The one version they agree on, or a refusal naming the two that differ."""
    places = list(found.items())
    first_place, first = places[0]
    for place, version in places[1:]:
        if version != first:
            raise ReleaseRefused(f"les versions ne concordent pas : {first_place} dit {first}, {place} dit {version}. "
                                 "Mettez-les d'accord (voir « Publier une version du générateur »).")
    return first


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def source_date(root: Path) -> str:
    """The commit's time (seconds), so that a build of the same commit is the same; else a fixed date."""
    stamp = git(root, "log", "-1", "--format=%ct")
    return stamp if stamp.isdigit() else "1700000000"


def build(root: Path, out: Path, isolated: bool = True) -> list[Path]:
    """The sdist and the wheel of ``root`` in ``out`` (emptied first)."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date(root), "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "build", "--outdir", str(out), *([] if isolated else ["--no-isolation"]), str(root)]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        tail = "\n".join(done.stdout.splitlines()[-10:] + done.stderr.splitlines()[-10:])
        raise ReleaseRefused(f"la construction du paquet a échoué (python -m build) :\n{tail}")
    return sorted(out.iterdir())


def wheel_problems(wheel: Path, network: str = "") -> list[str]:
    """What the wheel holds that it must not, and what it lacks. ``network``: the name of the home's
    own network (its site.yml), which no file of the package may name."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        texts = {name: archive.read(name).decode("utf-8", "replace") for name in names
                 if name.endswith((".py", ".j2", ".md", ".yml", ".json", ".js", ".html", "METADATA"))}
    problems = [f"« {name} » ne doit pas être dans le paquet" for name in names
                if not ALLOWED_TOP.match(name) or FORBIDDEN.search(name)]
    problems += [f"« {name} » manque au paquet" for name in REQUIRED if name not in names]
    if network:
        problems += [f"« {name} » nomme le réseau « {network} » : le générateur ne nomme aucun réseau"
                     for name, text in texts.items() if network in text]
    return problems


def home_network(root: Path) -> str:
    """The ``network`` of the home's site.yml (read without YAML: its one ``network:`` line)."""
    path = root / "site.yml"
    found = re.search(r"^network:\s*[\"']?([^\"'#\n]+?)[\"']?\s*(#.*)?$", path.read_text("utf-8"), re.M) \
        if path.is_file() else None
    return found.group(1).strip() if found else ""


def twine_check(files: list[Path]) -> str:
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
                          capture_output=True, text=True)
    return "" if done.returncode == 0 else (done.stdout + done.stderr).strip()


def main(root: Path, args: list[str]) -> int:
    out = root / "dist"
    try:
        found = versions(root)
        version = check_versions(found)
        places = list(found)
        tagged = any(place.startswith("l'étiquette") for place in places)
        print(f"Version {version} : {', '.join(places[:-1])} et {places[-1]} concordent"
              + ("." if tagged else " (aucune étiquette vX.Y.Z sur ce commit : posez-la avant de publier)."))
        files = build(root, out, isolated="--no-isolation" not in args)
        wheels = [path for path in files if path.suffix == ".whl"]
        if len(wheels) != 1 or not any(path.name.endswith(".tar.gz") for path in files):
            raise ReleaseRefused(f"dist/ devait contenir un .whl et un .tar.gz ; il contient : "
                                 f"{', '.join(p.name for p in files) or 'rien'}")
        if not wheels[0].name.startswith(f"coopsite-{version}-"):
            raise ReleaseRefused(f"le paquet construit ({wheels[0].name}) n'est pas à la version {version}")
        problems = wheel_problems(wheels[0], home_network(root))
        if problems:
            raise ReleaseRefused("le paquet ne contient pas ce qu'il faut :\n  - " + "\n  - ".join(problems))
        refused = twine_check(files)
        if refused:
            raise ReleaseRefused(f"twine check refuse le paquet :\n{refused}")
    except ReleaseRefused as refused:
        print(f"[tasks] Version refusée : {refused}", file=sys.stderr)
        return 1
    for path in files:
        print(f"  dist/{path.name} ({path.stat().st_size // 1024} Ko)")
    print("Prêt à publier : poussez l'étiquette v" + version + " (voir « Publier une version du générateur »).")
    return 0
