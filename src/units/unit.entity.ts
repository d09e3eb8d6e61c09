import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../graphql/scalars';

export enum UnitKind {
  PROVINCE = 'province',
  MUNICIPALITY = 'municipality',
  CITY = 'city',
  TOWN = 'town',
  URBAN_DISTRICT = 'urban_district',
  DISTRICT = 'district',
  WARD = 'ward',
  TOWNSHIP = 'township',
  COMMUNE = 'commune',
}

registerEnumType(UnitKind, {
  name: 'UnitKind',
  description: 'Kind of administrative unit',
  valuesConfig: {
    PROVINCE: { description: 'Tỉnh' },
    MUNICIPALITY: { description: 'Thành phố trực thuộc trung ương' },
    CITY: { description: 'Thành phố thuộc tỉnh' },
    TOWN: { description: 'Thị xã' },
    URBAN_DISTRICT: { description: 'Quận' },
    DISTRICT: { description: 'Huyện' },
    WARD: { description: 'Phường' },
    TOWNSHIP: { description: 'Thị trấn' },
    COMMUNE: { description: 'Xã' },
  },
});

/** Province-level, district-level or commune-level, as indices rank "units of one level". */
export function levelOfKind(kind: UnitKind): 'PROVINCE' | 'DISTRICT' | 'COMMUNE' {
  if (kind === UnitKind.PROVINCE || kind === UnitKind.MUNICIPALITY) return 'PROVINCE';
  if (kind === UnitKind.WARD || kind === UnitKind.TOWNSHIP || kind === UnitKind.COMMUNE) return 'COMMUNE';
  return 'DISTRICT';
}

@ObjectType('Unit', { description: 'An administrative unit (tỉnh, huyện, xã…) identified by its GSO code.' })
@Entity({ tableName: 'unit' })
export class Unit {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Official GSO code, e.g. "436" for Thành phố Hà Tĩnh' })
  @Property({ length: 10 })
  @Unique()
  code!: string;

  @Field(() => String, { description: 'Official name including its kind, e.g. "Huyện Kỳ Anh"' })
  @Property({ length: 200 })
  name!: string;

  @Field(() => String, { description: 'Name without the kind prefix, e.g. "Kỳ Anh"' })
  @Property({ length: 200 })
  shortName!: string;

  @Field(() => String, { description: 'URL slug, unique across units ("huyen-ky-anh", "thi-xa-ky-anh")' })
  @Property({ length: 120 })
  @Unique()
  slug!: string;

  @Field(() => UnitKind)
  @Enum({ items: () => UnitKind, nativeEnumName: undefined })
  kind!: UnitKind;

  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  @Index()
  parent?: Unit | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day the unit existed, when known' })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day the unit existed (merged or abolished); null while it exists' })
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  successor?: Unit | null;

  /** Where the facts about this unit come from. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  source?: string | null;
}
