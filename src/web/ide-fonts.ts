/**
 * Fonts for the IDE that shape Vietnamese stacked marks properly (Noto Sans and Noto Sans
 * Mono, from the @fontsource npm packages, served offline). GraphiQL's bundled Roboto and
 * Fira Code drew "phố" as "phô´"; DejaVu Sans Mono, the usual monospace fallback on Debian,
 * does the same. Only the latin, latin-ext and vietnamese subsets are offered; the browser
 * downloads a subset only when the page uses a character of its unicode-range.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';

const SOURCES: { pkg: string; css: string[] }[] = [
  { pkg: '@fontsource/noto-sans', css: ['400.css', '600.css'] },
  { pkg: '@fontsource/noto-sans-mono', css: ['400.css'] },
];
const SUBSETS = /-(latin|latin-ext|vietnamese)-\d+-normal\.woff2$/;

interface IdeFonts {
  css: string;
  files: Map<string, string>;
}

let loaded: IdeFonts | null = null;

/** @font-face rules pointing at `<prefix>/fonts/<file>`, and the files they name. */
export function ideFonts(prefix: string): IdeFonts {
  if (loaded) return loaded;
  const files = new Map<string, string>();
  const rules: string[] = [];
  for (const { pkg, css } of SOURCES) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    for (const name of css) {
      for (const rule of fs.readFileSync(path.join(dir, name), 'utf8').match(/@font-face\s*{[^}]*}/g) ?? []) {
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(rule)?.[1];
        if (!file || !SUBSETS.test(file)) continue;
        files.set(file, path.join(dir, 'files', file));
        rules.push(rule.replace(/src:[^;]*;/, `src: url(${prefix}/fonts/${file}) format('woff2');`).replace(/\s+/g, ' '));
      }
    }
  }
  loaded = { css: rules.join('\n'), files };
  return loaded;
}

export function ideFontRoutes(prefix: string): Router {
  const router = Router();
  const { files } = ideFonts(prefix);
  router.get('/fonts/:file', (req, res, next) => {
    const file = files.get(req.params.file);
    if (!file) return next();
    res.sendFile(file, { maxAge: '30d', immutable: true, headers: { 'Content-Type': 'font/woff2', 'Cross-Origin-Resource-Policy': 'same-origin' } });
  });
  return router;
}
