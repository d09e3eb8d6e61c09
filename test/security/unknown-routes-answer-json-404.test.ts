import { useTestApp } from '../support/app';

describe('unknown routes', () => {
  const app = useTestApp();

  it.each([
    ['GET', '/khong-co-trang-nay'],
    ['GET', '/wp-admin/install.php'],
    ['POST', '/api/v1/login'],
    ['DELETE', '/healthz/x'],
    ['GET', '/graphql-ide/khong-co.js'],
  ])('%s %s answers a JSON 404 with code NOT_FOUND, not an HTML page', async (method, path) => {
    const res = await fetch(`${app.server.url}${path}`, { method, headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain(path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('echoes no markup from the path into the answer', async () => {
    const res = await fetch(`${app.server.url}/%3Cscript%3Ealert(1)%3C/script%3E`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
