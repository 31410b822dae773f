// The Glance v2 operations kiln uses, as an interface: the publish protocol, sync and the dev cloud
// take a GlanceClient as a collaborator. The real implementation talks HTTP (glance.ts).
import type { Readable } from 'node:stream';

export interface GlanceImage {
  id: string;
  name: string | null;
  status:
    | 'queued'
    | 'saving'
    | 'active'
    | 'killed'
    | 'deleted'
    | 'pending_delete'
    | 'deactivated'
    | 'uploading'
    | 'importing';
  visibility: 'public' | 'private' | 'shared' | 'community';
  owner: string;
  size?: number | null;
  checksum?: string | null;
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  disk_format?: string | null;
  container_format?: string | null;
  created_at: string;
  updated_at: string;
  tags: string[];
  os_hidden?: boolean;
  /** Custom properties are top-level string fields in Glance v2. */
  [property: string]: unknown;
}

export interface ImageQuery {
  name?: string;
  owner?: string;
  /** Every listed tag must be present. */
  tags?: string[];
  status?: string;
  visibility?: 'public' | 'private' | 'shared' | 'community' | 'all';
  /** Custom property filters (exact match). */
  properties?: Record<string, string>;
  /** Include hidden images (os_hidden=true); Glance hides them from lists by default. */
  includeHidden?: boolean;
}

export interface CreateImageRequest {
  name: string;
  disk_format: string;
  container_format: string;
  visibility: 'public' | 'private' | 'shared' | 'community';
  tags?: string[];
  os_hidden?: boolean;
  properties?: Record<string, string>;
}

export type PatchOp = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

export interface UploadProgress {
  sent: number;
  total: number;
}

export interface UploadResult {
  size: number;
  /** Of the bytes sent: what Glance's os_hash_value must be. */
  sha512: string;
  /** Only for an `ImageStream` that asks for it. */
  sha256?: string;
}

/**
 * Image bytes that arrive once instead of a file: a download going straight into Glance. They cannot
 * be sent a second time, so an upload that needs a repeat (after re-authenticating) fails.
 */
export interface ImageStream {
  body: Readable;
  size: number;
  /** Also hash the bytes with sha256 (a manifest may promise only that hash). */
  sha256?: boolean;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
}

export interface GlanceClient {
  /** Site or cloud name, used in every error message. */
  readonly label: string;
  /** The project the session is scoped to (image owner). */
  readonly projectId: string;
  listImages(query: ImageQuery): Promise<GlanceImage[]>;
  getImage(id: string): Promise<GlanceImage | undefined>;
  createImage(request: CreateImageRequest): Promise<GlanceImage>;
  /** Streams the file (or the stream) once, hashing on the way; never buffers the image. */
  uploadImage(id: string, file: string | ImageStream, options?: UploadOptions): Promise<UploadResult>;
  updateImage(id: string, ops: PatchOp[]): Promise<GlanceImage>;
  addTag(id: string, tag: string): Promise<void>;
  removeTag(id: string, tag: string): Promise<void>;
  /** A missing image counts as deleted. */
  deleteImage(id: string): Promise<void>;
  /** Polls until the image has one of `statuses`; fails on killed/deleted or timeout. */
  waitForStatus(id: string, statuses: string[], timeoutMs: number): Promise<GlanceImage>;
}
