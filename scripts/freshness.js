/**
 * Is the compiled build (dist/) older than its sources? A stamp file in dist records when the
 * last successful build started; any source file or folder (a deleted file changes its folder)
 * modified after that makes the build stale. Plain JavaScript: it runs before anything is built.
 */
const fs = require('node:fs');
const path = require('node:path');

/** What the build reads (tsconfig.build.json includes src, migrations, bench). */
const SOURCES = ['src', 'migrations', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const STAMP = path.join('dist', '.build-stamp');

function newestMtime(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** True when root's dist/ was built after every source of root last changed. */
function isFresh(root, sources = SOURCES) {
  const stamp = fs.statSync(path.join(root, STAMP), { throwIfNoEntry: false });
  if (!stamp) return false;
  return sources.every((s) => newestMtime(path.join(root, s)) < stamp.mtimeMs);
}

/** Records a successful build that started at `startedAt` (ms): edits made during it stay newer. */
function markBuilt(root, startedAt) {
  const file = path.join(root, STAMP);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `built from the sources as of ${new Date(startedAt).toISOString()}\n`);
  fs.utimesSync(file, new Date(startedAt), new Date(startedAt));
}

module.exports = { isFresh, markBuilt, SOURCES, STAMP };
