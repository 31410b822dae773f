// kiln's own version: recorded in Glance properties and release manifests.
export const KILN_VERSION = '0.1.0';
