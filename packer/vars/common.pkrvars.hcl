# Shared by kiln's Packer images. The base image is a dated Ubuntu release (not "current"), so a
# rebuild starts from the same bytes; its checksum comes from the same release's SHA256SUMS.
base_image_url      = "https://cloud-images.ubuntu.com/releases/22.04/release-20240614/ubuntu-22.04-server-cloudimg-amd64.img"
base_image_checksum = "file:https://cloud-images.ubuntu.com/releases/22.04/release-20240614/SHA256SUMS"
disk_size           = "10G"
accelerator         = "kvm"
