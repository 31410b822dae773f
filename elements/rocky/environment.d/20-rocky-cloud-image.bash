# DIB 3.13 has no Rocky Linux element. Its centos element builds on any RHEL-compatible
# GenericCloud image it is pointed at; point it at Rocky's (per architecture). Sourced after
# centos' 10-* files, so these win; each can still be set from images.yaml.
export DIB_RELEASE=${DIB_RELEASE:-9}
case "${ARCH:-amd64}" in
    amd64|x86_64) KILN_ROCKY_ARCH=x86_64 ;;
    arm64|aarch64) KILN_ROCKY_ARCH=aarch64 ;;
    *) echo "rocky: unsupported architecture ${ARCH}" >&2; return 1 ;;
esac
export DIB_CLOUD_IMAGES=${DIB_CLOUD_IMAGES:-https://dl.rockylinux.org/pub/rocky/${DIB_RELEASE}/images/${KILN_ROCKY_ARCH}}
export BASE_IMAGE_FILE=${BASE_IMAGE_FILE:-Rocky-${DIB_RELEASE}-GenericCloud-Base.latest.${KILN_ROCKY_ARCH}.qcow2}
export EFI_BOOT_DIR="EFI/rocky"
