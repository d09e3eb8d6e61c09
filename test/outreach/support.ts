/** Outreach test fixtures: units, organisations and channels from the shipped content, nothing else. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importContent } from '../../src/content/importer';
import type { Database } from '../../src/db/orm';
import type { GraphQLResponse } from '../support/server';

const CONTENT = path.resolve(__dirname, '../../content');

export const ORG_A = 'ban-tuyen-giao-tinh-uy-ha-tinh';
export const ORG_B = 'so-noi-vu-ha-tinh';
export const DISTRICTS = ['436', '437', '439', '440', '441', '442', '443', '444', '445', '446', '447', '448', '449'];

/** Imports units, organisations and the channel list only (no sample campaign, no rankings). */
export async function importBasics(db: Database): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-outreach-'));
  fs.copyFileSync(path.join(CONTENT, 'units.csv'), path.join(dir, 'units.csv'));
  fs.copyFileSync(path.join(CONTENT, 'organisations.yaml'), path.join(dir, 'organisations.yaml'));
  fs.mkdirSync(path.join(dir, 'outreach'));
  fs.copyFileSync(path.join(CONTENT, 'outreach/channels.yaml'), path.join(dir, 'outreach/channels.yaml'));
  await importContent(db.orm, dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The data of a response that must have succeeded. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** The first error's code and details of a response that must have failed. */
export function failure(res: GraphQLResponse<unknown>): Record<string, unknown> & { code?: string; message: string } {
  if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
  return { message: res.errors[0].message, ...(res.errors[0].extensions ?? {}) } as never;
}

/** Vietnamese wall-clock time → ISO instant (UTC+7, no daylight saving). */
export const vn = (local: string): string => new Date(`${local}+07:00`).toISOString();
