// The clouds.yaml the dev cloud writes: one entry per way kiln is meant to use it.
//   dev-admin   admin of project "admin", Glance in RegionOne
//   dev-member  only the member role in the same project (cannot make images public: 403)
//   dev-site-b  admin of the same project, a second, independent Glance in RegionTwo (a second site)
import { stringify } from 'yaml';

export const ADMIN_CLOUD = 'dev-admin';
export const MEMBER_CLOUD = 'dev-member';
export const SITE_B_CLOUD = 'dev-site-b';
export const REGION_ONE = 'RegionOne';
export const REGION_TWO = 'RegionTwo';

export interface Credentials {
  username: string;
  password: string;
}

export function cloudsYaml(keystoneUrl: string, admin: Credentials, member: Credentials): string {
  const entry = (who: Credentials, region: string) => ({
    auth: {
      auth_url: `${keystoneUrl}/v3`,
      username: who.username,
      password: who.password,
      project_name: 'admin',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: region,
    interface: 'public',
    identity_api_version: 3,
  });
  return stringify({
    clouds: {
      [ADMIN_CLOUD]: entry(admin, REGION_ONE),
      [MEMBER_CLOUD]: entry(member, REGION_ONE),
      [SITE_B_CLOUD]: entry(admin, REGION_TWO),
    },
  });
}
