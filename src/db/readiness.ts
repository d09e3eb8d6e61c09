/**
 * /readyz without queueing: a successful check is reused for a few seconds, concurrent probes
 * share one check in flight, and a check that does not answer in time reports "busy" (503)
 * instead of waiting behind a flood on PGlite's single connection.
 */
import type { Database } from './orm';
import { pendingMigrations } from './orm';

export interface Readiness {
  ok: boolean;
  body: Record<string, unknown>;
}

/** `extra` adds facts to a ready answer (the change feed's lag); its failure does not make the instance unready. */
export function readinessCheck(db: Database, options: { reuseMs?: number; timeoutMs?: number; extra?: () => Promise<Record<string, unknown>> } = {}): () => Promise<Readiness> {
  const reuseMs = options.reuseMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 2000;
  let last: { at: number; result: Readiness } | null = null;
  let running: Promise<Readiness> | null = null;

  const check = async (): Promise<Readiness> => {
    try {
      await db.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(db.orm);
      if (pending.length > 0) return { ok: false, body: { status: 'unavailable', reason: 'migrations pending', pending } };
      const extra = options.extra ? await options.extra().catch((e: Error) => ({ extraError: e.message.split('\n')[0] })) : {};
      return { ok: true, body: { status: 'ready', ...extra } };
    } catch (e) {
      return { ok: false, body: { status: 'unavailable', reason: 'database unreachable', error: (e as Error).message.split('\n')[0] } };
    }
  };

  return async () => {
    if (last && last.result.ok && Date.now() - last.at < reuseMs) return last.result;
    if (!running) {
      running = check().then((result) => {
        last = { at: Date.now(), result };
        running = null;
        return result;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, body: { status: 'unavailable', reason: 'database busy: no answer within the check timeout' } }), timeoutMs);
    });
    try {
      return await Promise.race([running, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
