#!/usr/bin/env bash
# Re-resolve the newest versions of the dependencies named in pyproject.toml and rewrite
# both lock files with exact pins. Needs the network; run it on purpose, then test.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deps() {  # the project's own list, so the names live in one place
  "$python" -c "import sys, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project'];
print(' '.join(p['dependencies'] if sys.argv[1] == 'runtime' else
               p['optional-dependencies']['test'] + p['optional-dependencies']['dev']))" "$1"
}
"$python" -m venv "$tmp/venv"
pip=("$tmp/venv/bin/python" -m pip -q --disable-pip-version-check)
# shellcheck disable=SC2046
"${pip[@]}" install $(deps runtime)
"${pip[@]}" freeze > "$tmp/runtime.txt"
{ echo "# Runtime dependencies, exact pins. Regenerate with 'make lock'."; cat "$tmp/runtime.txt"; } \
  > requirements/runtime.lock
# shellcheck disable=SC2046
"${pip[@]}" install $(deps dev)
{ echo "# Test, lint and packaging tools. Exact pins; regenerate with 'make lock'."
  echo "-r runtime.lock"
  "${pip[@]}" freeze | grep -vxF -f "$tmp/runtime.txt"; } > requirements/dev.lock
echo "Rewrote requirements/runtime.lock and requirements/dev.lock; now run 'make test'."
