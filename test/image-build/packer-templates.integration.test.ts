// Templates as their owners write them, built by the real Packer 1.6.6 through the bundled CLI: no
// kiln variable, an HCL2 `file` builder, a legacy JSON template, a null builder naming its image in
// a manifest post-processor. And templates that are bad input: exit 2 at file:line:col, nothing built.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { kiln } from '../support/cli.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['packer', 'qemu-img']);

const STACK = /\n\s+at /;

function repo(files: Record<string, string>): { dir: string; out: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'packer-templates-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return {
    dir,
    out: join(dir, 'out'),
    env: { KILN_CACHE_DIR: join(dir, '.kiln-cache'), GITHUB_ACTIONS: '' },
  };
}

const images = (body: string) => `defaults:
  architectures: [amd64]
  disk_format: raw
  builders: { packer: "1.6.6" }
images:
${body}`;

const record = (out: string, name: string) =>
  JSON.parse(readFileSync(join(out, name, 'amd64', 'record.json'), 'utf8'));

const FILES = {
  'config/images.yaml': images(`  hcl-file:
    builder: packer
    template: packer/file.pkr.hcl
    var_files: [packer/vars/content.pkrvars.hcl]
  legacy:
    builder: packer
    template: packer/legacy.json
    var_files: [packer/vars/legacy.json]
  null-manifest:
    builder: packer
    template: packer/null.pkr.hcl
`),
  // No kiln variable: the artifact line names output-file/disk.raw, relative to where packer ran.
  'packer/file.pkr.hcl': `variable "content" { type = string }
source "file" "disk" {
  content = var.content
  target  = "output-file/disk.raw"
}
build {
  sources = ["source.file.disk"]
}
`,
  'packer/vars/content.pkrvars.hcl': 'content = "bytes of an HCL2 build"\n',
  // Legacy JSON, declaring one of kiln's variables in its own variables block.
  'packer/legacy.json': JSON.stringify(
    {
      variables: { kiln_image_name: '', greeting: 'hello' },
      builders: [
        {
          type: 'file',
          content: '{{user `greeting`}} from {{user `kiln_image_name`}}',
          target: '{{user `kiln_image_name`}}.raw',
        },
      ],
      'post-processors': [{ type: 'manifest', output: 'legacy-manifest.json' }],
    },
    null,
    2,
  ),
  'packer/vars/legacy.json': '{ "greeting": "hi" }\n',
  // A builder that exports no file: the manifest's custom_data names what shell-local made.
  'packer/null.pkr.hcl': `source "null" "made" {
  communicator = "none"
}
build {
  sources = ["source.null.made"]
  provisioner "shell-local" {
    inline = ["mkdir -p made", "printf 'made by a provisioner' > made/disk.raw"]
  }
  post-processor "manifest" {
    custom_data = { kiln_image = "made/disk.raw" }
  }
}
`,
};

describe('kiln build with templates that know nothing of kiln', () => {
  it('builds HCL2, legacy JSON and null+manifest templates into complete records', () => {
    const r = repo(FILES);
    const res = kiln(['build', 'hcl-file', 'legacy', 'null-manifest', '--output', r.out], {
      cwd: r.dir,
      env: r.env,
    });
    expect(res.stderr).not.toMatch(STACK);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/build summary: 3 built/);
    const expected: Record<string, string> = {
      'hcl-file': 'bytes of an HCL2 build',
      legacy: 'hi from legacy',
      'null-manifest': 'made by a provisioner',
    };
    for (const [name, content] of Object.entries(expected)) {
      const rec = record(r.out, name);
      const bytes = readFileSync(join(r.out, name, 'amd64', rec.file));
      expect(bytes.toString()).toBe(content);
      expect(rec).toMatchObject({
        name,
        arch: 'amd64',
        builder: 'packer',
        builder_version: '1.6.6',
        format: 'raw',
      });
      expect(rec.size).toBe(bytes.length);
      expect(rec.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(rec.key).toMatch(/^[0-9a-f]{64}$/);
    }
    // The images were moved out of the checkout; the builder's now empty folder went with them.
    expect(existsSync(join(r.dir, 'output-file'))).toBe(false);
    expect(existsSync(join(r.dir, 'legacy.raw'))).toBe(false);
    expect(existsSync(join(r.dir, 'made/disk.raw'))).toBe(false);
    // Packer ran with -machine-readable: the log has the artifact line kiln read.
    const log = readFileSync(join(r.out, 'hcl-file/amd64/build.log'), 'utf8');
    expect(log).toMatch(/^\d+,file\.disk,artifact,0,file,0,output-file\/disk\.raw$/m);
  });

  it('rejects bad templates at file:line:col with exit 2 from validate, plan and build, building nothing', () => {
    const r = repo({
      ...FILES,
      'config/images.yaml': images(`  broken:
    builder: packer
    template: packer/broken.pkr.hcl
  missing-script:
    builder: packer
    template: packer/script.pkr.hcl
`),
      'packer/broken.pkr.hcl': 'source "file" "x" {\n  content = [\n}\n',
      'packer/script.pkr.hcl': `source "file" "disk" {
  content = "x"
  target  = "disk.raw"
}
build {
  sources = ["source.file.disk"]
  provisioner "shell-local" {
    script = "\${path.root}/scripts/missing.sh"
  }
}
`,
    });
    for (const command of [
      ['validate'],
      ['plan'],
      ['build', 'broken', 'missing-script', '--output', r.out],
    ]) {
      const res = kiln(command, { cwd: r.dir, env: r.env });
      expect({ command, code: res.code }).toEqual({ command, code: 2 });
      expect(res.stderr).toMatch(/^packer\/broken\.pkr\.hcl:3:1: not valid HCL2: /m);
      expect(res.stderr).toMatch(
        /^packer\/script\.pkr\.hcl:8:15: script 'packer\/scripts\/missing\.sh' does not exist in work tree$/m,
      );
      expect(res.stderr).not.toMatch(STACK);
    }
    expect(existsSync(r.out)).toBe(false);
  });

  it('warns about var-file variables the template does not declare', () => {
    const r = repo({ ...FILES, 'packer/vars/content.pkrvars.hcl': 'content = "x"\ncontnet = "y"\n' });
    const res = kiln(['validate'], { cwd: r.dir, env: r.env });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      "warning: packer/vars/content.pkrvars.hcl:2:1: var file sets 'contnet', which packer/file.pkr.hcl does not declare",
    );
  });

  it('explains a key through the CLI: text for people, JSON for tools', () => {
    const r = repo(FILES);
    const text = kiln(['plan', '--explain', 'hcl-file:amd64'], { cwd: r.dir, env: r.env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^hcl-file \(amd64\) build key [0-9a-f]{64}\n/);
    expect(text.stdout).toMatch(/\ntemplate:\n  [0-9a-f]{64}  packer\/file\.pkr\.hcl\n/);
    expect(text.stdout).toMatch(/\nvar files:\n  [0-9a-f]{64}  packer\/vars\/content\.pkrvars\.hcl\n/);
    const json = kiln(['plan', '--explain', 'hcl-file', '--format', 'json'], { cwd: r.dir, env: r.env });
    expect(json.code).toBe(0);
    const planned = JSON.parse(kiln(['plan'], { cwd: r.dir, env: r.env }).stdout);
    const key = planned.images.find((i: { name: string }) => i.name === 'hcl-file').key;
    expect(JSON.parse(json.stdout)).toMatchObject({ image: 'hcl-file', arch: 'amd64', key });
    const unknown = kiln(['plan', '--explain', 'nope'], { cwd: r.dir, env: r.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--explain: unknown image 'nope'");
  });
});
