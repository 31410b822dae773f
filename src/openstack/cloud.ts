// A resolved cloud: what clouds.yaml (+ secure.yaml) or the OS_* variables say about one cloud, in the
// shape the Keystone session needs. Field names follow clouds.yaml so messages can quote them.

export type AuthType = 'password' | 'v3applicationcredential';
export type Interface = 'public' | 'internal' | 'admin';

export interface CloudAuth {
  auth_url: string;
  username?: string;
  user_id?: string;
  password?: string;
  user_domain_name?: string;
  user_domain_id?: string;
  project_name?: string;
  project_id?: string;
  project_domain_name?: string;
  project_domain_id?: string;
  application_credential_id?: string;
  application_credential_name?: string;
  application_credential_secret?: string;
}

export interface CloudConfig {
  /** The clouds.yaml entry, or "OS_* environment" when it came from plain variables. */
  name: string;
  authType: AuthType;
  auth: CloudAuth;
  regionName?: string;
  interface: Interface;
  /** Path of a PEM CA bundle to trust. */
  cacert?: string;
  /** false for `verify: false` (self-signed dev clouds). */
  verify: boolean;
  /** clouds.yaml `api_timeout` (openstacksdk's name) or OS_API_TIMEOUT, in seconds. */
  apiTimeout?: number;
  /** Where the entry was read from, for messages. */
  source: string;
}
