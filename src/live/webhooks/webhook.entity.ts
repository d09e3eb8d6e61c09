/**
 * Outbound webhooks: the endpoints admins register, one delivery row per (event, endpoint) and
 * one attempt row per HTTP request. Deliveries are rows, so they survive a restart: the worker
 * picks up whatever is due, including attempts a dead process left half-done (lease expired).
 */
import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../../accounts/organisation.entity';
import { User } from '../../accounts/user.entity';

@ObjectType('WebhookEndpoint', { description: 'A partner site or CDN that receives signed change events (docs/webhooks.md)' })
@Entity({ tableName: 'webhook_endpoint' })
export class WebhookEndpoint {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'http(s) URL the events are POSTed to' })
  @Property({ length: 2048 })
  url!: string;

  @Field(() => [String], { description: 'Event types it receives, e.g. "score.corrected", "edition.published"' })
  @Property({ type: 'text[]' })
  eventTypes: string[] = [];

  @Field(() => String, { nullable: true })
  @Property({ length: 300, nullable: true })
  description?: string | null;

  /** Signing secret: kept in clear because signing needs it; shown to admins once. */
  @Property({ length: 100, lazy: true })
  secret!: string;

  /** The secret before the last rotation, still signed with until previousSecretExpiresAt. */
  @Property({ length: 100, nullable: true, lazy: true })
  previousSecret?: string | null;

  @Field(() => Date, { nullable: true, description: 'Until then deliveries also carry a signature with the previous secret' })
  @Property({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt?: Date | null;

  @Field(() => String, { description: 'The first characters of the secret, to tell secrets apart' })
  @Property({ length: 16 })
  secretPrefix!: string;

  @Field(() => Boolean)
  @Property()
  active: boolean = true;

  @Field(() => String, { nullable: true, description: 'Why it was disabled (by an admin, or after failing for too long)' })
  @Property({ length: 300, nullable: true })
  disabledReason?: string | null;

  @Field(() => Date, { nullable: true, description: 'Start of the current run of failed attempts; null while healthy' })
  @Property({ type: 'timestamptz', nullable: true })
  failingSince?: Date | null;

  @Field(() => Organisation, { nullable: true, description: 'Set: it also receives the staff events of this organisation; null: public events only' })
  @ManyToOne(() => Organisation, { nullable: true, deleteRule: 'cascade' })
  organisation?: Organisation | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Waiting for its (next) attempt at nextAttemptAt (while its endpoint is disabled: until it is re-enabled)' },
    SENDING: { description: 'An attempt is in flight' },
    DELIVERED: { description: 'The endpoint answered 2xx' },
    FAILED: { description: 'Given up after the last attempt; can be replayed' },
  },
});

@ObjectType('WebhookDelivery', { description: 'One change event for one endpoint, with its attempts' })
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['endpoint', 'eventId'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => WebhookEndpoint)
  @ManyToOne(() => WebhookEndpoint, { deleteRule: 'cascade' })
  endpoint!: WebhookEndpoint;

  @Field(() => String, { description: 'The change event id, also sent as the Idempotency-Key header' })
  @Property({ length: 40 })
  @Index()
  eventId!: string;

  @Field(() => String)
  @Property({ length: 60 })
  eventType!: string;

  /** The exact JSON document sent, fixed at enqueue time so retries and replays send the same bytes' content. */
  @Field(() => GraphQLJSONObject, { description: 'The JSON body sent (public facts only)' })
  @Property({ type: 'json' })
  body!: Record<string, unknown>;

  @Field(() => WebhookDeliveryStatus)
  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: undefined })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int, { description: 'Attempts made so far' })
  @Property()
  attempts: number = 0;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null once delivered or given up' })
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt?: Date | null;

  /** While SENDING: when the attempt counts as abandoned (its process died) and is due again. */
  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil?: Date | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ length: 500, nullable: true })
  lastError?: string | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  lastDurationMs?: number | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @OneToMany(() => WebhookAttempt, (a) => a.delivery)
  attemptLog = new Collection<WebhookAttempt>(this);
}

@ObjectType('WebhookAttempt', { description: 'One HTTP request of a delivery' })
@Entity({ tableName: 'webhook_attempt' })
export class WebhookAttempt {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => WebhookDelivery, { deleteRule: 'cascade' })
  @Index()
  delivery!: WebhookDelivery;

  @Field(() => Int, { description: '1 for the first attempt' })
  @Property()
  attempt!: number;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  at!: Date;

  @Field(() => Int, { nullable: true, description: 'HTTP status; null when no response came (refused, timeout, network)' })
  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ length: 500, nullable: true })
  error?: string | null;

  @Field(() => Int)
  @Property()
  durationMs!: number;
}

export const WEBHOOK_ENTITIES = [WebhookEndpoint, WebhookDelivery, WebhookAttempt];
