// An in-memory GlanceClient for the pure-logic unit tests of the protocol only (the acceptance tests
// use the real Glance of the dev cloud). It keeps Glance's rules that the protocol depends on: 409 for
// `add` of an existing property and `replace`/`remove` of a missing one, hidden images left out of
// lists unless asked for, sha512 os_hash_value. `crashAt` makes the Nth mutating call fail, before or
// after it took effect, as a lost answer would; with `dead`, every later mutation fails too, as if
// the process had been killed there (no rollback reaches Glance).
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type {
  CreateImageRequest,
  GlanceClient,
  GlanceImage,
  ImageQuery,
  PatchOp,
  UploadResult,
} from '../../src/openstack/glance-types.js';

const BASE = new Set(['name', 'visibility', 'os_hidden', 'tags', 'status', 'id', 'owner']);

export class FakeGlance implements GlanceClient {
  readonly label = 'fake';
  readonly images = new Map<string, GlanceImage>();
  mutations = 0;
  crashAt?: { n: number; after: boolean; dead?: boolean };
  private dead = false;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(readonly projectId = 'project-1') {}

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  /** Counts a mutation; throws before (or runs `fn` then throws after) when it is the crash point. */
  private mutate<T>(fn: () => T): T {
    this.mutations++;
    if (this.dead) throw new Error('injected: the process is gone');
    const crash = this.crashAt && this.crashAt.n === this.mutations;
    if (crash && this.crashAt!.dead) this.dead = true;
    if (crash && !this.crashAt!.after) throw new Error(`injected failure before mutation ${this.mutations}`);
    const out = fn();
    if (crash) throw new Error(`injected failure after mutation ${this.mutations}`);
    return out;
  }

  add(partial: Partial<GlanceImage> & { name: string }): GlanceImage {
    const at = this.tick();
    const img: GlanceImage = {
      id: randomUUID(),
      status: 'active',
      visibility: 'private',
      owner: this.projectId,
      created_at: at,
      updated_at: at,
      tags: [],
      os_hidden: false,
      disk_format: 'qcow2',
      ...partial,
    };
    this.images.set(img.id, img);
    return img;
  }

  /** Clears the injected failure (the next run). */
  recover(): void {
    this.crashAt = undefined;
    this.dead = false;
  }

  async listImages(q: ImageQuery): Promise<GlanceImage[]> {
    return [...this.images.values()]
      .filter((i) => q.name === undefined || i.name === q.name)
      .filter((i) => q.owner === undefined || i.owner === q.owner)
      .filter((i) => (q.tags ?? []).every((t) => i.tags.includes(t)))
      .filter((i) => Object.entries(q.properties ?? {}).every(([k, v]) => i[k] === v))
      .filter((i) => q.includeHidden || !i.os_hidden)
      .map((i) => structuredClone(i));
  }

  async getImage(id: string): Promise<GlanceImage | undefined> {
    const i = this.images.get(id);
    return i && structuredClone(i);
  }

  async createImage(r: CreateImageRequest): Promise<GlanceImage> {
    return this.mutate(() =>
      this.add({
        name: r.name,
        disk_format: r.disk_format,
        container_format: r.container_format,
        visibility: r.visibility,
        tags: [...(r.tags ?? [])],
        os_hidden: r.os_hidden ?? false,
        status: 'queued',
        ...r.properties,
      }),
    );
  }

  async uploadImage(id: string, file: string): Promise<UploadResult> {
    const data = await readFile(file);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const sha512 = createHash('sha512').update(data).digest('hex');
    return this.mutate(() => {
      const i = this.images.get(id)!;
      Object.assign(i, {
        status: 'active',
        size: data.length,
        os_hash_algo: 'sha512',
        os_hash_value: sha512,
      });
      return { size: data.length, sha256, sha512 };
    });
  }

  async updateImage(id: string, ops: PatchOp[]): Promise<GlanceImage> {
    return this.mutate(() => {
      const i = structuredClone(this.images.get(id)!);
      for (const op of ops) {
        const k = op.path.slice(1);
        const has = k in i;
        if (!BASE.has(k) && op.op === 'add' && has) throw new Error(`409 Property ${k} already present`);
        if (!BASE.has(k) && op.op !== 'add' && !has) throw new Error(`409 Property ${k} does not exist`);
        if (op.op === 'remove') delete i[k];
        else i[k] = op.value;
      }
      i.updated_at = this.tick();
      this.images.set(id, i);
      return structuredClone(i);
    });
  }

  async addTag(id: string, tag: string): Promise<void> {
    this.mutate(() => {
      const i = this.images.get(id)!;
      if (!i.tags.includes(tag)) i.tags.push(tag);
    });
  }

  async removeTag(id: string, tag: string): Promise<void> {
    this.mutate(() => {
      const i = this.images.get(id)!;
      i.tags = i.tags.filter((t) => t !== tag);
    });
  }

  async deleteImage(id: string): Promise<void> {
    this.mutate(() => this.images.delete(id));
  }

  async waitForStatus(id: string): Promise<GlanceImage> {
    return structuredClone(this.images.get(id)!);
  }

  named(name: string): GlanceImage[] {
    return [...this.images.values()].filter((i) => i.name === name);
  }
}
