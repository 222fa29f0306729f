"""What only the generator's own tests need beyond a site's checks, installed when missing.

``python3 tasks.py test`` in the generator's home runs this before pytest (``coopsite/jobs/``);
a site's tests never need it. Each tool is pinned here and used by the test named beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coopsite.jobs.tools import apt_install, npm_install

ROOT = Path(__file__).resolve().parent.parent
# pa11y (HTML_CodeSniffer), tests/browser/test_pa11y.py: with Debian's Chromium, never its own download.
PA11Y_VERSION = "9.1.1"
# gitlab-ci-local runs .gitlab-ci.yml's jobs (tests/test_pipelines.py); 4.75 needs Node 22.
GITLAB_CI_LOCAL_VERSION = "4.70.1"
# Debian packages: the web servers of tests/browser/test_security.py, rsync, which gitlab-ci-local
# needs, and LibreOffice, which saves the reports the import reads (tests/import_files.py).
PACKAGES = (("nginx", "/usr/sbin/nginx"), ("apache2-bin", "/usr/sbin/apache2"), ("rsync", "/usr/bin/rsync"),
            ("libreoffice-writer-nogui", "/usr/bin/soffice"))


def main() -> int:
    missing = [package for package, path in PACKAGES if not Path(path).exists()]
    if missing:
        apt_install(" ".join(missing), "Les serveurs web des tests (nginx, Apache), rsync et LibreOffice",
                    ", ".join(path for _, path in PACKAGES))
    npm_install(ROOT, "pa11y", PA11Y_VERSION, env={"PUPPETEER_SKIP_DOWNLOAD": "1"})
    npm_install(ROOT, "gitlab-ci-local", GITLAB_CI_LOCAL_VERSION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
