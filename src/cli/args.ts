/** `--name value` and `--flag` options of the operations commands; anything else is an error. */
export function parseArgs(
  argv: string[],
  spec: { values: string[]; flags: string[] },
): { values: Record<string, string>; flags: Set<string> } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [arg, undefined];
    if (spec.flags.includes(name) && inline === undefined) {
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      values[name] = value;
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return { values, flags };
}

export class UsageError extends Error {}

/** Exit codes shared by backup, restore and backup:verify. */
export const EXIT = { ok: 0, failed: 1, refused: 2 } as const;
