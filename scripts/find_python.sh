#!/usr/bin/env bash
# Prints the interpreter .venv is built with: the Lambdas' Python (the version given, e.g. 3.13)
# when this machine has it, found as python3.13 on PATH, under pyenv, or as python3 itself;
# otherwise python3 when it is at least MIN_PYTHON (3.11), with a warning on stderr that the tests
# then run on another Python than the Lambdas. Exit 1 with a message when neither exists.
#   usage: scripts/find_python.sh 3.13        (the Makefile calls it unless PYTHON=... is given)
set -euo pipefail

want="${1:?usage: find_python.sh MAJOR.MINOR}"
min="${MIN_PYTHON:-3.11}"

# The real path of an interpreter whose version is $2 (major.minor), or nothing.
version_is() {
  "$1" -c "import sys
if '%d.%d' % sys.version_info[:2] == '$2': print(sys.executable)" 2>/dev/null || true
}

candidates=()
command -v "python$want" >/dev/null 2>&1 && candidates+=("$(command -v "python$want")")
pyenv_root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
for dir in $(ls -d "$pyenv_root/versions/$want".* 2>/dev/null | sort -t. -k3,3nr); do
  candidates+=("$dir/bin/python3")
done
command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")

for candidate in ${candidates[@]+"${candidates[@]}"}; do
  found="$(version_is "$candidate" "$want")"
  if [ -n "$found" ]; then
    echo "$found"
    exit 0
  fi
done

fallback="$(command -v python3 || true)"
if [ -n "$fallback" ] && "$fallback" -c "import sys; sys.exit(sys.version_info[:2] < tuple(map(int, '$min'.split('.'))))" 2>/dev/null; then
  version="$("$fallback" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
  {
    echo "==> WARNING: Python $want (the Lambdas' runtime) is not on this machine (not python$want on PATH,"
    echo "    not under $pyenv_root/versions); using $fallback ($version), so the tests run on another"
    echo "    Python than the Lambdas. Install $want (e.g. pyenv install $want) or set PYTHON=/path/to/python$want."
  } >&2
  "$fallback" -c 'import sys; print(sys.executable)'
  exit 0
fi
echo "==> ERROR: no Python $want and no python3 >= $min on PATH: install Python $want or set PYTHON=/path/to/python3" >&2
exit 1
