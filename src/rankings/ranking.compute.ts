/**
 * Pure ranking computation for one index: totals from the criteria tree, standard
 * competition ranks (1, 2, 2, 4), area ranks, changes against the previous published
 * edition, gaps to the leader and streaks. No database here, so the rules are easy to test
 * and the import can run them inside its transaction.
 */
import type { AreaStanding } from './result.entity';
import { RankKind } from './ranking.enums';

export interface TreeNode {
  code: string;
  title: string;
  maxPoints: number;
  parentCode?: string | null;
}

export interface SheetInput {
  unitId: number;
  points: Record<string, number>;
  reportedTotal: number | null;
  reportedRank: number | null;
}

export interface EditionInput {
  id: number;
  year: number;
  published: boolean;
  rankedUnits: number | null;
  maxTotal: number;
  nodes: TreeNode[];
  sheets: SheetInput[];
}

export interface ComputedRow {
  unitId: number;
  total: number;
  computedTotal: number | null;
  reportedTotal: number | null;
  rank: number;
  rankKind: RankKind;
  reportedRank: number | null;
  percentOfMax: number | null;
  previousRank: number | null;
  rankChange: number | null;
  scoreChange: number | null;
  gapToLeader: number | null;
  streak: number;
  topStreak: number;
  areas: AreaStanding[];
}

/** Rounds away binary noise (8.1 + 7.2 = 15.299999…) so equal published values tie. */
export const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Standard competition ranking of values, highest first: 90, 80, 80, 70 → 1, 2, 2, 4. */
export function competitionRanks(values: number[]): number[] {
  const order = values.map((v, i) => [round(v), i] as const).sort((a, b) => b[0] - a[0]);
  const ranks = new Array<number>(values.length);
  order.forEach(([v, i], pos) => {
    ranks[i] = pos > 0 && order[pos - 1][0] === v ? ranks[order[pos - 1][1]] : pos + 1;
  });
  return ranks;
}

/** Value of every node for one sheet: its own points when given, else the sum of its scored children. */
export function nodeValues(nodes: TreeNode[], points: Record<string, number>): Map<string, number> {
  const children = new Map<string, TreeNode[]>();
  for (const n of nodes) if (n.parentCode) children.set(n.parentCode, [...(children.get(n.parentCode) ?? []), n]);
  const values = new Map<string, number>();
  const visit = (node: TreeNode): number | undefined => {
    const kids = (children.get(node.code) ?? []).map(visit).filter((v): v is number => v !== undefined);
    const own = points[node.code];
    const value = own !== undefined ? own : kids.length ? round(kids.reduce((a, b) => a + b, 0)) : undefined;
    if (value !== undefined) values.set(node.code, value);
    return value;
  };
  nodes.filter((n) => !n.parentCode).forEach(visit);
  return values;
}

interface Standing {
  rank: number;
  total: number;
  streak: number;
  topStreak: number;
  areas: Map<string, { rank: number; points: number; streak: number; topStreak: number }>;
}

const streakOf = (hit: boolean, previous: number | undefined) => (hit ? (previous ?? 0) + 1 : 0);

function computeEdition(edition: EditionInput, previous: Map<number, Standing>, topN: number): ComputedRow[] {
  const areas = edition.nodes.filter((n) => !n.parentCode);
  const values = edition.sheets.map((s) => nodeValues(edition.nodes, s.points));
  const computedTotals = values.map((v) => (areas.some((a) => v.has(a.code)) ? round(areas.reduce((sum, a) => sum + (v.get(a.code) ?? 0), 0)) : null));
  // The reported total wins: published totals come from unrounded parts.
  const totals = edition.sheets.map((s, i) => s.reportedTotal ?? computedTotals[i] ?? 0);
  const reported = edition.rankedUnits !== null && edition.sheets.length < edition.rankedUnits;
  const ranks = reported ? edition.sheets.map((s) => s.reportedRank ?? 0) : competitionRanks(totals);
  const leader = Math.max(...totals);
  const areaRanks = reported ? [] : areas.map((a) => competitionRanks(values.map((v) => v.get(a.code) ?? 0)));
  const areaLeaders = areas.map((a) => Math.max(...values.map((v) => v.get(a.code) ?? 0)));

  return edition.sheets.map((sheet, i) => {
    const before = previous.get(sheet.unitId);
    const rank = ranks[i];
    const standings: AreaStanding[] = reported
      ? []
      : areas.map((area, k) => {
          const points = values[i].get(area.code) ?? 0;
          const prev = before?.areas.get(area.code);
          const areaRank = areaRanks[k][i];
          return {
            code: area.code,
            title: area.title,
            points,
            max: area.maxPoints,
            rank: areaRank,
            percentOfMax: area.maxPoints > 0 ? round((points / area.maxPoints) * 100, 2) : 0,
            rankChange: prev ? prev.rank - areaRank : null,
            scoreChange: prev ? round(points - prev.points) : null,
            gapToLeader: round(areaLeaders[k] - points),
            streak: streakOf(areaRank === 1, prev?.streak),
            topStreak: streakOf(areaRank <= topN, prev?.topStreak),
          };
        });
    return {
      unitId: sheet.unitId,
      total: round(totals[i]),
      computedTotal: computedTotals[i],
      reportedTotal: sheet.reportedTotal,
      rank,
      rankKind: reported ? RankKind.REPORTED : RankKind.COMPUTED,
      reportedRank: sheet.reportedRank,
      percentOfMax: edition.maxTotal > 0 ? round((totals[i] / edition.maxTotal) * 100, 2) : null,
      previousRank: before?.rank ?? null,
      rankChange: before ? before.rank - rank : null,
      scoreChange: before ? round(totals[i] - before.total) : null,
      gapToLeader: reported ? null : round(leader - totals[i]),
      streak: streakOf(rank === 1, before?.streak),
      topStreak: streakOf(rank <= topN, before?.topStreak),
      areas: standings,
    };
  });
}

/**
 * Computes every edition of an index. "Previous" is the nearest earlier *published* edition:
 * a unit absent from it has no change and restarts its streaks, and a successor unit keeps
 * only its own history (nothing is carried over from the unit it absorbed). Drafts are
 * computed against the latest published edition before them but never feed later editions.
 */
export function computeIndex(editions: EditionInput[], topN: number): Map<number, ComputedRow[]> {
  const result = new Map<number, ComputedRow[]>();
  let previous = new Map<number, Standing>();
  for (const edition of [...editions].sort((a, b) => a.year - b.year)) {
    const rows = computeEdition(edition, previous, topN);
    result.set(edition.id, rows);
    if (!edition.published || rows.length === 0) continue;
    previous = new Map(
      rows.map((r) => [
        r.unitId,
        {
          rank: r.rank,
          total: r.total,
          streak: r.streak,
          topStreak: r.topStreak,
          areas: new Map(r.areas.map((a) => [a.code, { rank: a.rank, points: a.points, streak: a.streak, topStreak: a.topStreak }])),
        },
      ]),
    );
  }
  return result;
}
