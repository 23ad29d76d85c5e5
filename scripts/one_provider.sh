#!/usr/bin/env bash
# Runs a Terraform command with one hashicorp/aws provider process for all of it, instead of one
# started for every phase of every run block. `terraform test` starts the provider twice (two
# provider configurations) for each of validate, plan, apply, destroy plan and destroy of every run
# block: 176 starts of a 700 MB binary for the 16 runs of terraform/tests, 121 s of CPU of which the
# starts were half (docs/development.md, 2026-12-01, wt/testtime2).
#
# How: the provider's own debug mode (`terraform-provider-aws -debug`, terraform-plugin-go's
# tf5server.WithManagedDebug) serves it on a socket and prints the TF_REATTACH_PROVIDERS value
# Terraform reads to use that running process instead of starting its own ("Debugging Providers",
# developer.hashicorp.com/terraform/plugin/debugging). Terraform never stops a provider it attached
# to; this script stops it when the command ends.
#
# Only for commands whose provider configurations are never configured (the mock providers of
# `terraform test`, `terraform validate`): the provider then only returns its schema and validates
# resource arguments, which depend on nothing but the request. A plan or apply against AWS (or the
# local AWS) would configure one shared process once per provider alias; those keep Terraform's own
# start-up.
#
# Terraform does not check a reattached provider against .terraform.lock.hcl's checksums; `terraform
# init` (its stamp in the Makefile) checked the binary when it installed it.
#
#   usage: scripts/one_provider.sh TF_DIR COMMAND [ARG...]
#   TF_DIR's `terraform init` chose the provider binary (.terraform/providers, the version in
#   .terraform.lock.hcl). The script is only a speed-up: when the binary is not there, or it exits or
#   prints no reattach line, the command runs as it would without this script (with a warning).
set -euo pipefail

tf_dir="${1:?usage: one_provider.sh TF_DIR COMMAND [ARG...]}"
shift
version=$(sed -n '/^provider "registry.terraform.io\/hashicorp\/aws"/,/^}/s/^ *version *= *"\(.*\)"/\1/p' \
  "$tf_dir/.terraform.lock.hcl" 2>/dev/null || true)
provider=""
for candidate in "$tf_dir/.terraform/providers/registry.terraform.io/hashicorp/aws/$version"/*/terraform-provider-aws*; do
  [ -x "$candidate" ] && provider="$candidate" && break
done
# env: the command may begin with NAME=value assignments (the Makefile's $(TF) does).
if [ -z "$version" ] || [ -z "$provider" ]; then
  exec env "$@"
fi

out=$(mktemp)
"$provider" -debug >"$out" 2>&1 &
pid=$!
# A watchdog stops the provider if this script dies without running its trap (SIGKILL: a CI timeout,
# the OOM killer), so a 700 MB debug server is never left behind.
script=$$
(
  while kill -0 "$script" 2>/dev/null; do sleep 1; done
  kill -INT "$pid" 2>/dev/null || true
) >/dev/null 2>&1 &
watchdog=$!
# SIGINT: the debug server's own stop (it removes its socket; SIGTERM would leave it in /tmp). The
# provider handles SIGINT itself, though a background command starts with it ignored; TERM after 10 s.
stop() {
  kill "$watchdog" 2>/dev/null || true
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
}
trap stop EXIT

# Without the shared process: say why, stop what was started, and run the command as it is.
unshared() {
  local why=$1
  shift
  cat "$out" >&2
  echo "one_provider.sh: $provider -debug $why; running the command with Terraform's own provider starts" >&2
  stop
  trap - EXIT
  exec env "$@"
}

# The provider prints the line once it listens: TF_REATTACH_PROVIDERS='{...}'. Under load its start
# can take tens of seconds; give up after 300 s or when it exits.
reattach=""
for _ in $(seq 3000); do
  reattach=$(sed -n "s/^[[:space:]]*TF_REATTACH_PROVIDERS='\(.*\)'\$/\1/p" "$out")
  [ -n "$reattach" ] && break
  kill -0 "$pid" 2>/dev/null || unshared "exited" "$@"
  sleep 0.1
done
[ -n "$reattach" ] || unshared "printed no TF_REATTACH_PROVIDERS in 300 s" "$@"

env TF_REATTACH_PROVIDERS="$reattach" "$@"
