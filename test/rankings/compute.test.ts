import { competitionRanks, computeIndex, type EditionInput, nodeValues, round } from '../../src/rankings/ranking.compute';

const tree = [
  { code: 'A', title: 'A', maxPoints: 60, parentCode: null },
  { code: 'A1', title: 'A1', maxPoints: 40, parentCode: 'A' },
  { code: 'A2', title: 'A2', maxPoints: 20, parentCode: 'A' },
  { code: 'B', title: 'B', maxPoints: 40, parentCode: null },
];

const edition = (id: number, year: number, sheets: [number, number, number, number][], published = true): EditionInput => ({
  id,
  year,
  published,
  rankedUnits: null,
  maxTotal: 100,
  nodes: tree,
  sheets: sheets.map(([unitId, a1, a2, b]) => ({ unitId, points: { A1: a1, A2: a2, B: b }, reportedTotal: null, reportedRank: null })),
});

describe('ranking computation', () => {
  it('gives tied totals the same rank and skips the next places (1, 2, 2, 4)', () => {
    expect(competitionRanks([90, 80, 80, 70])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([70, 80, 90, 80, 80])).toEqual([5, 2, 1, 2, 2]);
    expect(competitionRanks([50, 50, 50])).toEqual([1, 1, 1]);
  });

  it('ties totals that differ only by floating-point noise', () => {
    const a = 15.1 + 0.2; // 15.299999999999999
    expect(a).not.toBe(15.3);
    expect(competitionRanks([a, 15.3, 15.31])).toEqual([2, 2, 1]);
    expect(round(a)).toBe(15.3);
  });

  it("sums children into parents, and a node's own score wins over its children", () => {
    expect(nodeValues(tree, { A1: 30.5, A2: 10.25, B: 20 })).toEqual(
      new Map([
        ['A1', 30.5],
        ['A2', 10.25],
        ['A', 40.75],
        ['B', 20],
      ]),
    );
    expect(nodeValues(tree, { A: 50, A1: 1, B: 20 }).get('A')).toBe(50);
  });

  it('ranks each area separately and computes gaps to the leader', () => {
    const rows = computeIndex(
      [
        edition(1, 2020, [
          [1, 40, 10, 10],
          [2, 20, 10, 35],
          [3, 30, 20, 10],
        ]),
      ],
      2,
    ).get(1)!;
    const byUnit = new Map(rows.map((r) => [r.unitId, r]));
    expect([1, 2, 3].map((u) => byUnit.get(u)!.rank)).toEqual([2, 1, 2]);
    expect(byUnit.get(1)!.gapToLeader).toBe(5);
    expect(byUnit.get(2)!.areas.map((a) => [a.code, a.points, a.rank])).toEqual([
      ['A', 30, 3],
      ['B', 35, 1],
    ]);
    expect(byUnit.get(1)!.areas[0]).toMatchObject({ code: 'A', points: 50, rank: 1, percentOfMax: 83.33 });
  });

  it('compares with the previous published edition only; drafts never feed later editions', () => {
    const result = computeIndex(
      [
        edition(1, 2020, [
          [1, 40, 20, 40],
          [2, 10, 10, 10],
        ]),
        edition(
          2,
          2021,
          [
            [1, 0, 0, 0],
            [2, 40, 20, 40],
          ],
          false,
        ),
        edition(3, 2022, [
          [1, 40, 20, 39],
          [2, 10, 10, 10],
        ]),
      ],
      1,
    );
    const draft = result.get(2)!.find((r) => r.unitId === 2)!;
    expect(draft).toMatchObject({ rank: 1, previousRank: 2, rankChange: 1, streak: 1 });
    const later = result.get(3)!.find((r) => r.unitId === 1)!;
    expect(later).toMatchObject({ rank: 1, previousRank: 1, rankChange: 0, scoreChange: -1, streak: 2, topStreak: 2 });
  });
});
