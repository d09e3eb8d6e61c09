import type { Config } from '../../src/config';
import type { Database } from '../../src/db/orm';
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
    devStaffHeader: true,
    ...overrides,
  };
}
