import { type Config, loadMediaConfig, loadOutreachConfig } from '../../src/config';
import type { Database } from '../../src/db/orm';
import os from 'node:os';
import path from 'node:path';

export function testConfig(db: Database, overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    database: db.target,
    debugSql: true,
    logLevel: 'silent',
    contentDir: path.resolve(__dirname, '../../content'),
    connectTimeoutMs: 8000,
    introspection: true,
    ide: true,
    trustProxy: 0,
    // A directory of this test process; media tests pass their own fresh one.
    media: loadMediaConfig({ MEDIA_DIR: path.join(os.tmpdir(), `reformdesk-test-media-${process.pid}`) }),
    outreach: loadOutreachConfig(),
    ...overrides,
  };
}
