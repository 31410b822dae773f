#!/bin/bash
# Runs in the guest as root last: forget the build (its user, logs, machine identity) so every
# instance booted from the image initialises itself with cloud-init.
set -eu -o pipefail

apt-get clean
rm -rf /var/lib/apt/lists/*
cloud-init clean --logs
truncate -s 0 /etc/machine-id
rm -f /var/lib/dbus/machine-id
rm -f /etc/ssh/ssh_host_*
# The build user cannot go now (Packer's session and shutdown_command still use it): it is
# removed at the first boot of every instance instead.
cat > /etc/cloud/cloud.cfg.d/99-kiln-remove-build-user.cfg <<'CFG'
bootcmd:
  - [sh, -c, 'id packer >/dev/null 2>&1 && userdel -r packer || true']
CFG
