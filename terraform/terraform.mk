# Terraform, checkov and `make deploy` (included by the Makefile; `make help` lists these).

TF_DIR := terraform
TF_BUILD := build/terraform
TF_OUTPUTS := $(TF_BUILD)/outputs.json
LAMBDA_BUILD := build/lambda

# Provider source: a local filesystem mirror when it holds hashicorp/aws (these machines carry
# one at /opt/tf-plugins), otherwise the public registry (TF_CLI_CONFIG_FILE left as it is).
TF_PLUGIN_MIRROR ?= /opt/tf-plugins
TF_CLI_RC := $(TF_BUILD)/terraformrc
ifneq ($(wildcard $(TF_PLUGIN_MIRROR)/registry.terraform.io/hashicorp/aws/*),)
TF_RC_DEP := $(TF_CLI_RC)
TF_RC_ENV := TF_CLI_CONFIG_FILE=$(abspath $(TF_CLI_RC))
else
TF_RC_DEP :=
TF_RC_ENV :=
endif
TF := $(TF_RC_ENV) terraform -chdir=$(TF_DIR)
TF_INIT_OFFLINE := $(TF) init -input=false -backend=false -lockfile=readonly >/dev/null
# The offline init runs once, again only when the provider lock or a .tf file changes (a new module).
TF_INIT_STAMP := $(TF_DIR)/.terraform/offline-init.stamp
TF_SOURCES := $(shell find $(TF_DIR) -name '*.tf' -not -path '*/.terraform/*')

# The logging configuration make destroy forgets (terraform state rm) rather than deletes when the
# region's setting is no longer this stack's (deploy/invocation_logging.py owner).
INVOCATION_LOGGING_ADDRESS := aws_bedrock_model_invocation_logging_configuration.main[0]

CHECKOV_VENV := .venv-checkov
CHECKOV := $(CHECKOV_VENV)/bin/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV_REQUIREMENTS := $(LOCKS)/checkov.lock
CHECKOV_CHECKS := CKV_PA_1,CKV_PA_2,CKV_PA_3,CKV_PA_4,CKV_PA_5,CKV_PA_6,CKV_PA_10,CKV_PA_11

$(TF_CLI_RC): $(TF_DIR)/.terraformrc.mirror
	@mkdir -p $(@D)
	sed 's#/opt/tf-plugins#$(abspath $(TF_PLUGIN_MIRROR))#' $< > $@

$(CHECKOV_STAMP): $(CHECKOV_REQUIREMENTS) | $(UV)
	@echo "==> creating $(CHECKOV_VENV) from $(CHECKOV_REQUIREMENTS) (checkov pins its own boto3; first run only)"
	@$(UV) venv --quiet --clear --python $(PYTHON) $(CHECKOV_VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(CHECKOV_VENV)/bin/python --require-hashes $(CHECKOV_REQUIREMENTS)
	@touch $@

.PHONY: fmt
fmt: ## terraform fmt (rewrite) over terraform/
	terraform fmt -recursive $(TF_DIR)

.PHONY: tf-fmt-check
tf-fmt-check:
	terraform fmt -check -recursive -diff $(TF_DIR)

$(TF_INIT_STAMP): $(TF_RC_DEP) $(TF_DIR)/.terraform.lock.hcl $(TF_SOURCES)
	$(TF_INIT_OFFLINE)
	@touch $@

# validate and test never configure the provider (test's providers are mock_provider): one provider
# process serves all their runs instead of two started for every phase of every run block
# (scripts/one_provider.sh; tf-test 121 s -> 58 s of CPU, docs/development.md, 2026-12-01).
ONE_PROVIDER := scripts/one_provider.sh $(TF_DIR)

.PHONY: tf-validate
tf-validate: $(TF_INIT_STAMP) ## terraform init (mirror or registry, no backend; once) and validate
	$(ONE_PROVIDER) $(TF) validate

# terraform test runs in a view of the repository without the import blocks `make adopt` generates
# (scripts/module_view.sh, decision 0055): make test's local AWS round trip writes them for a minute.
TF_TEST_VIEW := build/terraform-test

.PHONY: tf-test
tf-test: $(TF_INIT_STAMP) ## terraform test: mock provider, real assertions, no AWS, no provisioners
	scripts/module_view.sh $(TF_TEST_VIEW)
	scripts/one_provider.sh $(TF_TEST_VIEW)/terraform $(TF_RC_ENV) terraform -chdir=$(TF_TEST_VIEW)/terraform test

.PHONY: checkov
# No bytecode written under terraform/: make test's local AWS round trip, running beside this step,
# checks that the root module's files are unchanged, and on a fresh clone checkov's first import of
# the custom checks wrote checkov/checks/__pycache__ in the middle of it (2026-12-01, wt/testtime).
checkov: $(CHECKOV_STAMP) ## checkov (offline) over terraform/ with the custom checks: zero failures
	cd $(TF_DIR) && PYTHONDONTWRITEBYTECODE=1 ../$(CHECKOV) -d . --framework terraform --skip-download --quiet --compact \
		--external-checks-dir checkov/checks
	@echo "checkov: custom checks $(CHECKOV_CHECKS) included"

.PHONY: tf-check
tf-check: tf-fmt-check tf-validate tf-test checkov ## Every offline Terraform check (part of make test)

.PHONY: package
package: $(STAMP) ## Build deterministic build/lambda/code.zip and layer.zip (Lambda python3.13, x86_64)
	$(PY) -m deploy package --out $(LAMBDA_BUILD)

# Credentials are checked before anything is built: first whether any are configured (system
# Python, standard library only, no .venv needed), then, once .venv exists, whether AWS accepts them
# (STS). The targets below run their builds in a sub-make after the first check, so even `make -j`
# cannot build .venv before it.
.PHONY: aws-credentials-configured
aws-credentials-configured:
	@$(PYTHON) -m deploy.credential_sources

.PHONY: aws-credentials
aws-credentials: $(STAMP)
	@$(PY) -m deploy check-credentials

.PHONY: plan
plan: aws-credentials-configured ## terraform plan against your AWS account (reads terraform/terraform.tfvars)
	@$(MAKE) --no-print-directory aws-credentials package $(TF_RC_DEP)
	$(TF) init -input=false
	$(TF) plan -input=false

.PHONY: deploy
deploy: aws-credentials-configured ## Deploy everything: apply, KB upload+ingestion, [SEED=1] seed, smoke test, Slack steps
	@$(MAKE) --no-print-directory aws-credentials package $(TF_RC_DEP)
	$(TF) init -input=false
	@# Import blocks an adoption left (its apply did not finish) are proven again, never applied as
	@# they are: deploy.adopt --again removes the file, plans without it, writes what it proves now.
	@if [ -e $(ADOPT_IMPORTS) ]; then $(ADOPT) --again || echo "==> adoption failed (above); applying without it"; fi
	@# IAM and OpenSearch access are eventually consistent: one retry after a pause. Before it,
	@# `make adopt` writes import blocks for what the failed apply created without recording it
	@# (deploy/adopt.py), and the retry's own plan imports them. A failed adoption (no read
	@# permission, throttling) never stops the retry: `|| echo`, as -e (.SHELLFLAGS) would end the
	@# recipe there. After a successful apply the imports are in the state: the file goes.
	started=$$(date +%s); $(TF) apply -input=false -auto-approve || { \
		echo "==> apply failed; IAM changes can take a minute to propagate: retrying once in $(DEPLOY_RETRY_PAUSE) s"; \
		sleep $(DEPLOY_RETRY_PAUSE); \
		$(ADOPT) --since $$started || echo "==> adoption failed (above); retrying the apply anyway"; \
		$(TF) apply -input=false -auto-approve; }
	rm -f $(ADOPT_IMPORTS)
	@mkdir -p $(TF_BUILD)
	$(TF) output -json > $(TF_OUTPUTS)
	$(PY) -m deploy knowledge-base --outputs $(TF_OUTPUTS)
	@if [ "$(SEED)" = "1" ]; then \
		$(MAKE) seed STORE_TABLE="$$($(TF) output -raw store_table_name)" AWS_REGION="$$($(TF) output -raw region)"; \
	fi
	$(PY) -m deploy smoke --outputs $(TF_OUTPUTS)
	$(PY) -m deploy slack-steps --outputs $(TF_OUTPUTS)

# `make adopt`, also run by make deploy before its retry. Not through $(MAKE): a recipe line naming
# $(MAKE) runs even under `make -n`, and this one holds the apply. ADOPT_IMPORTS: the file it writes
# in the root module (deploy.adopt.IMPORTS; tests/deploy/test_deploy_retry.py checks they agree).
ADOPT = $(TF_RC_ENV) $(PY) -m deploy.adopt --chdir $(TF_DIR) --plan-out $(abspath $(TF_BUILD))/adopt.tfplan
ADOPT_IMPORTS = $(TF_DIR)/adopt_imports.generated.tf
DEPLOY_RETRY_PAUSE ?= 30

.PHONY: adopt
adopt: $(STAMP) $(TF_RC_DEP) ## Write import blocks (terraform/adopt_imports.generated.tf) for what a failed apply created but did not record; the next plan shows "will be imported", apply imports; make deploy runs it before its retry
	$(ADOPT)

.PHONY: destroy
destroy: aws-credentials-configured ## Destroy the stack: lift deletion protection, empty the KB bucket, keep others' settings, destroy
	@$(MAKE) --no-print-directory aws-credentials $(TF_RC_DEP)
	$(PY) -m deploy package --code-only --out $(LAMBDA_BUILD)
	@test -f $(LAMBDA_BUILD)/layer.zip || $(MAKE) package
	$(TF) init -input=false
	@echo "==> step 1/3: teardown = true (DynamoDB deletion protection off, bucket force_destroy on)"
	$(TF) apply -input=false -auto-approve -var teardown=true \
		-target=aws_dynamodb_table.this -target=module.knowledge_base
	@echo "==> step 2/3: model invocation logging (one setting per account and region): delete it only if this stack's"
	@mkdir -p $(TF_BUILD)
	$(TF) output -json > $(TF_OUTPUTS)
	@owner=$$($(PY) -m deploy.invocation_logging owner --outputs $(TF_OUTPUTS)); \
	if [ "$$owner" = "other" ]; then \
		echo "  the region's logging configuration is no longer this stack's: keeping it, forgetting ours"; \
		$(TF) state rm '$(INVOCATION_LOGGING_ADDRESS)'; \
	else echo "  owner: $$owner"; fi
	@echo "==> step 3/3: destroy"
	$(TF) destroy -input=false -auto-approve -var teardown=true
	@echo "Done. The KMS key is scheduled for deletion (7-day window); see docs for what is retained."
