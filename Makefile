# The front door. `make help` lists every target.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "; printf "Targets (make <target>):\n"} /^[a-zA-Z_-]+:.*## / {printf "  %-20s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) and installing pinned dependencies (first run only)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned dependencies

.PHONY: lock
lock: ## Re-resolve dependencies from pyproject.toml and rewrite requirements.lock
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | sort > requirements.lock
	rm -rf .venv-lock

.PHONY: lint
lint: $(STAMP) ## ruff (lint + format check), mypy, and the import contract (lint-imports)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

.PHONY: format
format: $(STAMP) ## Apply ruff formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: test
test: lint tf-check browser ## Everything CI runs: lint, types, Terraform checks, pytest (moto), OpenAPI drift, local evals, eval-kb gates
	$(PY) -m pytest
	$(PY) -m evals run
	$(PY) -m evals.kb run --split all

.PHONY: hardening
hardening: $(STAMP) ## Adversarial, malformed, faulty and concurrent inputs (part of make test); prints cases tried
	$(PY) -m pytest tests/hardening

.PHONY: openapi
openapi: $(STAMP) ## Regenerate openapi/<group>.json from the action-group resolvers (commit the result)
	$(PY) -m deploy.openapi

.PHONY: seed
seed: $(STAMP) ## Load sample data: STORE_TABLE=name [ENDPOINT_URL=url] [AWS_REGION=r] [CREATE_TABLES=1]; no table: preview
	$(PY) -m local_bedrock.store.seed \
	  $(if $(STORE_TABLE),--store-table $(STORE_TABLE)) \
	  $(if $(IDEMPOTENCY_TABLE),--idempotency-table $(IDEMPOTENCY_TABLE)) \
	  $(if $(ENDPOINT_URL),--endpoint-url $(ENDPOINT_URL)) \
	  $(if $(AWS_REGION),--region $(AWS_REGION)) \
	  $(if $(CREATE_TABLES),--create-tables)

# --- the local runtime ---------------------------------------------------------------------------
PORT ?= 8000
MODEL ?= offline

.PHONY: demo
demo: $(STAMP) ## Offline, one command: seed, start the endpoint, run a scripted conversation with traces
	$(PY) -m console demo

.PHONY: serve
serve: $(STAMP) ## Serve the agents on 127.0.0.1 [PORT=8000] [MODEL=offline|bedrock] for the console, evals, boto3
	$(PY) -m local_bedrock serve --port $(PORT) --model $(MODEL)

.PHONY: planner-accuracy
planner-accuracy: $(STAMP) ## Offline planner accuracy on the utterance suites in evals/ (prints failures)
	$(PY) -m evals.planner

.PHONY: converse
converse: $(STAMP) ## Which model the runtime would use; ASK="text" [AGENT=name] sends one real Bedrock Converse step
	$(PY) -m local_bedrock.agent.converse_cli $(if $(AGENT),--agent "$(AGENT)") $(if $(ASK),--ask "$(ASK)")

# --- the agent test console ----------------------------------------------------------------------
CONSOLE_PORT ?= 8080
CONSOLE_TARGET = $(if $(ENDPOINT_URL),--endpoint-url $(ENDPOINT_URL)) $(if $(REGION),--region $(REGION)) \
  $(if $(AGENT_ID),--agent-id $(AGENT_ID)) $(if $(ALIAS_ID),--alias-id $(ALIAS_ID)) $(if $(ENDPOINT_URL)$(AGENT_ID),,--model $(MODEL))

.PHONY: console
console: $(STAMP) ## Web console on 127.0.0.1:8080 [CONSOLE_PORT=]; local runtime in-process, or ENDPOINT_URL=url, or REGION= AGENT_ID= ALIAS_ID=
	$(PY) -m console web --port $(CONSOLE_PORT) $(CONSOLE_TARGET)

.PHONY: console-tty
console-tty: $(STAMP) ## Terminal console (REPL, works over SSH); same target options as `make console`
	$(PY) -m console tty $(CONSOLE_TARGET)

.PHONY: test-console
test-console: $(STAMP) browser ## Only the console tests: traces, costs, client, API, Chromium end to end, terminal
	$(PY) -m pytest tests/console

.PHONY: console-screenshot
console-screenshot: $(STAMP) browser ## Refresh docs/console.png (the README's screenshot) from the browser test
	CONSOLE_SCREENSHOT=docs/console.png $(PY) -m pytest -q tests/console/test_web_e2e.py

.PHONY: browser
browser: ## Install Debian's chromium + chromedriver for the browser tests when missing (apt-get, sudo if not root)
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "==> installing Debian's chromium and chromium-driver for the console's browser tests"; \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo apt-get update -q && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; \
	fi

# --- benchmarks (ratios against baselines measured in the same run; never part of make test) ----
.PHONY: bench
bench: bench-action-groups bench-runtime bench-endpoint bench-kb ## Every benchmark below

.PHONY: bench-action-groups
bench-action-groups: $(STAMP) ## Handlers: cold import, warm resolve, items read per page, schema bytes
	$(PY) -m bench.bench_action_groups

.PHONY: bench-runtime
bench-runtime: $(STAMP) ## Whole local turns (p50/p99, turns/s) as ratios to the handler doing the work
	$(PY) -m bench.bench_runtime

.PHONY: bench-endpoint
bench-endpoint: $(STAMP) ## Local InvokeAgent endpoint: turn latency p50/p99 and turns/s, as ratios to in-process
	$(PY) -m bench.bench_endpoint

.PHONY: bench-kb
bench-kb: $(STAMP) ## Offline knowledge base and guardrail: top-1 accuracy, latency as ratios to baselines
	$(PY) -m bench.bench_retriever

include terraform/terraform.mk

.PHONY: clean
clean: ## Remove the virtualenvs, build output, caches and terraform/.terraform
	rm -rf $(VENV) .venv-* build .pytest_cache .mypy_cache .ruff_cache terraform/.terraform

# --------------------------------------------------------------------------- evals and release gate
EVAL_ARGS = $(if $(TARGET),--target $(TARGET)) $(if $(ENDPOINT_URL),--endpoint-url $(ENDPOINT_URL)) \
  $(if $(TAGS),--tags $(TAGS)) $(if $(EXCLUDE_TAGS),--exclude-tags $(EXCLUDE_TAGS)) \
  $(if $(WORKERS),--workers $(WORKERS)) $(if $(THRESHOLD),--threshold $(THRESHOLD)) \
  $(if $(JUDGE),--judge $(JUDGE))

.PHONY: eval
eval: $(STAMP) ## Eval suite: [TARGET=local|aws] [ENDPOINT_URL=] [TAGS=] [EXCLUDE_TAGS=] [WORKERS=] [THRESHOLD=] [JUDGE=llm]
	$(PY) -m evals run $(EVAL_ARGS)

EVAL_KB_ARGS = $(if $(TARGET),--target $(TARGET)) $(if $(SPLIT),--split $(SPLIT)) $(if $(KB_ID),--knowledge-base-id $(KB_ID)) \
  $(if $(AGENT_ID),--agent-id $(AGENT_ID)) $(if $(ALIAS_ID),--alias-id $(ALIAS_ID)) $(if $(REGION),--region $(REGION)) \
  $(if $(ENDPOINT_URL),--endpoint-url $(ENDPOINT_URL)) $(if $(JUDGE),--judge $(JUDGE)) $(if $(BEDROCK_JOB),--bedrock-job)

.PHONY: eval-kb
eval-kb: $(STAMP) ## Knowledge-base eval (retrieval + answers): [TARGET=local|aws] [SPLIT=tuning|blind|all] [KB_ID=] [BEDROCK_JOB=1]
	$(PY) -m evals.kb run $(EVAL_KB_ARGS)

.PHONY: eval-import
eval-import: $(STAMP) ## Console feedback -> scenarios: FEEDBACK=feedback.jsonl [OUT=evals/scenarios/feedback.yaml] [RATING=down]
	$(if $(FEEDBACK),,$(error FEEDBACK is required, e.g. make eval-import FEEDBACK=.local/feedback.jsonl))
	$(PY) -m evals import-feedback $(FEEDBACK) $(if $(OUT),--out $(OUT)) $(if $(RATING),--rating $(RATING))

.PHONY: promote
promote: $(STAMP) ## Release gate: AGENT=assistant|support -> new version, eval it, move `live` only if it passes
	$(if $(AGENT),,$(error AGENT is required, e.g. make promote AGENT=assistant))
	$(PY) -m release promote --agent $(AGENT) $(if $(TAGS),--tags $(TAGS)) \
	  $(if $(EXCLUDE_TAGS),--exclude-tags $(EXCLUDE_TAGS)) $(if $(WORKERS),--workers $(WORKERS)) \
	  $(if $(THRESHOLD),--threshold $(THRESHOLD)) $(if $(JUDGE),--judge $(JUDGE))

.PHONY: rollback
rollback: $(STAMP) ## Point AGENT's `live` alias back to its previous version [VERSION=n]
	$(if $(AGENT),,$(error AGENT is required, e.g. make rollback AGENT=assistant))
	$(PY) -m release rollback --agent $(AGENT) $(if $(VERSION),--version $(VERSION))

.PHONY: release-status
release-status: $(STAMP) ## Which version AGENT's `live` and `candidate` aliases route to, and live's history
	$(if $(AGENT),,$(error AGENT is required, e.g. make release-status AGENT=assistant))
	$(PY) -m release status --agent $(AGENT)
