import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Unit } from '../units/unit.entity';
import { Edition } from './edition.entity';
import { RankKind } from './ranking.enums';

/** The computed standing of one unit in one area (a top-level node) of an edition. */
export interface AreaStanding {
  code: string;
  title: string;
  points: number;
  max: number;
  rank: number;
  percentOfMax: number;
  rankChange: number | null;
  scoreChange: number | null;
  gapToLeader: number;
  streak: number;
  topStreak: number;
}

/**
 * A unit's precomputed place in an edition, written in the import's transaction whenever the
 * data changes, so a ranking table is a plain read (no computation per request).
 */
@Entity({ tableName: 'ranking_result' })
@Unique({ properties: ['edition', 'unit'] })
@Index({ properties: ['edition', 'rank'] })
export class RankingResult {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Edition, { deleteRule: 'cascade' })
  edition!: Edition;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  @Index()
  unit!: Unit;

  /** The total that ranks: the reported total when published, else the sum of the parts. */
  @Property({ type: 'double' })
  total!: number;

  @Property({ type: 'double', nullable: true })
  computedTotal?: number | null;

  @Property({ type: 'double', nullable: true })
  reportedTotal?: number | null;

  @Property()
  rank!: number;

  @Enum({ items: () => RankKind, nativeEnumName: undefined })
  rankKind!: RankKind;

  @Property({ type: 'integer', nullable: true })
  reportedRank?: number | null;

  @Property({ type: 'double', nullable: true })
  percentOfMax?: number | null;

  @Property({ type: 'integer', nullable: true })
  previousRank?: number | null;

  @Property({ type: 'integer', nullable: true })
  rankChange?: number | null;

  @Property({ type: 'double', nullable: true })
  scoreChange?: number | null;

  @Property({ type: 'double', nullable: true })
  gapToLeader?: number | null;

  @Property()
  streak!: number;

  @Property()
  topStreak!: number;

  @Property({ type: 'json' })
  areas: Opt<AreaStanding[]> = [];

  @Property()
  revision!: number;
}
