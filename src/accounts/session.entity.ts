import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { TokenScope } from '../core/roles';
import { User } from './user.entity';

/** A login session. Only the SHA-256 of its random opaque token is stored. */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ length: 64 })
  @Unique()
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  user!: User;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastSeenAt?: Date | null;
}

/** A named, scoped, revocable token for machine clients (frontends, build pipelines). */
@ObjectType('ApiToken')
@Entity({ tableName: 'api_token' })
export class ApiToken {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ length: 120 })
  name!: string;

  @Property({ length: 64 })
  @Unique()
  tokenHash!: string;

  /** The first characters of the token, so people can tell their tokens apart. */
  @Field(() => String)
  @Property({ length: 16 })
  prefix!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  owner!: User;

  @Field(() => TokenScope)
  @Enum({ items: () => TokenScope })
  scope: TokenScope = TokenScope.READ;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'After this instant the token answers 401 UNAUTHENTICATED, like a revoked one; null = no expiry' })
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;
}
