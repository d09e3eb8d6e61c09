#!/usr/bin/env node
/**
 * `node scripts/cli.js <dist script> [args…]`: runs a script of the compiled build, compiling
 * first only when a source is newer than the last build (scripts/freshness.js), so CLI commands
 * do not pay for TypeScript on every run. `node scripts/cli.js --build` always compiles.
 * The script runs in this same process (signals reach it directly, as with `exec node …`).
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { isFresh, markBuilt } = require('./freshness');

const root = path.resolve(__dirname, '..');
const [target, ...args] = process.argv.slice(2);

function build() {
  const startedAt = Date.now();
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  markBuilt(root, startedAt);
}

if (target === '--build' || !target) {
  build();
} else {
  if (!isFresh(root)) build();
  // As if started with `node <target> args…`: argv, and require.main for scripts that check it.
  process.argv = [process.argv[0], path.resolve(root, target), ...args];
  require('node:module').runMain();
}
