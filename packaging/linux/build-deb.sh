#!/usr/bin/env bash
# make deb: wrap the one-folder bundle (build/dist/cse-toolkit, from make bundle) in a
# Debian package, build/cse-toolkit_<version>_amd64.deb, and check it with lintian.
#
#   /opt/cse-toolkit/                          the bundle, as built
#   /usr/bin/cse-toolkit                       a link to /opt/cse-toolkit/cse-toolkit
#   /usr/share/applications/cse-toolkit.desktop, the 256 px icon in hicolor, a man page
#   /usr/share/doc/cse-toolkit/{copyright,changelog.gz}
set -euo pipefail
cd "$(dirname "$0")/../.."
here=packaging/linux
bundle=build/dist/cse-toolkit
[ -x "$bundle/cse-toolkit" ] || { echo "deb: no bundle in $bundle; run make bundle" >&2; exit 1; }

# The version the bundle itself reports, so the package can never disagree with it.
version=$(QT_QPA_PLATFORM=offscreen "$bundle/cse-toolkit" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-"Tackling CSE Toolkit maintainers <maintainers@example.org>"}
# The changelog's date: the last commit's, so two builds of one commit are the same.
stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH=$stamp

root=build/deb/root
rm -rf build/deb
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/man/man1" \
  "$root/usr/share/doc/cse-toolkit" "$root/usr/share/lintian/overrides"
cp -a "$bundle" "$root/opt/cse-toolkit"
ln -s /opt/cse-toolkit/cse-toolkit "$root/usr/bin/cse-toolkit"
install -m 0644 "$here/cse-toolkit.desktop" "$root/usr/share/applications/cse-toolkit.desktop"
install -m 0644 resources/icons/cse-toolkit-256.png \
  "$root/usr/share/icons/hicolor/256x256/apps/cse-toolkit.png"
gzip -9n <"$here/cse-toolkit.1" >"$root/usr/share/man/man1/cse-toolkit.1.gz"
install -m 0644 "$here/copyright" "$root/usr/share/doc/cse-toolkit/copyright"
install -m 0644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/cse-toolkit"
{
  echo "cse-toolkit ($version) unstable; urgency=medium"
  echo
  echo "  * Built from the one-folder bundle by make deb; see the project's history."
  echo
  echo " -- $maintainer  $(date -R -u -d "@$stamp")"
} | gzip -9n >"$root/usr/share/doc/cse-toolkit/changelog.gz"

# Plain modes whatever the umask: folders and programs 0755, everything else 0644.
# PyInstaller leaves its .so files executable, which a library need not be.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod 0644 {} +
chmod 0755 "$root/opt/cse-toolkit/cse-toolkit"

installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# Depends: the C library the bundle was built against (its glibc floor: see the README),
# and what the bundle loads from the system rather than carrying: OpenGL/EGL (libGL and
# libEGL dispatch to the machine's own drivers, so they are never bundled), libxcb, and
# fontconfig's configuration with at least one font (libfontconfig1 brings both).
glibc=$(find "$root/opt" -type f -name "*.so*" -exec objdump -T {} + 2>/dev/null |
  grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
cat >"$root/DEBIAN/control" <<EOF
Package: cse-toolkit
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kb
Depends: libc6 (>= $glibc), libgl1, libegl1, libfontconfig1, libxcb1
Section: misc
Priority: optional
Description: spot, record and refer child sexual exploitation concerns
 An offline desktop app for small UK voluntary and community groups (scout
 groups, youth clubs, faith, sports and arts groups). It helps volunteers spot
 the signs of child sexual exploitation, record a concern well and refer it
 to the children's social care duty team. Every record is kept in an
 encrypted file that only the organisation's designated lead can open.
 .
 The package installs the self-contained program under /opt/cse-toolkit; the
 records stay in each user's own folder and are never removed with it.
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
  xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

deb="build/cse-toolkit_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "deb: $deb ($(du -h "$deb" | cut -f1); installed $((installed_kb / 1024)) MB; glibc >= $glibc)"
if command -v lintian >/dev/null; then
  # --fail-on warning: an error or warning not explained in lintian-overrides fails
  # the build.
  lintian --fail-on error,warning "$deb"
else
  echo "deb: lintian not installed; package not checked" >&2
fi
