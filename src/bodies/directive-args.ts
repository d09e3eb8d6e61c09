/**
 * Arguments of body directives: `key=value` or `key="value with spaces"`, separated by spaces.
 * Strict on purpose: unknown keys, bad characters and repeated keys are errors, so nothing an
 * author writes inside a directive can reach the HTML unescaped or be silently ignored.
 */

export interface ParsedArgs {
  values: Record<string, string>;
  errors: string[];
}

const PAIR = /\s*([a-z][a-z_]*)\s*=\s*(?:"([^"\\<>`]*)"|([^\s"'<>=`]+))/iy;

export function parseArgs(source: string, allowed: readonly string[]): ParsedArgs {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  let pos = 0;
  const text = source.trim();
  while (pos < text.length) {
    PAIR.lastIndex = pos;
    const m = PAIR.exec(text);
    if (!m) {
      errors.push(`cannot read arguments from "${text.slice(pos).trim().slice(0, 40)}" (expected key=value or key="value")`);
      break;
    }
    const key = m[1].toLowerCase();
    const value = (m[2] ?? m[3]).normalize('NFC');
    if (!allowed.includes(key)) errors.push(`unknown argument "${key}" (allowed: ${allowed.join(', ')})`);
    else if (key in values) errors.push(`argument "${key}" is given twice`);
    else values[key] = value;
    pos = PAIR.lastIndex;
    while (text[pos] === ' ' || text[pos] === '\t') pos++;
  }
  return { values, errors };
}

export function intArg(values: Record<string, string>, key: string, min: number, max: number, errors: string[]): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    errors.push(`${key} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return undefined;
  }
  return Number(raw);
}

/** "latest" or a year. */
export function editionArg(values: Record<string, string>, errors: string[]): number | 'latest' {
  const raw = values.edition ?? values.year ?? 'latest';
  if (raw === 'latest') return 'latest';
  if (!/^\d{4}$/.test(raw)) {
    errors.push(`edition must be a year (e.g. 2018) or "latest", got "${raw}"`);
    return 'latest';
  }
  return Number(raw);
}

export function listArg(values: Record<string, string>, key: string): string[] {
  return (values[key] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function oneOf<T extends string>(values: Record<string, string>, key: string, options: readonly T[], fallback: T, errors: string[]): T {
  const raw = values[key];
  if (raw === undefined) return fallback;
  if (!options.includes(raw as T)) {
    errors.push(`${key} must be one of ${options.join(', ')}, got "${raw}"`);
    return fallback;
  }
  return raw as T;
}
