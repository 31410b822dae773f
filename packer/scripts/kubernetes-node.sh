#!/bin/bash
# Runs in the guest as root (see execute_command): containerd and one pinned Kubernetes version.
set -eu -o pipefail

export DEBIAN_FRONTEND=noninteractive
cloud-init status --wait >/dev/null || true
apt-get update
apt-get install -y --no-install-recommends apt-transport-https ca-certificates curl gpg containerd

# Kubernetes' own apt repository, one per minor version; packages held at the exact version.
install -d -m 0755 /etc/apt/keyrings
curl -fsSL "https://pkgs.k8s.io/core:/stable:/v${KUBERNETES_MINOR}/deb/Release.key" \
    | gpg --dearmor -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v${KUBERNETES_MINOR}/deb/ /" \
    > /etc/apt/sources.list.d/kubernetes.list
apt-get update
apt-get install -y "kubelet=${KUBERNETES_PACKAGE_VERSION}" "kubeadm=${KUBERNETES_PACKAGE_VERSION}" \
    "kubectl=${KUBERNETES_PACKAGE_VERSION}"
apt-mark hold kubelet kubeadm kubectl

# kubeadm's prerequisites.
mkdir -p /etc/containerd
containerd config default | sed 's/SystemdCgroup = false/SystemdCgroup = true/' > /etc/containerd/config.toml
printf 'overlay\nbr_netfilter\n' > /etc/modules-load.d/kubernetes.conf
printf 'net.ipv4.ip_forward = 1\nnet.bridge.bridge-nf-call-iptables = 1\n' > /etc/sysctl.d/90-kubernetes.conf
systemctl enable containerd kubelet

# Same provenance file as DIB images get from the kiln-common element.
install -d -m 0755 /etc/kiln
cat > /etc/kiln/provenance.json <<JSON
{
  "image": "${KILN_IMAGE_NAME}",
  "build_key": "${KILN_BUILD_KEY}",
  "git_sha": "${KILN_GIT_SHA}",
  "build_date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "arch": "${KILN_ARCH}",
  "kubernetes": "${KUBERNETES_PACKAGE_VERSION}"
}
JSON
