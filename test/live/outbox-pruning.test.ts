/**
 * Outbox pruning (issue 12): the dispatcher deletes rows every consumer has passed once they are
 * older than the retention; undelivered rows and young rows stay. The clock is injected.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Dispatcher } from '../../src/live/dispatcher';
import type { ChangeConsumer, ChangeEvent } from '../../src/outbox/change-event';
import { recordChange } from '../../src/outbox/record';
import { createTestDatabase, type TestDatabase } from '../support/db';

const HOUR = 3600_000;

/** Takes every event, or refuses from the given id on (it stays behind). */
class Collecting implements ChangeConsumer {
  readonly seen: string[] = [];
  refuseFrom: number | null = null;
  constructor(readonly name: string) {}
  handle(event: ChangeEvent): Promise<void> {
    if (this.refuseFrom != null && Number(event.id) >= this.refuseFrom) return Promise.reject(new Error('receiver down'));
    this.seen.push(event.id);
    return Promise.resolve();
  }
}

describe('outbox pruning', () => {
  let db: TestDatabase;
  let clock = new Date();
  const fast = new Collecting('prune-fast');
  const slow = new Collecting('prune-slow');
  let dispatcher: Dispatcher;
  const em = () => db.orm.em.fork() as EntityManager;
  const record = async (n: number) => {
    const ids = await em().transactional((tx) => recordChange(tx, ...Array.from({ length: n }, (_, i) => ({ type: 'unit.changed' as const, keys: [`unit:${i}`] }))));
    return ids.map(Number);
  };
  const remaining = async () => ((await em().execute('select id from change_outbox order by id')) as { id: string }[]).map((r) => Number(r.id));

  beforeAll(async () => {
    db = await createTestDatabase();
    // pruneEveryMs huge: this test calls prune() itself, so the passes never prune on their own.
    dispatcher = new Dispatcher(db, [fast, slow], { logger: pino({ level: 'silent' }), pollMs: 60_000, retentionMs: HOUR, pruneEveryMs: 24 * HOUR, now: () => clock });
  });
  afterAll(async () => {
    await dispatcher.stop();
    await db.destroy();
  });

  const deliver = async () => {
    dispatcher.poke();
    await dispatcher.drain();
  };

  it('keeps delivered rows younger than the retention', async () => {
    const ids = await record(3);
    await deliver();
    expect(fast.seen.map(Number)).toEqual(ids);
    expect(slow.seen.map(Number)).toEqual(ids);
    expect(await dispatcher.prune()).toBe(0);
    expect(await remaining()).toEqual(expect.arrayContaining(ids));
  });

  it('deletes old rows every consumer passed, keeps the ones a consumer has not delivered yet', async () => {
    const delivered = await remaining();
    const [firstBehind] = await record(1);
    slow.refuseFrom = firstBehind;
    const more = await record(2);
    await deliver();
    expect(fast.seen.map(Number)).toEqual([...delivered, firstBehind, ...more]);
    expect(slow.seen.map(Number)).toEqual(delivered);

    clock = new Date(Date.now() + 2 * HOUR);
    expect(await dispatcher.prune()).toBe(delivered.length);
    expect(await remaining()).toEqual([firstBehind, ...more]);
  });

  it('deletes nothing while a consumer has no cursor yet, and everything old once all passed', async () => {
    const newcomer = new Collecting('prune-newcomer');
    const wider = new Dispatcher(db, [fast, slow, newcomer], { logger: pino({ level: 'silent' }), pollMs: 60_000, retentionMs: HOUR, pruneEveryMs: 24 * HOUR, now: () => clock });
    expect(await wider.prune()).toBe(0);

    slow.refuseFrom = null;
    const behind = await remaining();
    // The failed delivery backs off; a fresh dispatcher (same cursors) delivers right away, and
    // its pass prunes on its own (a dispatcher's first pass, then every pruneEveryMs).
    const retry = new Dispatcher(db, [slow], { logger: pino({ level: 'silent' }), pollMs: 60_000, retentionMs: HOUR, pruneEveryMs: 24 * HOUR, now: () => clock });
    await dispatcher.stop();
    retry.poke();
    await retry.drain();
    await retry.stop();
    expect(slow.seen.slice(-behind.length).map(Number)).toEqual(behind);
    expect(await remaining()).toEqual([]);
  });
});
