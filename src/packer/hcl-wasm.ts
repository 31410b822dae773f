// HashiCorp's HCL parser, compiled to WebAssembly (the Go program of @cdktf/hcl2json), started
// directly: the package's own loader finds its .wasm through __dirname, which a bundle does not
// have. scripts/bundle.mjs copies the module next to the bundle; from source it is in node_modules.
import '@cdktf/hcl2json/wasm/wasm_exec.js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

const WASM_FILE = 'hcl2json.wasm.gz';

type Callback = (err: string | null, result: string) => void;
interface Bridge {
  parse(filename: string, contents: string, cb: Callback): void;
}
interface GoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

async function wasmBytes(): Promise<Buffer> {
  // Beside the entry bundle, or one folder up from a chunk.
  for (const rel of [`./${WASM_FILE}`, `../${WASM_FILE}`]) {
    const bytes = await readFile(new URL(rel, import.meta.url)).catch(() => undefined);
    if (bytes) return gunzipSync(bytes);
  }
  const path = createRequire(import.meta.url).resolve('@cdktf/hcl2json/main.wasm.gz');
  return gunzipSync(await readFile(path));
}

async function start(): Promise<Bridge> {
  const Go = (globalThis as unknown as { Go: new () => GoRuntime }).Go;
  const go = new Go();
  const source = (await WebAssembly.instantiate(await wasmBytes(), go.importObject)) as unknown;
  const { instance } = source as WebAssembly.WebAssemblyInstantiatedSource;
  // The Go program registers its functions on this object when it starts.
  const bridge = {} as Bridge;
  (globalThis as Record<string, unknown>).__parse_terraform_config_wasm__ = bridge;
  void go.run(instance);
  return bridge;
}

let bridge: Promise<Bridge> | undefined;

/** HCL2 text as the JSON structure hcl2json gives; rejects with HCL's diagnostics. */
export async function hclToJson(filename: string, contents: string): Promise<Record<string, unknown>> {
  const b = await (bridge ??= start());
  const json = await new Promise<string>((resolve, reject) =>
    b.parse(filename, contents, (err, result) => (err ? reject(new Error(err)) : resolve(result))),
  );
  return JSON.parse(json) as Record<string, unknown>;
}
