/**
 * Resolves a body's ranking widgets and inline facts against the data, live, through the
 * request's loaders (batched per index and per edition).
 */
import type { BodyEdition, BodyLoaders, BodyResult } from './body.loaders';
import type { Directive, FactDirective, RankingDirective } from './directives';
import { formatNumber, rankChangePhrase, rankPhrase, scoreChangePhrase, scorePhrase, streakPhrase } from './phrasing';
import { emptyResolution, type FactValue, type RankingWidgetValue, type ResolvedBody, type WidgetRowValue } from './resolved';

/** Same order as `localeCompare(…, 'vi')`, without building a collator per comparison. */
const byName = new Intl.Collator('vi');

export function pickEdition<E extends { year: number }>(editions: E[], wanted: number | 'latest'): E | null {
  if (wanted === 'latest') return editions[editions.length - 1] ?? null;
  return editions.find((e) => e.year === wanted) ?? null;
}

/** A unit's standing in the whole edition, or in one area of it. */
function standing(result: BodyResult, area: string | null) {
  if (!area)
    return {
      total: result.total,
      rank: result.rank,
      rankChange: result.rankChange ?? null,
      scoreChange: result.scoreChange ?? null,
      streak: result.streak,
      title: null,
      max: null,
    };
  const a = result.areas.find((x) => x.code === area);
  return a ? { total: a.points, rank: a.rank, rankChange: a.rankChange, scoreChange: a.scoreChange, streak: a.streak, title: a.title, max: a.max } : null;
}

async function resolveWidget(d: RankingDirective, loaders: BodyLoaders): Promise<RankingWidgetValue | null> {
  const editions = await loaders.publishedEditionsByIndex.load(d.index);
  const edition = pickEdition(editions, d.edition);
  if (!edition) return null;
  const results = await loaders.resultsByEdition.load(edition.id);
  const highlight = new Set(d.highlight);
  let rows: WidgetRowValue[] = results.flatMap((r) => {
    const s = standing(r, d.area);
    if (!s) return [];
    return [
      {
        unitCode: r.unit.code,
        unitName: r.unit.name,
        total: s.total,
        rank: s.rank,
        rankKind: r.rankKind,
        rankChange: s.rankChange,
        scoreChange: s.scoreChange,
        streak: s.streak,
        highlighted: highlight.has(r.unit.code),
      },
    ];
  });
  rows.sort((a, b) => a.rank - b.rank || byName.compare(a.unitName, b.unitName));
  if (d.limit) rows = rows.filter((r) => r.rank <= d.limit! || r.highlighted);
  const areaInfo = d.area ? results.map((r) => r.areas.find((a) => a.code === d.area)).find(Boolean) : null;
  const trend = d.display === 'trend' ? await trendOf(editions, d, rows, loaders) : [];
  return {
    id: d.id,
    index: d.index,
    indexName: edition.index.name,
    year: edition.year,
    editionTitle: edition.title,
    area: d.area,
    areaTitle: areaInfo?.title ?? null,
    maxPoints: areaInfo?.max ?? edition.maxTotal ?? null,
    illustrative: edition.illustrative,
    source: edition.sourceDocument ?? null,
    revision: edition.revision,
    rows,
    trend,
  };
}

/** Totals across editions for the highlighted units (or the top five). */
async function trendOf(editions: BodyEdition[], d: RankingDirective, rows: WidgetRowValue[], loaders: BodyLoaders) {
  const codes = d.highlight.length ? d.highlight : rows.slice(0, 5).map((r) => r.unitCode);
  const perEdition = await Promise.all(editions.map((e) => loaders.resultsByEdition.load(e.id)));
  return codes.map((code) => {
    const points = editions.flatMap((e, i) => {
      const r = perEdition[i].find((x) => x.unit.code === code);
      const s = r && standing(r, d.area);
      return s ? [{ year: e.year, total: s.total, rank: s.rank }] : [];
    });
    const name = rows.find((r) => r.unitCode === code)?.unitName ?? perEdition.flat().find((r) => r.unit.code === code)?.unit.name ?? code;
    return { unitCode: code, unitName: name, points };
  });
}

function phrase(d: FactDirective, value: number | null, s: ReturnType<typeof standing>): string {
  if (value === null || !s) return 'không có dữ liệu';
  if (d.format === 'number') return d.kind === 'score' || d.kind === 'scorechange' ? formatNumber(value) : String(value);
  switch (d.kind) {
    case 'rank':
      return rankPhrase(value);
    case 'score':
      return scorePhrase(value);
    case 'rankchange':
      return rankChangePhrase(value);
    case 'scorechange':
      return scoreChangePhrase(value);
    case 'streak':
      return streakPhrase(value);
  }
}

const MEANING: Record<FactDirective['kind'], string> = {
  rank: 'thứ hạng',
  score: 'tổng điểm',
  rankchange: 'số bậc thay đổi so với kỳ trước (dương là tăng hạng)',
  scorechange: 'số điểm thay đổi so với kỳ trước',
  streak: 'số kỳ xếp hạng liên tiếp đứng thứ nhất',
};

async function resolveFact(d: FactDirective, loaders: BodyLoaders): Promise<FactValue | null> {
  const edition = pickEdition(await loaders.publishedEditionsByIndex.load(d.index), d.edition);
  if (!edition) return null;
  const result = (await loaders.resultsByEdition.load(edition.id)).find((r) => r.unit.code === d.unit);
  const s = result ? standing(result, d.area) : null;
  const value = !s
    ? null
    : d.kind === 'rank'
      ? s.rank
      : d.kind === 'score'
        ? s.total
        : d.kind === 'rankchange'
          ? s.rankChange
          : d.kind === 'scorechange'
            ? s.scoreChange
            : s.streak;
  const unitName = result?.unit.name ?? d.unit;
  const where = `${edition.index.name} năm ${edition.year}${s?.title ? `, lĩnh vực ${s.title}` : ''}`;
  return {
    id: d.id,
    kind: d.kind,
    unitCode: d.unit,
    unitName,
    index: d.index,
    year: edition.year,
    value,
    text: phrase(d, value, s),
    meaning: `${unitName}: ${MEANING[d.kind]} trong ${where}${edition.illustrative ? ' (số liệu minh họa)' : ''}`,
    revision: edition.revision,
  };
}

export async function resolveDirectives(directives: Directive[], loaders: BodyLoaders): Promise<ResolvedBody> {
  const resolved = emptyResolution();
  await Promise.all(
    directives.map(async (d) => {
      if (d.kind === 'ranking') {
        const w = await resolveWidget(d, loaders);
        if (w) resolved.widgets.set(d.id, w);
      } else if (d.kind !== 'related') {
        const f = await resolveFact(d, loaders);
        if (f) resolved.facts.set(d.id, f);
      }
    }),
  );
  return resolved;
}
