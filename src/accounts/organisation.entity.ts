import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum OrganisationKind {
  NEWSPAPER = 'NEWSPAPER',
  DEPARTMENT = 'DEPARTMENT',
  OUTREACH_OFFICE = 'OUTREACH_OFFICE',
  OTHER = 'OTHER',
}
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });

@ObjectType('Organisation', { description: 'A newspaper, a department or an outreach office; users belong to one.' })
@Entity({ tableName: 'organisation' })
export class Organisation {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ length: 80 })
  @Unique()
  slug!: string;

  @Field(() => String)
  @Property({ length: 200 })
  name!: string;

  @Field(() => OrganisationKind)
  @Enum({ items: () => OrganisationKind })
  kind: OrganisationKind = OrganisationKind.OTHER;
}
