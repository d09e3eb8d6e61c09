import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/**
 * One mutation or login: who, what, target, when, outcome. Append-only: a database trigger
 * (see the migration) refuses UPDATE and DELETE on this table.
 */
@ObjectType('AuditEntry')
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['at'] })
export class AuditEntry {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The acting user; null for anonymous callers' })
  @Property({ type: 'integer', nullable: true })
  @Index()
  actorId?: number | null;

  @Field(() => String, { description: 'Display label of the actor at the time (user email, token name, or "anonymous")' })
  @Property({ length: 300 })
  actorLabel!: string;

  @Field(() => String, { description: 'The mutation (or "login") that was attempted' })
  @Property({ length: 100 })
  @Index()
  action!: string;

  @Field(() => String, { nullable: true, description: 'What it acted on, e.g. an id or a slug' })
  @Property({ length: 300, nullable: true })
  target?: string | null;

  @Field(() => String, { description: 'OK, or the error code it ended with' })
  @Property({ length: 40 })
  outcome!: string;

  @Field(() => String, { nullable: true })
  @Property({ length: 64, nullable: true })
  address?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Arguments with secrets redacted' })
  @Property({ type: 'json' })
  details: Record<string, unknown> = {};
}

/** Failed-login counters per account and per address, for rate limiting across processes. */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottle {
  /** "account:<email>" or "address:<ip>" */
  @PrimaryKey({ length: 300 })
  key!: string;

  @Property()
  failures: number = 0;

  @Property({ type: 'timestamptz' })
  windowStart!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;
}
