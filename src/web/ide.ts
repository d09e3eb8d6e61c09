/**
 * A GraphiQL page that works offline: its scripts and styles are served from the installed
 * npm packages (graphiql 3 UMD bundle + React 18 UMD), never from a CDN.
 */
import type express from 'express';
import { Router } from 'express';
import path from 'node:path';
import { inlineHash, type PagePolicy } from './security';
import { ideFontRoutes, ideFonts } from './ide-fonts';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, string> = {
  'react.js': path.join(packageDir('react'), 'umd/react.production.min.js'),
  'react-dom.js': path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
};

export const IDE_ASSET_PREFIX = '/graphql-ide';

const EXAMPLE_QUERY = `# ReformDesk: các đơn vị hành chính cấp huyện của tỉnh Hà Tĩnh
# (thành phố, thị xã, huyện)
query DonViHaTinh {
  units(parentCode: "42") {
    code
    name
    kind
    slug
  }
}
`;

/** Noto Sans / Noto Sans Mono first (served with the IDE, see ide-fonts.ts), then common system fonts. */
const FONT_CSS = `html,body,#graphiql{height:100%;margin:0}
:root,.graphiql-container,.CodeMirror-info,.CodeMirror-lint-tooltip,.graphiql-dialog,.graphiql-tooltip,[data-radix-popper-content-wrapper]{--font-family:"Noto Sans","Segoe UI",system-ui,-apple-system,Arial,sans-serif;--font-family-mono:"Noto Sans Mono",Consolas,"SF Mono",Menlo,"Liberation Mono",monospace}
.graphiql-container,.graphiql-container button,.graphiql-container input{font-family:var(--font-family)}
.graphiql-container .CodeMirror,.CodeMirror-hints,.CodeMirror-info,.CodeMirror-lint-tooltip{font-family:var(--font-family-mono)}`;

function ideScript(endpoint: string): string {
  return `
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)} })
  );
`;
}

export function idePage(endpoint: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ReformDesk GraphQL</title>
<link rel="stylesheet" href="${IDE_ASSET_PREFIX}/graphiql.css">
<style>${ideFonts(IDE_ASSET_PREFIX).css}
${FONT_CSS}</style>
</head>
<body>
<div id="graphiql">Đang tải GraphiQL…</div>
<script src="${IDE_ASSET_PREFIX}/react.js"></script>
<script src="${IDE_ASSET_PREFIX}/react-dom.js"></script>
<script src="${IDE_ASSET_PREFIX}/graphiql.js"></script>
<script>${ideScript(endpoint)}</script>
</body>
</html>`;
}

/**
 * What the IDE page loads: its own bundles and exactly its inline start script; inline styles
 * (React sets style attributes); the fonts GraphiQL's CSS embeds as data: URLs; GraphQL on this origin.
 */
export function idePolicy(endpoint: string): PagePolicy {
  return {
    scripts: ["'self'", inlineHash(ideScript(endpoint))],
    styles: ["'self'", "'unsafe-inline'"],
    fonts: ["'self'", 'data:'],
    images: ["'self'", 'data:'],
    connect: ["'self'"],
  };
}

export function ideAssets(): Router {
  const router = Router();
  router.use(ideFontRoutes(IDE_ASSET_PREFIX));
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1d', headers: { 'Content-Type': name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8' } });
    });
  }
  return router;
}

/** A browser navigating to /graphql (GET, wants HTML, no query) gets the IDE. */
export function wantsIde(req: express.Request): boolean {
  return req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');
}
