#!/usr/bin/env bash
# Builds VIEW, a view of this repository for `terraform test` made of symbolic links: VIEW/terraform
# is a directory holding a link to every entry of terraform/ (its .terraform and lock file included)
# except the import blocks `make adopt` generates (adopt_imports.generated.tf, decision 0054), and
# every other top-level entry of the repository is a link beside it, so the root module's
# "${path.module}/.." and the test files' "../agents.json" read the repository's own files.
#
# Why (decision 0055): `terraform test` reads every .tf file of its directory, and with the generated
# import blocks there it fails ("Cannot import resources from mock providers"). make test's local AWS
# round trip writes that file for about a minute; `terraform test` run in the view never sees it, so
# the two run side by side. The links follow the files: a change to terraform/ is in the view.
#
#   usage: scripts/module_view.sh VIEW    (run from the repository's root; VIEW is made again)
set -euo pipefail
shopt -s dotglob nullglob

view="${1:?usage: module_view.sh VIEW}"
repo=$(pwd)
rm -rf "$view"
mkdir -p "$view/terraform"
for entry in "$repo"/*; do
  name=${entry##*/}
  case $name in terraform | build | .git) continue ;; esac
  ln -s "$entry" "$view/$name"
done
for entry in "$repo"/terraform/*; do
  name=${entry##*/}
  case $name in *.generated.tf | *.generated.tf.*) continue ;; esac
  ln -s "$entry" "$view/terraform/$name"
done
