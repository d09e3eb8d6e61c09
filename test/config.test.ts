import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('defaults to the embedded database in ./data/pglite and port 4000', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: expect.stringMatching(/data[\\/]pglite$/) });
    expect(config.port).toBe(4000);
  });

  it('accepts postgres URLs with a pool size, pglite directories and pglite:memory', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example:5433/app', DATABASE_POOL_SIZE: '7' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db.example:5433/app',
      poolSize: 7,
    });
    expect(loadConfig({ DATABASE_URL: 'pglite:memory' }).database).toEqual({ kind: 'pglite', dataDir: null });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'pglite:' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://host' }, 'DATABASE_URL'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });

  it('refuses the SQL debug flag in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', REFORMDESK_DEBUG: '1' })).toThrow(/REFORMDESK_DEBUG: is refused/);
    expect(loadConfig({ REFORMDESK_DEBUG: '1' }).debugSql).toBe(true);
  });

  it('no longer knows the removed interim staff header variable', () => {
    for (const NODE_ENV of ['production', 'development']) {
      expect(loadConfig({ NODE_ENV, REFORMDESK_DEV_STAFF_HEADER: '1' })).not.toHaveProperty('devStaffHeader');
    }
  });
});
