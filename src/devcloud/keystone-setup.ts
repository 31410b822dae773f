// Registers the dev cloud's Glance and Barbican services and its member user in Keystone, through Keystone's own
// API with the admin token (faster than one `openstack` CLI start per call). Creating something
// that already exists (409) is fine: `up` may repeat it after a crash half-way.
import { WorldError } from '../errors.js';
import { describeAnswer } from '../openstack/api-answer.js';
import type { KeystoneSession } from '../openstack/keystone.js';

export interface RegionEndpoint {
  region: string;
  url: string;
}

/** Endpoints by service type (image, key-manager). */
export type ServiceEndpoints = Record<string, RegionEndpoint[]>;

const SERVICE_NAMES: Record<string, string> = { image: 'glance', 'key-manager': 'barbican' };

export interface MemberUser {
  name: string;
  password: string;
  /** The project the member role is given on. */
  projectName: string;
}

export async function registerServices(
  admin: KeystoneSession,
  services: ServiceEndpoints,
  member: MemberUser,
  identityUrl: string,
): Promise<void> {
  const regions = [...new Set(Object.values(services).flatMap((list) => list.map((e) => e.region)))];
  for (const region of regions) {
    await call(admin, 'POST', '/regions', { region: { id: region } }, [409]);
  }
  for (const [type, endpoints] of Object.entries(services)) {
    const id = await ensureService(admin, type, SERVICE_NAMES[type] ?? type);
    for (const { region, url } of endpoints) await ensureEndpoints(admin, id, region, url);
  }
  // Keystone itself must be listed in every region: Glance's auth middleware looks for it in its own.
  const identityService = await ensureService(admin, 'identity', 'keystone');
  for (const region of regions) await ensureEndpoints(admin, identityService, region, identityUrl);

  const project = await findOne(admin, 'projects', member.projectName);
  const role = await findOne(admin, 'roles', 'member');
  const users = (await call(admin, 'GET', `/users?name=${encodeURIComponent(member.name)}`)).users as {
    id: string;
  }[];
  const userId =
    users[0]?.id ??
    (
      (
        await call(admin, 'POST', '/users', {
          user: {
            name: member.name,
            password: member.password,
            domain_id: 'default',
            default_project_id: project,
          },
        })
      ).user as { id: string }
    ).id;
  await call(admin, 'PUT', `/projects/${project}/users/${userId}/roles/${role}`);
}

async function ensureService(admin: KeystoneSession, type: string, name: string): Promise<string> {
  const services = (await call(admin, 'GET', `/services?type=${type}`)).services as { id: string }[];
  if (services[0]) return services[0].id;
  return ((await call(admin, 'POST', '/services', { service: { type, name } })).service as { id: string }).id;
}

async function ensureEndpoints(
  admin: KeystoneSession,
  serviceId: string,
  region: string,
  url: string,
): Promise<void> {
  const existing = (await call(admin, 'GET', `/endpoints?service_id=${serviceId}&region_id=${region}`))
    .endpoints as {
    interface: string;
    region_id: string;
  }[];
  for (const iface of ['public', 'internal', 'admin']) {
    if (existing.some((e) => e.interface === iface && e.region_id === region)) continue;
    await call(admin, 'POST', '/endpoints', {
      endpoint: { service_id: serviceId, interface: iface, region_id: region, url },
    });
  }
}

async function findOne(admin: KeystoneSession, kind: 'projects' | 'roles', name: string): Promise<string> {
  const list = (await call(admin, 'GET', `/${kind}?name=${encodeURIComponent(name)}`))[kind] as {
    id: string;
  }[];
  if (!list[0]) {
    throw new WorldError({
      doing: 'setting up the dev cloud',
      target: `Keystone ${kind}`,
      answer: `no ${name}`,
    });
  }
  return list[0].id;
}

async function call(
  admin: KeystoneSession,
  method: string,
  path: string,
  body?: unknown,
  okStatuses: number[] = [],
): Promise<Record<string, unknown>> {
  const res = await admin.request('identity', {
    method,
    path: `/v3${path}`,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300 && !okStatuses.includes(res.status)) {
    throw new WorldError({
      doing: `setting up the dev cloud: ${method} ${path}`,
      target: admin.authUrl,
      answer: describeAnswer(res),
    });
  }
  const text = res.body.toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
