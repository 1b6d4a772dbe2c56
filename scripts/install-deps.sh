#!/usr/bin/env bash
# Installs the Debian 12 packages ReclaimLab needs, and any packages named as arguments, only those
# missing. Needs root (or sudo).
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config qt6-base-dev qt6-base-dev-tools qt6-svg-dev qt6-tools-dev
          qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev nlohmann-json3-dev libgl-dev
          fonts-noto-cjk qt6-translations-l10n xvfb xauth "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
