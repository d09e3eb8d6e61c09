import { Entity, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/** A way to reach people (radio, commune loudspeakers, Zalo…). Seeded from content; admins add more. */
@ObjectType('OutreachChannel', { description: 'Kênh tuyên truyền: a channel outreach items are scheduled in' })
@Entity({ tableName: 'outreach_channel' })
export class Channel {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Stable code, e.g. "loa-truyen-thanh-co-so"' })
  @Property({ length: 80 })
  @Unique()
  code!: string;

  @Field(() => String)
  @Property({ length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => Int, { description: 'How many occurrences may share one time slot before the calendar reports a conflict' })
  @Property({ default: 1 })
  capacityPerSlot: Opt<number> = 1;

  @Field(() => Boolean, {
    description: 'True when the capacity holds per target unit (each commune has its own loudspeakers), false when the channel is one shared outlet (one TV programme)',
  })
  @Property({ default: false })
  capacityPerUnit: Opt<boolean> = false;

  @Field(() => Boolean, { description: 'Inactive channels keep their history but take no new items' })
  @Property({ default: true })
  active: Opt<boolean> = true;

  @Field(() => Int)
  @Property({ default: 0 })
  position: Opt<number> = 0;
}
