import sys

from evals.planner.suite import main

sys.exit(main())
