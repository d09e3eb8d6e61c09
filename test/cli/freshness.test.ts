/** CLI commands run from dist/ when it was built after every source change (scripts/freshness.js). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isFresh, markBuilt } = require('../../scripts/freshness.js') as {
  isFresh(root: string, sources?: string[]): boolean;
  markBuilt(root: string, startedAt: number): void;
};

describe('build freshness', () => {
  let root: string;
  const at = (file: string, ms: number) => fs.utimesSync(path.join(root, file), new Date(ms), new Date(ms));
  const T = Date.parse('2026-11-28T10:00:00Z');

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-freshness-'));
    fs.mkdirSync(path.join(root, 'src/units'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/units/unit.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
    for (const f of ['src/units/unit.ts', 'src/units', 'src', 'tsconfig.json']) at(f, T);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is stale before any build, fresh after one', () => {
    expect(isFresh(root, ['src', 'tsconfig.json'])).toBe(false);
    markBuilt(root, T + 1000);
    expect(isFresh(root, ['src', 'tsconfig.json'])).toBe(true);
  });

  it('is stale when a source changed after the build started, even during the build', () => {
    markBuilt(root, T + 1000);
    at('src/units/unit.ts', T + 1500);
    expect(isFresh(root, ['src', 'tsconfig.json'])).toBe(false);
  });

  it('is stale when a file was deleted (its folder changed) or a config changed', () => {
    markBuilt(root, T + 1000);
    fs.rmSync(path.join(root, 'src/units/unit.ts'));
    at('src/units', T + 2000);
    expect(isFresh(root, ['src'])).toBe(false);
    at('src/units', T);
    expect(isFresh(root, ['src'])).toBe(true);
    at('tsconfig.json', T + 2000);
    expect(isFresh(root, ['src', 'tsconfig.json'])).toBe(false);
  });
});
