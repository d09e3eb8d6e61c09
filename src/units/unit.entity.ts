import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
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
  /** Ranked bodies that are not territories (codes are not GSO codes, see docs/rankings.md). */
  MINISTRY = 'ministry',
  MINISTRY_AGENCY = 'ministry_agency',
  DEPARTMENT = 'department',
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
    MINISTRY: { description: 'Bộ' },
    MINISTRY_AGENCY: { description: 'Cơ quan ngang bộ' },
    DEPARTMENT: { description: 'Sở, ban, ngành cấp tỉnh' },
  },
});

/** Territories have GSO codes; ministries and departments are ranked bodies, not territories. */
export function isTerritory(kind: UnitKind): boolean {
  return kind !== UnitKind.MINISTRY && kind !== UnitKind.MINISTRY_AGENCY && kind !== UnitKind.DEPARTMENT;
}

/** The level an index ranks: territories by tier, and the bodies that are not territories (indices rank "subjects of one level"). */
export function levelOfKind(kind: UnitKind): 'PROVINCE' | 'DISTRICT' | 'COMMUNE' | 'MINISTRY' | 'DEPARTMENT' {
  if (kind === UnitKind.MINISTRY || kind === UnitKind.MINISTRY_AGENCY) return 'MINISTRY';
  if (kind === UnitKind.DEPARTMENT) return 'DEPARTMENT';
  if (kind === UnitKind.PROVINCE || kind === UnitKind.MUNICIPALITY) return 'PROVINCE';
  if (kind === UnitKind.WARD || kind === UnitKind.TOWNSHIP || kind === UnitKind.COMMUNE) return 'COMMUNE';
  return 'DISTRICT';
}

@ObjectType('Unit', {
  description:
    'A ranked subject: an administrative unit (tỉnh, huyện, xã…) identified by its GSO code, or a body that is not a territory (bộ, cơ quan ngang bộ, sở) with a short code.',
})
@Entity({ tableName: 'unit' })
export class Unit {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Official GSO code, e.g. "436" for Thành phố Hà Tĩnh; for a ministry or department a short code, e.g. "BTC"' })
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
