// The configuration files of the dev cloud's Keystone and Glance (oslo.config INI). Only what differs
// from the packages' defaults is written; each setting below is one that the services need to run
// unprivileged from a state folder on 127.0.0.1 (docs/development.md, "The dev cloud's services",
// lists the traps they avoid).

export interface KeystoneConfInput {
  dir: string;
}

export function keystoneConf({ dir }: KeystoneConfInput): string {
  return ini({
    DEFAULT: { use_stderr: 'true', debug: 'false' },
    database: { connection: `sqlite:///${dir}/keystone.db` },
    // Each token costs a password hash; the default rounds make every request ~0.5 s slower.
    identity: { password_hash_rounds: '4' },
    fernet_tokens: { key_repository: `${dir}/fernet-keys` },
    fernet_receipts: { key_repository: `${dir}/fernet-keys` },
    credential: { key_repository: `${dir}/credential-keys` },
    oslo_concurrency: { lock_path: `${dir}/lock` },
  });
}

export interface GlanceConfInput {
  /** The Glance's own folder (database, store, staging). */
  dir: string;
  port: number;
  keystoneUrl: string;
  regionName: string;
  /** Keystone user Glance validates tokens with. */
  serviceUser: { username: string; password: string; project: string };
  /** The region's Barbican, where Glance fetches signing certificates (with the caller's token). */
  barbicanUrl: string;
}

export function glanceConf(c: GlanceConfInput): string {
  return ini({
    DEFAULT: {
      bind_host: '127.0.0.1',
      bind_port: String(c.port),
      // One eventlet process: the sqlite database has a single writer.
      workers: '0',
      use_stderr: 'true',
      node_staging_uri: `file://${c.dir}/staging`,
    },
    database: { connection: `sqlite:///${c.dir}/glance.db` },
    glance_store: { stores: 'file,http', default_store: 'file', filesystem_store_datadir: `${c.dir}/images` },
    paste_deploy: { flavor: 'keystone', config_file: '/etc/glance/glance-api-paste.ini' },
    keystone_authtoken: {
      www_authenticate_uri: c.keystoneUrl,
      auth_url: c.keystoneUrl,
      auth_type: 'password',
      username: c.serviceUser.username,
      password: c.serviceUser.password,
      project_name: c.serviceUser.project,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
      region_name: c.regionName,
      // No token cache: a revoked token must be refused at once (tests revoke tokens mid-run).
      token_cache_time: '-1',
    },
    // web-download from loopback URLs (the brackets are required by the option type).
    import_filtering_opts: { allowed_hosts: '[127.0.0.1,localhost]', allowed_ports: '[]' },
    oslo_concurrency: { lock_path: `${c.dir}/lock` },
    oslo_policy: { enforce_scope: 'false', enforce_new_defaults: 'false' },
    // Image signature verification (img_signature*): castellan reads the certificate from Barbican.
    key_manager: { backend: 'barbican' },
    barbican: {
      barbican_endpoint: c.barbicanUrl,
      barbican_api_version: 'v1',
      auth_endpoint: `${c.keystoneUrl}/v3`,
      // A certificate that is not there must fail the upload at once, not after 60 one-second retries.
      number_of_retries: '1',
    },
  });
}

export interface BarbicanConfInput {
  dir: string;
  url: string;
  keystoneUrl: string;
  regionName: string;
  serviceUser: { username: string; password: string; project: string };
  /** The simple crypto plugin's key-encryption key (a Fernet key). */
  kek: string;
}

/** Barbican with its default secret store (the simple crypto plugin) and a sqlite database. */
export function barbicanConf(c: BarbicanConfInput): string {
  return ini({
    DEFAULT: {
      use_stderr: 'true',
      host_href: c.url,
      sql_connection: `sqlite:///${c.dir}/barbican.db`,
      db_auto_create: 'false',
    },
    simple_crypto_plugin: { kek: c.kek },
    keystone_authtoken: {
      www_authenticate_uri: c.keystoneUrl,
      auth_url: c.keystoneUrl,
      auth_type: 'password',
      username: c.serviceUser.username,
      password: c.serviceUser.password,
      project_name: c.serviceUser.project,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
      region_name: c.regionName,
      token_cache_time: '-1',
    },
    keystone_notifications: { enable: 'false' },
    oslo_policy: { enforce_scope: 'false', enforce_new_defaults: 'false' },
  });
}

function ini(sections: Record<string, Record<string, string>>): string {
  return Object.entries(sections)
    .map(([name, values]) =>
      [`[${name}]`, ...Object.entries(values).map(([k, v]) => `${k} = ${v}`)].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}
