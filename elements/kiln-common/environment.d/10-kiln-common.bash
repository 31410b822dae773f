# Defaults for the variables kiln's build driver exports (see README.rst). A build outside kiln
# (plain disk-image-create) still works and records that it was not built by kiln.
export KILN_IMAGE_NAME=${KILN_IMAGE_NAME:-unknown}
export KILN_BUILD_KEY=${KILN_BUILD_KEY:-}
export KILN_GIT_SHA=${KILN_GIT_SHA:-}
export KILN_BUILD_DATE=${KILN_BUILD_DATE:-}
export KILN_BUILD_URL=${KILN_BUILD_URL:-}
export KILN_INSTALL_CLOUD_INIT=${KILN_INSTALL_CLOUD_INIT:-1}
