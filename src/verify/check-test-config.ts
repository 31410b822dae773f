// The parts of an image's `test:` settings the schema cannot judge: regular expressions that must
// compile and paths that must be absolute. Checked before anything is converted or booted.
import type { ResolvedImage } from '../config/types.js';
import { InputError } from '../errors.js';

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export function testConfigErrors(image: ResolvedImage): InputError[] {
  const errors: InputError[] = [];
  const bad = (what: string) => new InputError(`image '${image.name}': test.${what}`, image.pos);
  for (const [list, paths] of [
    ['required_files', image.test.required_files],
    ['forbidden_files', image.test.forbidden_files],
  ] as const) {
    for (const p of paths) {
      if (!p.startsWith('/')) errors.push(bad(`${list}: '${p}' is not an absolute path in the image`));
    }
  }
  const boot = image.test.boot;
  if (boot.marker !== undefined) {
    const problem = regexProblem(boot.marker);
    if (problem) errors.push(bad(`boot.marker is not a valid regular expression: ${problem}`));
  }
  boot.commands.forEach((c, i) => {
    const problem = regexProblem(c.expect);
    if (problem) errors.push(bad(`boot.commands[${i}].expect is not a valid regular expression: ${problem}`));
  });
  return errors;
}
