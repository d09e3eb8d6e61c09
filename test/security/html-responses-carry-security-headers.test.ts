import { defaultSecurityHeaders } from '../../src/web/security';
import { useTestApp } from '../support/app';
import { cacheConfig, get, post } from '../cache/support';

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(' ')]),
  );
}

describe('security headers', () => {
  const app = useTestApp();

  it('the GraphiQL page carries a CSP that forbids framing and allows only its own scripts', async () => {
    const res = await fetch(`${app.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    // Its own bundles plus exactly one inline script, by hash; never 'unsafe-inline' or 'unsafe-eval' for scripts.
    expect(csp.get('script-src')).toMatch(/^'self' 'sha256-[A-Za-z0-9+/=]+'$/);
    expect(csp.get('connect-src')).toBe("'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('JSON answers carry nosniff, a referrer policy and a CSP that allows nothing', async () => {
    for (const path of ['/healthz', '/nope']) {
      const res = await fetch(`${app.server.url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
    }
  });
});

describe('security headers on GraphQL answers, whichever path gives them', () => {
  // The response cache in process (its hits and the fast misses are answered before express) and,
  // when REDIS_URL is set, in Redis (hits answered by express's middleware).
  const inProcess = useTestApp({ config: { cache: cacheConfig() } });
  const shared = useTestApp({ config: { cache: cacheConfig({ redis: true }) } });
  const query = '{ articles(first: 2) { totalCount } }';

  function expectDefaults(headers: Headers, what: string): void {
    for (const [name, value] of Object.entries(defaultSecurityHeaders())) expect(`${what} ${name}: ${headers.get(name)}`).toBe(`${what} ${name}: ${value}`);
  }

  it.each([
    ['the in-process cache', inProcess],
    ['the shared cache', shared],
  ])('misses and hits from %s, by POST and GET, carry the default CSP, framing, nosniff and referrer headers', async (_name, app) => {
    const answers = [
      ['POST 1', await post(app.server, query)],
      ['POST 2', await post(app.server, query)],
      ['GET 1', await get(app.server, { query: '{ articles(first: 3) { totalCount } }' })],
      ['GET 2', await get(app.server, { query: '{ articles(first: 3) { totalCount } }' })],
    ] as const;
    for (const [what, answer] of answers) {
      expect(answer.body.errors).toBeUndefined();
      expectDefaults(answer.headers, what);
    }
    expect(answers.map(([what, a]) => `${what} ${a.headers.get('x-cache')}`)).toEqual(['POST 1 MISS', 'POST 2 HIT', 'GET 1 MISS', 'GET 2 HIT']);
  });
});
