#!/usr/bin/env bash
# Installs the Debian packages kiln and its tests use: image builders, qemu, and a local Keystone +
# Glance + Barbican for the dev cloud. Idempotent: installs only what is missing. Needs root (or sudo).
set -euo pipefail

# kiln's own table (src/debian-packages.json): what the image builders need and every program kiln runs
# (its boot test's emulators and tools included), as the action's tool setup installs them.
mapfile -t kiln_packages < <(node -e '
  const t = require(process.argv[1]);
  for (const p of new Set([...t.imageBuilders, ...Object.values(t.programs)])) console.log(p);
' "$(cd "$(dirname "$0")/.." && pwd)/src/debian-packages.json")
[ ${#kiln_packages[@]} -gt 0 ] || { echo "setup-host: cannot read src/debian-packages.json with node" >&2; exit 1; }
packages=(
  "${kiln_packages[@]}"
  # the builders' cache archives and downloads
  zstd curl ca-certificates
  # boot smoke tests of amd64 UEFI guests; fdisk (sfdisk) lays out the small disks of the image-file tests
  ovmf fdisk
  # the action: @actions/tool-cache extracts release zips with unzip; the tool-setup test zips one
  unzip zip
  # the dev cloud: Keystone and Glance served by uwsgi, and the CLI used as a benchmark peer
  glance-api keystone python3-openstackclient python3-glanceclient uwsgi uwsgi-plugin-python3
  # the dev cloud's Barbican, where Glance finds image signing certificates (docs/signing.md)
  barbican-api python3-barbicanclient
  # Swift for the release object-store test (test/release/object-store.test.ts)
  swift swift-proxy swift-account swift-container swift-object
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-host: all ${#packages[@]} packages present"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "setup-host: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
