/**
 * Closing the response cache while a write's purge is still on its way to the store and the bus
 * (a commit during shutdown, such as the change feed's cursor): the purge finishes before their
 * connections close, and nothing warns. With REDIS_URL the store and the bus are Redis.
 */
import { writeTracker } from '../../src/cache/changes';
import { createResponseCache } from '../../src/cache/response-cache';
import { defaultSecurityHeaders } from '../../src/web/security';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { cacheConfig } from './support';

describe('response cache shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('lets purges in flight finish before closing its connections, with no warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (let round = 0; round < 5; round++) {
        const cache = createResponseCache({
          config: cacheConfig({ redis: true }),
          orm: db.orm,
          now: () => new Date(),
          exposeSqlCount: false,
          securityHeaders: defaultSecurityHeaders(),
        });
        // What a commit does (src/cache/changes.ts): its purge starts, and the cache is closed at once.
        const purge = writeTracker(db.orm).emit(['article:*', 'change_cursor']);
        await cache.close();
        await purge;
      }
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
