"""``python -m coopsite.jobs JOB [options]``: what ``python3 tasks.py JOB`` runs once the generator is installed."""

import sys

from . import main

sys.exit(main(sys.argv[1:]))
