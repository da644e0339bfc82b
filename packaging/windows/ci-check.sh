#!/usr/bin/env bash
# What of the Windows build this Linux machine can check (.ci/run calls it after `make
# test`; `make windows-check` runs it alone). The build itself (PyInstaller does not
# cross-compile) runs on Windows: packaging/windows/build.ps1, .github/workflows/windows.yml.
#   (a) requirements/windows.lock: every pin has a win_amd64/cp311 wheel, the lock is closed
#   (b) installer.nsi compiles with makensis (warnings are errors) around a stand-in
#       payload: a dummy cse-toolkit.exe, and the real LICENSE and icon
#   (c) under Wine, in a throw-away prefix: a silent per-user install puts the files, the
#       Start-menu shortcut and the Apps entry in place; /LETTERBOX makes the shared folder
#       and asks icacls for the permissions README describes (Wine's icacls is a stub that
#       only logs its arguments: the permissions' effect needs Windows); a silent uninstall
#       takes all of that away and leaves the data folder, the letterbox and other files
#       in a chosen folder alone.
# Needs: nsis, wine, wine64 (Debian), and the package index for (a).
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-.venv/bin/python}
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
work=$(mktemp -d)
fail() { echo "windows-check: FAIL: $*" >&2; exit 1; }
cleanup() {
  [ -d "$work/prefix" ] && WINEPREFIX="$work/prefix" "$wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "windows-check (a): the Windows lock"
"$python" packaging/windows/check_lock.py

echo "windows-check (b): makensis around a stand-in payload"
mkdir -p "$work/payload/_internal"
printf 'MZ stand-in for the PyInstaller exe\n' > "$work/payload/cse-toolkit.exe"
cp LICENSE "$work/payload/_internal/LICENSE"
setup="$work/cse-toolkit-$version-setup.exe"
makensis -WX -V2 -DVERSION="$version" -DPAYLOAD="$work/payload" -DROOT="$PWD" \
  -DOUTFILE="$setup" packaging/windows/installer.nsi
[ -s "$setup" ] || fail "makensis made no installer"

echo "windows-check (c): silent install and uninstall under Wine"
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono or Gecko download prompts
"$wine" wineboot -i >/dev/null 2>&1
"$wineserver" -w
user=$(ls "$WINEPREFIX/drive_c/users" | grep -vx Public | head -n1)
home="$WINEPREFIX/drive_c/users/$user"
app="$home/AppData/Local/Programs/CSE Toolkit"
menu="$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/CSE Toolkit.lnk"
data="$home/AppData/Local/cse-toolkit"
letterbox="$WINEPREFIX/drive_c/users/Public/Documents/CSE Toolkit letterbox"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cse-toolkit'

# Wine's dummy icacls logs its arguments on the fixme channel: that is what is checked.
WINEDEBUG="-all,fixme+icacls" "$wine" "$setup" /S /LETTERBOX 2>"$work/install.log" \
  || fail "the silent install exited $?"
"$wineserver" -w
for f in cse-toolkit.exe cse-toolkit.ico uninstall.exe _internal/LICENSE; do
  [ -f "$app/$f" ] || fail "not installed: $f"
done
cmp -s "$work/payload/cse-toolkit.exe" "$app/cse-toolkit.exe" || fail "the exe differs"
[ -f "$menu" ] || fail "no Start-menu shortcut"
"$wine" reg query "$key" /v DisplayVersion 2>/dev/null | grep -q "$version" \
  || fail "no entry in Apps"
[ -d "$letterbox" ] || fail "/LETTERBOX made no folder"
grants=$(grep -a 'icacls.*stub' "$work/install.log" | tr -d '\r') \
  || fail "icacls was not run on the letterbox"
for want in '"/inheritance:r"' '"/grant:r"' '(OI)(CI)F"' '"*S-1-3-0:(OI)(IO)M"' \
  '"*S-1-5-32-545:(RD,REA,RA,X,RC,S,WD)"' 'CSE Toolkit letterbox"'; do
  grep -qF -- "$want" <<<"$grants" || fail "icacls was not given $want: $grants"
done
echo "  installed; letterbox permissions asked: $(sed 's/.*icacls.exe" //' <<<"$grants")"

# What the person's own files look like after a while of use.
mkdir -p "$data/Logs" && echo "records" > "$data/records.db" && echo "log" > "$data/Logs/a.log"
echo "sealed" > "$letterbox/20260101T000000000000Z-0123456789abcdef.letter"
"$wine" "$app/uninstall.exe" /S || fail "the silent uninstall exited $?"
"$wineserver" -w  # the uninstaller runs on from a copy in %TEMP%
[ ! -e "$app" ] || fail "left behind: $(find "$app")"
[ ! -e "$menu" ] || fail "the Start-menu shortcut is still there"
if "$wine" reg query "$key" >/dev/null 2>&1; then fail "the Apps entry is still there"; fi
[ "$(cat "$data/records.db")" = records ] && [ -f "$data/Logs/a.log" ] \
  || fail "the uninstaller touched the data folder"
[ -f "$letterbox/20260101T000000000000Z-0123456789abcdef.letter" ] \
  || fail "the uninstaller touched the letterbox"

# A letterbox that cannot be made: the app is installed, the exit code says so (2).
echo "a file where the folder should go" > "$WINEPREFIX/drive_c/blocked"
set +e; "$wine" "$setup" /S '/LETTERBOX=C:\blocked\box'; code=$?; set -e
"$wineserver" -w
[ "$code" = 2 ] || fail "a letterbox that could not be made gave exit code $code, not 2"
[ -f "$app/cse-toolkit.exe" ] || fail "the app was not installed with a failed letterbox"
"$wine" "$app/uninstall.exe" /S && "$wineserver" -w

# A folder chosen by hand that already held something keeps it.
chosen="$WINEPREFIX/drive_c/Chosen"
mkdir -p "$chosen" && echo "mine" > "$chosen/notes.txt"
"$wine" "$setup" /S '/D=C:\Chosen' || fail "the install into a chosen folder exited $?"
"$wineserver" -w
[ -f "$chosen/cse-toolkit.exe" ] || fail "/D= was not followed"
"$wine" "$chosen/uninstall.exe" /S && "$wineserver" -w
[ "$(ls "$chosen")" = notes.txt ] || fail "a chosen folder kept: $(ls "$chosen")"
echo "  uninstalled; the data folder, the letterbox and notes.txt in a chosen folder are left"
echo "windows-check: passed"
