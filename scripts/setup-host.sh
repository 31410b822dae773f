#!/usr/bin/env bash
# Installs the Debian packages kiln and its tests use: image builders, qemu, and a local Keystone +
# Glance for the dev cloud. Idempotent: installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  # image builders and their tools
  python3-diskimage-builder qemu-utils debootstrap kpartx squashfs-tools dosfstools gdisk parted
  xfsprogs e2fsprogs sudo packer git zstd curl ca-certificates
  # boot smoke tests; fdisk (sfdisk) lays out the small disks of the image-file tests
  qemu-system-x86 ovmf cloud-image-utils fdisk
  # the action: @actions/tool-cache extracts release zips with unzip; the tool-setup test zips one
  unzip zip
  # the dev cloud: Keystone and Glance served by uwsgi, and the CLI used as a benchmark peer
  glance-api keystone python3-openstackclient python3-glanceclient uwsgi uwsgi-plugin-python3
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
