"""`python -m briefs_tools`: the editors' command line (run with plugins/ on PYTHONPATH, as make does)."""

import sys

from .cli import main

sys.exit(main())
