import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/openstack/glance-name.ts
function glanceName(image, arch) {
  const first = image.architectures[0] ?? arch;
  return arch === first ? image.name : `${image.name}-${arch}`;
}

export {
  glanceName
};
