/** What every loader shares: the environment it reads, the error naming the variable at fault, and the value parsers. */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(name, `expected 1/0 or true/false, got "${env[name]}"`);
}

export function integerList(env: Env, name: string, fallback: number[], min: number, max: number): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < min || Number(p) > max)) {
    throw new ConfigError(name, `expected comma-separated whole numbers between ${min} and ${max}, got "${raw}"`);
  }
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/** A flag with a default when unset (e.g. RESPONSE_CACHE, on unless set to 0). */
export function optionalFlag(env: Env, name: string, fallback: boolean): boolean {
  return (env[name] ?? '').trim() === '' ? fallback : flag(env, name);
}
