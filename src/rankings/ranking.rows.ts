/** Turns stored results into API rows, for the whole total or for one area. */
import { compareVietnamese } from '../text/vietnamese';
import type { Unit } from '../units/unit.entity';
import type { Edition } from './edition.entity';
import type { RowSource } from './ranking.read';
import type { RankingRowView } from './ranking.views';

export function outOf(edition: Edition, rowCount: number): number {
  return edition.rankedUnits ?? rowCount;
}

export function toRow(result: RowSource, edition: Edition, unit: Unit, count: number, area: string | null, highlighted: boolean): RankingRowView | null {
  const common = {
    unit,
    edition,
    year: edition.year,
    outOf: outOf(edition, count),
    highlighted,
    revision: result.revision,
    areas: result.areas,
    rankKind: result.rankKind,
  };
  if (area) {
    const a = result.areas.find((x) => x.code === area);
    if (!a) return null;
    return {
      ...common,
      total: a.points,
      computedTotal: a.points,
      reportedTotal: null,
      totalsDiffer: false,
      rank: a.rank,
      reportedRank: null,
      previousRank: a.rankChange === null ? null : a.rank + a.rankChange,
      rankChange: a.rankChange,
      scoreChange: a.scoreChange,
      percentOfMax: a.percentOfMax,
      gapToLeader: a.gapToLeader,
      streak: a.streak,
      topStreak: a.topStreak,
    };
  }
  return {
    ...common,
    total: result.total,
    computedTotal: result.computedTotal ?? null,
    reportedTotal: result.reportedTotal ?? null,
    totalsDiffer: result.reportedTotal != null && result.computedTotal != null && Math.abs(result.reportedTotal - result.computedTotal) > 1e-9,
    rank: result.rank,
    reportedRank: result.reportedRank ?? null,
    previousRank: result.previousRank ?? null,
    rankChange: result.rankChange ?? null,
    scoreChange: result.scoreChange ?? null,
    percentOfMax: result.percentOfMax ?? null,
    gapToLeader: result.gapToLeader ?? null,
    streak: result.streak,
    topStreak: result.topStreak,
  };
}

/** Rank order; ties in Vietnamese alphabetical order of the unit names. */
export function sortRows(rows: RankingRowView[]): RankingRowView[] {
  return rows.sort((a, b) => a.rank - b.rank || compareVietnamese(a.unit.shortName, b.unit.shortName) || a.unit.code.localeCompare(b.unit.code));
}
