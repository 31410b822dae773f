// The error for an element dependency nobody has: at the element-deps line that names it, saying
// which elements would provide it when some element (outside the image) does.
import { InputError } from '../errors.js';
import type { ElementLoader } from './element-loader.js';

/** The error for `name`, at the first element-deps line (of the image's elements `members`) naming it. */
export function unknownElement(loader: ElementLoader, name: string, members: readonly string[]): InputError {
  const from = members.find((m) => loader.files(m)?.deps.some((d) => d.name === name));
  const line = from === undefined ? undefined : loader.files(from)!.deps.find((d) => d.name === name)!.line;
  const dir = from === undefined ? undefined : loader.locate(from)!.dir;
  const pos = line === undefined ? undefined : { file: `${dir}/element-deps`, line, col: 1 };
  const providers = loader.providersOf(name).map((n) => `'${n}'`);
  if (from !== undefined && providers.length > 0) {
    return new InputError(
      `element '${from}' depends on '${name}', which only ${providers.join(' or ')} provides, and the image has none of them`,
      pos,
      `add ${providers.join(' or ')} to the image's elements`,
    );
  }
  return new InputError(
    `unknown element '${name}': not in the project's elements/, a third-party checkout or DIB's built-in elements`,
    pos,
  );
}
