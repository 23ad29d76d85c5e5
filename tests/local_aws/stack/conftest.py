"""The whole stack applied and destroyed through `make deploy-local` / `make destroy-local` takes
minutes (the provider's own fixed waits: an SQS queue ~26 s, an OpenSearch collection 30 s, an S3
lifecycle rule ~30-60 s). It runs as `make test-local-aws` (part of `make test`), which sets
LOCAL_AWS_STACK=1; a plain pytest run does not collect it."""

from __future__ import annotations

import os

collect_ignore_glob = [] if os.environ.get("LOCAL_AWS_STACK") == "1" else ["test_*.py"]
