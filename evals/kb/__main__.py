import sys

from evals.kb.cli import main

sys.exit(main())
