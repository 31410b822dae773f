#!/usr/bin/env bash
# The README's main-job command (`npm run demo`), on a fresh Debian bookworm machine as root:
# installs what kiln needs, starts the local dev cloud (real Keystone + Glance), builds a small real
# Debian image with DIB, boot-tests it, publishes it signed (Glance verifies the signature against the
# certificate in the dev cloud's Barbican), rebuilds it with a changed input, publishes again (the
# first image is archived under its date, keeping its ID), checks the signature of what Glance holds,
# prints what Glance holds, and stops the dev cloud. Everything it makes lives in .cache/demo (delete it to start over).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
demo=$root/.cache/demo
image=demo-debian
mkdir -p "$demo/config"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "host packages and npm dependencies"
bash scripts/setup-host.sh
if ! [ -d node_modules ] || ! [ node_modules/.package-lock.json -nt package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/bundle.mjs "$demo/dist"
kiln() { node "$demo/dist/cli.js" "$@"; }

step "dev cloud: Keystone + Glance + Barbican on 127.0.0.1"
export KILN_DEV_CLOUD_DIR=$demo/dev-cloud
kiln dev-cloud up >/dev/null
eval "$(kiln dev-cloud env)"
trap 'step "stopping the dev cloud"; kiln dev-cloud down' EXIT

# A self-signed signing certificate for the demo (docs/signing.md); the key reaches kiln only through
# KILN_SIGNING_KEY, as a CI secret would.
signing=$demo/signing
if ! [ -f "$signing/cert.pem" ]; then
  mkdir -p "$signing" && chmod 700 "$signing"
  openssl req -x509 -newkey rsa:3072 -nodes -days 365 -subj "/CN=kiln demo image signing" \
    -keyout "$signing/key.pem" -out "$signing/cert.pem" 2>/dev/null
fi
publish() { KILN_SIGNING_KEY=$(cat "$signing/key.pem") kiln publish "$@"; }

# The demo's own config: the small image of kiln's catalogue with one extra input the demo changes
# between the two builds, signed with the demo certificate, and one site on the dev cloud.
write_config() {
  node --input-type=module - "$root/config/images.yaml" "$demo/config/images.yaml" "$image" "$1" \
    "$signing/cert.pem" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
const [from, to, name, revision, certificate] = process.argv.slice(2);
const src = parse(readFileSync(from, 'utf8'));
const [base] = Object.entries(src.images).find(([n, i]) => /minimal/.test(n) && !i.parent) ?? [];
if (!base) throw new Error(`no *minimal* image in ${from}`);
const img = { ...src.images[base], env: { ...(src.images[base].env ?? {}), KILN_DEMO_REVISION: revision } };
delete img.sites;
img.signing = { certificate_file: certificate };
writeFileSync(to, stringify({ defaults: src.defaults ?? {}, images: { [name]: img } }));
JS
  cat >"$demo/config/sites.yaml" <<YAML
sites:
  dev: { cloud: $OS_CLOUD, kind: kvm, disk_format: qcow2, visibility: public, keep: 3, properties: { hw_disk_bus: virtio } }
YAML
}
export KILN_IMAGES_CONFIG=$demo/config/images.yaml KILN_SITES_CONFIG=$demo/config/sites.yaml
# Build with the Debian mirrors this machine's apt uses; on kernels without device-mapper, DIB's
# `vm` element needs the kpartx/dmsetup stand-ins (offset loop devices).
export KILN_HOST_MIRRORS=1
grep -qw device-mapper /proc/misc 2>/dev/null || export PATH=$root/scripts/host-shims:$PATH
out=$demo/out

step "build $image (DIB)"
write_config 1
kiln build "$image" --output "$out"
step "boot test"
kiln test "$image" --output "$out"
step "publish (signed)"
publish "$image" --from "$out"

step "rebuild with a changed input (KILN_DEMO_REVISION=2), test, publish again"
write_config 2
kiln build "$image" -f --output "$out"
kiln test "$image" --output "$out"
publish "$image" --from "$out"

step "publishing the same build once more is a no-op"
publish "$image" --from "$out"

step "the signature of what Glance holds, checked against Barbican's certificate"
kiln verify-signature "$image"

step "what Glance holds now"
openstack image list --long -c ID -c Name -c Status -c Visibility -c Tags
for f in "$out"/*/*/publish-*.json; do echo "$f:"; cat "$f"; done
