// Build keys of Packer images laid out like azimuth-images: several templates sharing packer/,
// playbooks in ansible/ with roles in ansible/roles/, provisioner scripts, var files in vars/ and in
// the vendor/image-builder git submodule (kubernetes-sigs/image-builder's images/capi layout). An
// edit replans exactly the images that read what it changed, in plain keys and with --since.
import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamLogger } from '../../src/log.js';
import { explainKey, formatExplanation } from '../../src/plan/explain.js';
import type { PlanRequest } from '../../src/plan/plan-builds.js';
import { planIn, projectIn } from '../support/plan-in.js';
import { scratch, writeRepo } from './fixture.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'kiln test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'kiln test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], { cwd, env: GIT_ENV, encoding: 'utf8' });
const commitAll = (dir: string, message: string) => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
};

const IMAGES = `defaults:
  architectures: [amd64]
  builders: { packer: "1.6.6" }
images:
  linux-webconsole:
    builder: packer
    template: packer/linux-webconsole.pkr.hcl
    var_files: [vars/base/ubuntu-jammy.json]
  linux-rstudio:
    builder: packer
    template: packer/linux-rstudio.pkr.hcl
    var_files: [vars/base/ubuntu-jammy.json]
  kubernetes:
    builder: packer
    template: packer/kubernetes.pkr.hcl
    var_files:
      - vars/base/ubuntu-jammy.json
      - vars/base/kubernetes.json
      - vendor/image-builder/images/capi/packer/config/kubernetes.json
`;

const SOURCE = `variable "distro_name" { type = string }
variable "ssh_username" { type = string }
source "null" "linux" { communicator = "none" }
`;

const SUPERPROJECT = {
  'config/images.yaml': IMAGES,
  'packer/linux-webconsole.pkr.hcl': `${SOURCE}
build {
  sources = ["source.null.linux"]
  provisioner "ansible" {
    galaxy_file   = "\${path.root}/../requirements.yml"
    playbook_file = "\${path.root}/../ansible/linux-webconsole.yml"
    use_proxy     = false
  }
  provisioner "shell" {
    script = "\${path.root}/../scripts/cleanup.sh"
  }
}
`,
  'packer/linux-rstudio.pkr.hcl': `${SOURCE}
build {
  sources = ["source.null.linux"]
  provisioner "ansible" {
    galaxy_file   = "\${path.root}/../requirements.yml"
    playbook_file = "\${path.root}/../ansible/linux-rstudio.yml"
  }
}
`,
  'packer/kubernetes.pkr.hcl': `${SOURCE}
variable "prep_script" { type = string }
variable "kubernetes_semver" { type = string }
source "null" "kubernetes" { communicator = "none" }
build {
  sources = ["source.null.kubernetes"]
  provisioner "shell" {
    scripts = ["\${path.root}/../scripts/\${var.prep_script}", "\${path.root}/../scripts/cleanup.sh"]
  }
  provisioner "file" {
    source      = "\${path.root}/../files/motd"
    destination = "/etc/motd"
  }
  provisioner "ansible" {
    playbook_file   = "\${path.root}/../ansible/kubernetes.yml"
    extra_arguments = ["--extra-vars", "kubernetes_semver=\${var.kubernetes_semver}"]
  }
  provisioner "shell" {
    script = "\${path.root}/../scripts/\${lower(var.distro_name)}.sh"
  }
}
`,
  'ansible/linux-webconsole.yml': `- name: Ensure Linux webconsole hosts are configured
  hosts: all
  become: true
  roles:
    - linux-common
    - linux-webconsole
`,
  'ansible/linux-rstudio.yml': `- hosts: all
  roles:
    - linux-common
    - role: linux-rstudio
`,
  'ansible/kubernetes.yml': `- name: Ensure common configuration is applied on Linux hosts
  hosts: all
  become: true
  roles:
    - role: linux-common
      vars:
        blacklisted_kernel_modules_extra: [nouveau]

- name: Import CAPI image playbook
  import_playbook: ../vendor/image-builder/images/capi/ansible/node.yml
`,
  'ansible/roles/linux-common/tasks/main.yml': '- name: Common\n  ansible.builtin.debug: { msg: common }\n',
  'ansible/roles/linux-webconsole/tasks/main.yml':
    '- name: Volumes\n  ansible.builtin.include_role:\n    name: linux-data-volumes\n',
  'ansible/roles/linux-data-volumes/tasks/main.yml': '- ansible.builtin.debug: { msg: volumes }\n',
  'ansible/roles/linux-rstudio/tasks/main.yml': '- ansible.builtin.debug: { msg: rstudio }\n',
  'ansible/roles/linux-unused/tasks/main.yml': '- ansible.builtin.debug: { msg: nobody }\n',
  'requirements.yml': 'collections:\n  - name: community.general\n',
  'scripts/cleanup.sh': '#!/bin/sh\necho cleanup\n',
  'scripts/k8s-prep.sh': '#!/bin/sh\necho prep\n',
  'scripts/ubuntu-jammy.sh': '#!/bin/sh\necho jammy\n',
  'files/motd': 'welcome\n',
  'vars/base/ubuntu-jammy.json': '{\n  "distro_name": "ubuntu-jammy",\n  "ssh_username": "ubuntu"\n}\n',
  'vars/base/kubernetes.json': '{ "prep_script": "k8s-prep.sh" }\n',
};

const IMAGE_BUILDER = {
  'images/capi/ansible/node.yml': '- hosts: all\n  roles:\n    - node\n',
  'images/capi/ansible/roles/node/tasks/main.yml': '- ansible.builtin.debug: { msg: node }\n',
  'images/capi/packer/config/kubernetes.json': '{ "kubernetes_semver": "v1.30.0" }\n',
  'images/capi/packer/config/containerd.json': '{ "containerd_version": "1.7.0" }\n',
};

/** The superproject, with image-builder as a submodule at vendor/image-builder, committed. */
function layout(): { dir: string; sub: string } {
  const base = scratch('packer-layout');
  const upstream = writeRepo(join(base, 'image-builder'), IMAGE_BUILDER);
  git(upstream, 'init', '-q', '-b', 'main');
  commitAll(upstream, 'image-builder');
  const dir = writeRepo(join(base, 'azimuth'), SUPERPROJECT);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'submodule', 'add', '-q', upstream, 'vendor/image-builder');
  commitAll(dir, 'catalogue');
  return { dir, sub: join(dir, 'vendor/image-builder') };
}

const quiet = streamLogger({ write: () => {} });
const plan = (dir: string, request: PlanRequest = {}) =>
  planIn(dir, request, { logger: quiet, builtinElements: null });
const keys = async (dir: string) =>
  new Map((await plan(dir)).images.map((i) => [i.name, i.key] as [string, string]));
const changedKeys = (a: Map<string, string>, b: Map<string, string>) =>
  [...a.keys()].filter((n) => a.get(n) !== b.get(n)).sort();
const since = async (dir: string, ref: string) =>
  (await plan(dir, { since: ref })).images.map((i) => i.name).sort();

describe('Packer keys on an azimuth-images layout', () => {
  it('replan exactly the images that read an edited role, template, script or file', async () => {
    const { dir } = layout();
    const before = await keys(dir);
    expect([...before.keys()].sort()).toEqual(['kubernetes', 'linux-rstudio', 'linux-webconsole']);
    expect(await since(dir, 'HEAD')).toEqual([]);

    const edits: [string, string[]][] = [
      // A role named in roles: of a playbook.
      ['ansible/roles/linux-webconsole/tasks/main.yml', ['linux-webconsole']],
      // A role every playbook uses.
      ['ansible/roles/linux-common/tasks/main.yml', ['kubernetes', 'linux-rstudio', 'linux-webconsole']],
      // A role brought in by include_role inside another role.
      ['ansible/roles/linux-data-volumes/tasks/main.yml', ['linux-webconsole']],
      // A role nobody uses, and a template of another image in the same folder.
      ['ansible/roles/linux-unused/tasks/main.yml', []],
      ['packer/linux-rstudio.pkr.hcl', ['linux-rstudio']],
      // A script two templates run; one a template names through a var-file variable.
      ['scripts/cleanup.sh', ['kubernetes', 'linux-webconsole']],
      ['scripts/k8s-prep.sh', ['kubernetes']],
      // A `file` provisioner's source; the galaxy requirements file.
      ['files/motd', ['kubernetes']],
      ['requirements.yml', ['linux-rstudio', 'linux-webconsole']],
      // A var file.
      ['vars/base/kubernetes.json', ['kubernetes']],
    ];
    for (const [file, expected] of edits) {
      const start = await keys(dir);
      appendFileSync(join(dir, file), file.endsWith('.json') ? '\n' : '# edited\n');
      expect({ file, changed: changedKeys(start, await keys(dir)) }).toEqual({ file, changed: expected });
      expect({ file, since: await since(dir, 'HEAD') }).toEqual({ file, since: expected });
      git(dir, 'checkout', '-q', '--', file);
    }
  });

  it('count files inside the submodule by content: a bump replans the images reading them', async () => {
    const { dir, sub } = layout();
    const before = await keys(dir);
    // A file in the submodule nothing reads.
    appendFileSync(join(sub, 'images/capi/packer/config/containerd.json'), '\n');
    commitAll(sub, 'containerd');
    commitAll(dir, 'bump image-builder');
    expect(changedKeys(before, await keys(dir))).toEqual([]);
    expect(await since(dir, 'HEAD~1')).toEqual([]);
    // The role of the imported playbook, inside the submodule.
    writeFileSync(
      join(sub, 'images/capi/ansible/roles/node/tasks/main.yml'),
      '- ansible.builtin.debug: {}\n',
    );
    commitAll(sub, 'node role');
    commitAll(dir, 'bump image-builder again');
    expect(changedKeys(before, await keys(dir))).toEqual(['kubernetes']);
    expect(await since(dir, 'HEAD~1')).toEqual(['kubernetes']);
    expect(await since(dir, 'HEAD~2')).toEqual(['kubernetes']);
    // The submodule's var file, changed in its checkout but not committed anywhere.
    const middle = await keys(dir);
    writeFileSync(
      join(sub, 'images/capi/packer/config/kubernetes.json'),
      '{ "kubernetes_semver": "v1.31.0" }\n',
    );
    expect(changedKeys(middle, await keys(dir))).toEqual(['kubernetes']);
    expect(await since(dir, 'HEAD')).toEqual(['kubernetes']);
  });

  it('notes a reference kiln cannot evaluate, at its template line', async () => {
    const { dir } = layout();
    const { notes } = await plan(dir);
    const text = SUPERPROJECT['packer/kubernetes.pkr.hcl'];
    const before = text.slice(0, text.indexOf('${path.root}/../scripts/${lower('));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    expect(notes).toContainEqual(
      expect.stringContaining(
        `packer/kubernetes.pkr.hcl:${line}:${col}: script = "\${path.root}/../scripts/\${lower(var.distro_name)}.sh" cannot be evaluated`,
      ),
    );
  });

  it('explain every input of a key, grouped, with digests', async () => {
    const { dir } = layout();
    const e = await explainKey('kubernetes:amd64', await projectIn(dir, { builtinElements: null }));
    expect(e.key).toBe((await keys(dir)).get('kubernetes'));
    expect(e.template!.map((f) => f.path)).toEqual(['packer/kubernetes.pkr.hcl']);
    expect(e.var_files!.map((f) => f.path)).toEqual(
      [
        'vars/base/ubuntu-jammy.json',
        'vars/base/kubernetes.json',
        'vendor/image-builder/images/capi/packer/config/kubernetes.json',
      ].sort(),
    );
    expect(e.referenced!.map((f) => f.path)).toEqual([
      'ansible/kubernetes.yml',
      'ansible/roles/linux-common',
      'files/motd',
      'scripts/cleanup.sh',
      'scripts/k8s-prep.sh',
      'vendor/image-builder/images/capi/ansible/node.yml',
      'vendor/image-builder/images/capi/ansible/roles/node',
    ]);
    for (const f of [...e.template!, ...e.var_files!, ...e.referenced!])
      expect(f.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(e.settings).toMatchObject({ builder: 'packer', template: 'packer/kubernetes.pkr.hcl' });
    const text = formatExplanation(e);
    expect(text).toMatch(/^kubernetes \(amd64\) build key [0-9a-f]{64}\n/);
    expect(text).toMatch(/\nreferenced files:\n(  [0-9a-f]{64}  \S+\n){7}/);
    expect(text).toContain('not covered (add to inputs: if they read repository files):');
  });

  it('count the files an image lists under inputs:', async () => {
    const { dir } = layout();
    writeRepo(dir, {
      'config/images.yaml': IMAGES.replace(
        '    template: packer/linux-rstudio.pkr.hcl\n',
        '    template: packer/linux-rstudio.pkr.hcl\n    inputs: ["extra/**"]\n',
      ),
      'extra/r/packages.txt': 'ggplot2\n',
    });
    const before = await keys(dir);
    appendFileSync(join(dir, 'extra/r/packages.txt'), 'dplyr\n');
    expect(changedKeys(before, await keys(dir))).toEqual(['linux-rstudio']);
    const e = await explainKey('linux-rstudio', await projectIn(dir, { builtinElements: null }));
    expect(e.inputs!.map((f) => f.path)).toEqual(['extra/r/packages.txt']);
  });
});
