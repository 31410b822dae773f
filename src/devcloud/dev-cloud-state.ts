// What a running dev cloud is: its services and the state file `up` writes, which the modules that
// start, initialise and stop the services all read.

/** A service of one region on 127.0.0.1. */
export interface RegionService {
  region: string;
  port: number;
  /** The endpoint registered in Keystone, e.g. http://127.0.0.1:PORT. */
  url: string;
}

export type GlanceService = RegionService;

export interface DevCloudState {
  dir: string;
  /** Keystone's root URL (append /v3). */
  keystoneUrl: string;
  keystonePort: number;
  glances: GlanceService[];
  /** One Barbican (key-manager) per region: where each Glance finds image signing certificates. */
  barbicans: RegionService[];
  /** The clouds.yaml to point OS_CLIENT_CONFIG_FILE at. */
  cloudsYaml: string;
  /** Cloud names in that file: admin (RegionOne), member (RegionOne), admin in RegionTwo. */
  clouds: { admin: string; member: string; siteB: string };
  passwords: { admin: string; member: string };
}
