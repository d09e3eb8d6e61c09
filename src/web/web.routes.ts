/**
 * What readers and editors open in a browser: article pages, the widget script, embeds and
 * their oEmbed answers, editor previews. Mounted at the root by src/server.ts.
 */
import express from 'express';

export function webRouter(): express.Router {
  const router = express.Router();
  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  router.get('/favicon.ico', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.status(204).end();
  });
  return router;
}
