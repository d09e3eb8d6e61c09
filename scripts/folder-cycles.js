#!/usr/bin/env node
/**
 * Import cycles between the folders of src/ (feature folders, and top-level files such as
 * server.ts as their own unit): `madge --circular` sees cycles between files only, while a
 * feature that imports another which imports it back is a cycle too. Type-only imports count:
 * they couple the folders as much. Part of `npm run lint`.
 *
 * A ratchet: the pairs listed in scripts/folder-cycles.allow are today's known cycles (issue 16,
 * items 1 and 3: GraphQL context/errors/scalars imported by every feature, db/entities.ts listing
 * every feature's entities…). A two-way import between folders that is not listed fails the
 * check; a listed pair that no longer exists is reported so it can be struck off.
 *   node scripts/folder-cycles.js
 */
const fs = require('node:fs');
const path = require('node:path');
const madge = require('madge');

const root = path.resolve(__dirname, '..');
const allowed = new Set(
  fs
    .readFileSync(path.join(__dirname, 'folder-cycles.allow'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((pair) =>
      pair
        .split('<->')
        .map((s) => s.trim())
        .sort()
        .join('<->'),
    ),
);

/** `bodies/body.view.ts` → `bodies`; `server.ts` → `server`. */
const unitOf = (file) => (file.includes('/') ? file.split('/')[0] : file.replace(/\.ts$/, ''));

async function main() {
  const graph = (await madge(path.join(root, 'src'), { fileExtensions: ['ts'], tsConfig: path.join(root, 'tsconfig.json') })).obj();
  /** folder → folder → one example file edge */
  const edges = new Map();
  for (const [file, deps] of Object.entries(graph)) {
    for (const dep of deps) {
      const from = unitOf(file);
      const to = unitOf(dep);
      if (from === to || dep.startsWith('..')) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${file} -> ${dep}`);
    }
  }
  const cycles = [];
  for (const [a, outs] of edges) {
    for (const [b, example] of outs) {
      if (a < b && edges.get(b)?.has(a)) cycles.push({ pair: `${a}<->${b}`, there: example, back: edges.get(b).get(a) });
    }
  }
  const reported = cycles.filter((c) => !allowed.has(c.pair));
  for (const c of cycles) console.log(`${allowed.has(c.pair) ? 'allowed' : 'cycle  '} ${c.pair}: ${c.there}; ${c.back}`);
  // Longer loops (a -> b -> c -> a), shown for information: strongly connected components.
  const units = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])];
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let next = 0;
  const visit = (u) => {
    index.set(u, next);
    low.set(u, next++);
    stack.push(u);
    onStack.add(u);
    for (const v of edges.get(u)?.keys() ?? []) {
      if (!index.has(v)) {
        visit(v);
        low.set(u, Math.min(low.get(u), low.get(v)));
      } else if (onStack.has(v)) low.set(u, Math.min(low.get(u), index.get(v)));
    }
    if (low.get(u) === index.get(u)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== u);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const u of units) if (!index.has(u)) visit(u);
  for (const c of components) console.log(`loop    ${c.join(' ')}`);
  const found = new Set(cycles.map((c) => c.pair));
  for (const pair of allowed) if (!found.has(pair)) console.log(`gone    ${pair}: strike it off scripts/folder-cycles.allow`);
  const blocking = reported.length > 0;
  console.log(
    blocking
      ? `folder cycles: ${reported.length} pair(s) not in scripts/folder-cycles.allow`
      : `folder cycles: none beyond the ${allowed.size} known pair(s) in scripts/folder-cycles.allow`,
  );
  process.exit(blocking ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
