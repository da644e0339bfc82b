#!/usr/bin/env bash
# make deb-check (CI, after make test and make deb): install the .deb with apt as an
# office PC would, self-test the installed program, open its window, remove the package
# with apt, and check that the data folder it ran with is left exactly as it was.
# Needs root or sudo. Never leaves the package installed, even when a step fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(awk -F'"' '/^__version__/ {print $2}' app/__init__.py)
deb="build/cse-toolkit_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "deb-check: no $deb; run make deb" >&2; exit 1; }
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
installed() { dpkg-query -W -f='${Status}' cse-toolkit 2>/dev/null | grep -q "install ok installed"; }
if installed; then
  # Someone's real copy: installing over it and removing it would not be ours to do.
  echo "deb-check: cse-toolkit is already installed here; remove it first" >&2
  exit 1
fi

data=$(mktemp -d /tmp/cse-deb-check-XXXXXX)
cleanup() {
  if installed; then $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq cse-toolkit; fi
  rm -rf "$data"
}
trap cleanup EXIT

echo "deb-check: installing $deb"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb"
launcher=$(command -v cse-toolkit)
[ "$(readlink -f "$launcher")" = /opt/cse-toolkit/cse-toolkit ]
for f in /usr/share/applications/cse-toolkit.desktop \
  /usr/share/icons/hicolor/256x256/apps/cse-toolkit.png /usr/share/doc/cse-toolkit/copyright; do
  [ -f "$f" ] || { echo "deb-check: $f is missing" >&2; exit 1; }
done

# A data folder made by the installed app itself (home screen shown, then quit), with
# a stand-in records file beside what the app made.
export CSE_TOOLKIT_HOME="$data"
QT_QPA_PLATFORM=offscreen cse-toolkit --quit-after-first-paint >/dev/null
if command -v xvfb-run >/dev/null; then
  # The real window on an X server: the bundle's xcb plugin and its libraries load.
  QT_QPA_PLATFORM=xcb xvfb-run -a cse-toolkit --quit-after-first-paint >/dev/null
fi
head -c 4096 /dev/urandom >"$data/records.db"
snapshot() { (cd "$data" && find . -printf '%p %y %m %s\n' | sort && find . -type f -exec sha256sum {} + | sort); }
before=$(snapshot)

QT_QPA_PLATFORM=offscreen cse-toolkit --self-test | grep -v "^compile options"

echo "deb-check: removing the package"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq cse-toolkit
if installed || [ -e /opt/cse-toolkit ] || [ -e /usr/bin/cse-toolkit ]; then
  echo "deb-check: apt-get remove left the program behind" >&2
  exit 1
fi
if [ "$(snapshot)" != "$before" ]; then
  echo "deb-check: the data folder changed during the self-test or the removal" >&2
  diff <(echo "$before") <(snapshot) >&2 || true
  exit 1
fi
echo "deb-check: installed, self-tested, removed; the data folder is untouched"
