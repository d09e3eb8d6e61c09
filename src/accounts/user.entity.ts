import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Organisation } from './organisation.entity';
import { Role } from '../core/roles';

@ObjectType('User', { description: 'A staff account. Email is visible only to the user and to admins.' })
@Entity({ tableName: 'app_user' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Stored lowercased and NFC; exposed through a guarded field resolver. */
  @Property({ length: 254 })
  @Unique()
  email!: string;

  @Field(() => String)
  @Property({ length: 120 })
  displayName!: string;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Field(() => [Role])
  @Enum({ items: () => Role, array: true })
  roles: Role[] = [];

  @ManyToOne(() => Organisation, { nullable: true, deleteRule: 'restrict' })
  @Index()
  organisation?: Organisation | null;

  @Field(() => Boolean, { description: 'The password was set by someone else and must be changed before any other write' })
  @Property()
  mustChangePassword: boolean = false;

  @Field(() => Boolean)
  @Property()
  disabled: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
