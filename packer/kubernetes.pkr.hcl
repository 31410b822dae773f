# Kubernetes node image: an Ubuntu cloud image booted in qemu, with containerd, kubeadm, kubelet and
# kubectl from the Kubernetes apt repository (pkgs.k8s.io) for one minor version.
# Packer 1.6 HCL2 (no `packer init`, no required_plugins). kiln's template contract: the
# `kiln_output_dir` variable and a manifest post-processor writing packer-manifest.json there.

variable "kiln_output_dir" {
  type = string
}
variable "kiln_image_name" {
  type    = string
  default = "kubernetes"
}
variable "kiln_build_key" {
  type    = string
  default = ""
}
variable "kiln_git_sha" {
  type    = string
  default = ""
}
variable "kiln_arch" {
  type    = string
  default = "amd64"
}

variable "base_image_url" {
  type        = string
  description = "Ubuntu cloud image (qcow2) the node is built on"
}
variable "base_image_checksum" {
  type        = string
  description = "Its checksum, e.g. file:<SHA256SUMS URL of the same dated release>"
}
variable "disk_size" {
  type    = string
  default = "10G"
}
variable "accelerator" {
  type        = string
  default     = "kvm"
  description = "qemu accelerator: kvm on build hosts, tcg where /dev/kvm is unusable"
}
variable "kubernetes_minor" {
  type        = string
  description = "Kubernetes minor version, e.g. 1.30 (selects the pkgs.k8s.io repository)"
}
variable "kubernetes_package_version" {
  type        = string
  description = "Exact Debian package version of kubeadm/kubelet/kubectl, e.g. 1.30.2-1.1"
}

source "qemu" "node" {
  iso_url          = var.base_image_url
  iso_checksum     = var.base_image_checksum
  disk_image       = true
  disk_size        = var.disk_size
  format           = "qcow2"
  accelerator      = var.accelerator
  headless         = true
  output_directory = "${var.kiln_output_dir}/qemu"
  vm_name          = "${var.kiln_image_name}.qcow2"
  http_directory   = "${path.root}/http/kubernetes"
  # cloud-init's NoCloud datasource fetches the build user's credentials from Packer's HTTP server.
  qemuargs = [
    ["-smbios", "type=1,serial=ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/"],
  ]
  ssh_username     = "packer"
  ssh_password     = "packer"
  ssh_timeout      = "30m"
  shutdown_command = "sudo shutdown -P now"
}

build {
  sources = ["source.qemu.node"]

  provisioner "shell" {
    execute_command = "sudo -E bash -eu -o pipefail '{{ .Path }}'"
    environment_vars = [
      "KUBERNETES_MINOR=${var.kubernetes_minor}",
      "KUBERNETES_PACKAGE_VERSION=${var.kubernetes_package_version}",
      "KILN_IMAGE_NAME=${var.kiln_image_name}",
      "KILN_BUILD_KEY=${var.kiln_build_key}",
      "KILN_GIT_SHA=${var.kiln_git_sha}",
      "KILN_ARCH=${var.kiln_arch}",
    ]
    scripts = [
      "${path.root}/scripts/kubernetes-node.sh",
      "${path.root}/scripts/cleanup.sh",
    ]
  }

  post-processor "manifest" {
    output     = "${var.kiln_output_dir}/packer-manifest.json"
    strip_path = false
  }
}
