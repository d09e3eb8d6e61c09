/**
 * What the ranking queries answer, as plain types: the services build these, the GraphQL classes
 * of ranking.types.ts implement them (so the schema and the services cannot drift apart), and the
 * widgets read them without GraphQL.
 */
import type { Unit } from '../units/unit.entity';
import type { Edition } from './edition.entity';
import type { RankingIndex } from './index.entity';
import type { RankKind } from './ranking.enums';

/** A unit's standing in one area (lĩnh vực) of an edition. */
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

/** One unit's place in an edition (the whole total, or one area). */
export interface RankingRowView {
  unit: Unit;
  edition: Edition;
  year: number;
  total: number;
  computedTotal: number | null;
  reportedTotal: number | null;
  totalsDiffer: boolean;
  rank: number;
  rankKind: RankKind;
  reportedRank: number | null;
  outOf: number | null;
  previousRank: number | null;
  rankChange: number | null;
  scoreChange: number | null;
  percentOfMax: number | null;
  gapToLeader: number | null;
  streak: number;
  topStreak: number;
  highlighted: boolean;
  revision: number;
  areas: AreaStanding[];
}

export interface RankingTableView {
  index: RankingIndex;
  edition: Edition;
  area: string | null;
  revision: number;
  outOf: number;
  rows: RankingRowView[];
}

export interface UnitHistoryView {
  index: RankingIndex;
  unit: Unit;
  rows: RankingRowView[];
}

export interface RankingFactsView {
  index: RankingIndex;
  unit: Unit;
  row: RankingRowView;
  topN: number;
  bestRank: number;
  bestRankYears: number[];
  timesFirst: number;
  editionsRanked: number;
  illustrative: boolean;
  summary: string;
}

export interface NodeScoreView {
  code: string;
  parentCode: string | null;
  title: string;
  depth: number;
  maxPoints: number;
  points: number | null;
  summed: boolean;
}

export interface ScoreSheetValues {
  unit: Unit;
  edition: Edition;
  reportedTotal: number | null;
  reportedRank: number | null;
  scores: NodeScoreView[];
}
