/**
 * The transactional outbox of the change feed (issue 12): one row per committed change,
 * written by `recordChange` inside the write's own transaction, and one cursor per durable
 * consumer saying how far the dispatcher has delivered to it.
 */
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'change_outbox' })
export class ChangeOutboxRow {
  /** bigserial: increasing in commit order because writers take the outbox lock (see record.ts). */
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;
  @Property({ length: 60 })
  type!: string;
  @Property({ type: 'json' })
  keys!: string[];
  @Property({ type: 'integer', nullable: true })
  revision!: number | null;
  @Property({ type: 'json' })
  payload!: Record<string, unknown>;
  @Property({ type: 'integer', nullable: true })
  organisationId!: number | null;
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt!: Date;
}

@Entity({ tableName: 'change_cursor' })
export class ChangeCursor {
  /** The consumer's stable name (ChangeConsumer.name). */
  @PrimaryKey({ length: 100 })
  consumer!: string;
  /** Id of the last event delivered to this consumer (0 = none). */
  @Property({ type: new BigIntType('string'), default: '0' })
  lastId!: string;
  /** Which process delivers to this consumer now, and until when (a crashed owner's lease runs out). */
  @Property({ length: 100, nullable: true })
  leaseOwner!: string | null;
  @Property({ type: 'datetime', nullable: true })
  leaseUntil!: Date | null;
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt!: Date;
}
