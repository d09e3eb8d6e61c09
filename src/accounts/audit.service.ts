import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError } from '../core/errors';
import { AuditEntry } from './audit.entity';

/** Largest page of `auditLog`; a larger `first` is refused rather than silently cut. */
export const AUDIT_PAGE_MAX = 200;

const SECRET_KEY = /password|token|secret/i;

/** Copies arguments for the audit log with every secret replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

const TARGET_KEYS = ['id', 'slug', 'code', 'email', 'index', 'name', 'year'];

/** A short description of what a mutation acted on, from its arguments. */
export function targetOf(args: Record<string, unknown>): string | null {
  const flat: Record<string, unknown> = { ...args };
  for (const v of Object.values(args)) if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(flat, v);
  const parts = TARGET_KEYS.filter((k) => flat[k] !== undefined && flat[k] !== null && typeof flat[k] !== 'object').map((k) => `${k}=${String(flat[k])}`);
  return parts.length ? parts.join(' ').slice(0, 300) : null;
}

export interface AuditFilter {
  action?: string | null;
  actorId?: number | null;
  first: number;
  beforeId?: number | null;
}

export class AuditService {
  constructor(private readonly em: EntityManager) {}

  async record(entries: Omit<AuditEntry, 'id'>[]): Promise<void> {
    if (entries.length === 0) return;
    await this.em.insertMany(AuditEntry, entries);
  }

  /** Newest first, paged by id. */
  list(filter: AuditFilter): Promise<AuditEntry[]> {
    if (!Number.isInteger(filter.first) || filter.first < 0) throw new BadInputError('first', 'first cannot be negative');
    if (filter.first > AUDIT_PAGE_MAX) throw new BadInputError('first', `first cannot exceed ${AUDIT_PAGE_MAX}`);
    const where: Record<string, unknown> = {};
    if (filter.action) where.action = filter.action;
    if (filter.actorId) where.actorId = filter.actorId;
    if (filter.beforeId) where.id = { $lt: filter.beforeId };
    return this.em.find(AuditEntry, where, { orderBy: { id: 'desc' }, limit: filter.first });
  }
}
