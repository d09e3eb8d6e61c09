/**
 * jest globalSetup: builds this run's prepared databases once (see templates.ts), in a child
 * process so the ORM and entities are never loaded into jest's own realm (runInBand shares it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEMPLATES_ENV } from './templates';

export default async function globalSetup(): Promise<void> {
  const out = path.join(os.tmpdir(), `reformdesk-test-templates-${process.pid}.json`);
  try {
    await promisify(execFile)(process.execPath, ['-r', path.join(__dirname, 'ts-register.js'), path.join(__dirname, 'build-templates.ts'), out], {
      // The names carry this jest process's pid: parallel runs differ, orphans are recognised.
      env: { ...process.env, NODE_OPTIONS: '', REFORMDESK_TEST_RUN_PID: String(process.pid) },
      maxBuffer: 16 * 1024 * 1024,
    });
    // Test workers are started after globalSetup and inherit this environment.
    process.env[TEMPLATES_ENV] = fs.readFileSync(out, 'utf8');
  } finally {
    fs.rmSync(out, { force: true });
  }
}
