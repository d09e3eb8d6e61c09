/**
 * Read side: indices, editions, ranking tables, unit histories, facts and revisions. Tables
 * are plain reads of precomputed rows with a fixed number of statements (edition, rows with
 * their units), whatever the number of units or editions.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError, BadInputError } from '../core/errors';
import { isStaff, type Viewer } from '../core/viewer';
import { Unit } from '../units/unit.entity';
import { Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import { EditionStatus, IndexLevel, RankKind } from './ranking.enums';
import { RankingResult } from './result.entity';
import { outOf, sortRows, toRow } from './ranking.rows';
import { readTableRows } from './ranking.read';
import type { NodeScoreView, RankingFactsView, RankingRowView, RankingTableView, ScoreSheetValues, UnitHistoryView } from './ranking.views';
import { ScoreRevision, ScoreSheet } from './score.entity';
import { CriterionNode } from './edition.entity';
import { nodeValues } from './ranking.compute';

export interface TableOptions {
  year?: number | null;
  area?: string | null;
  first?: number | null;
  highlight?: string[] | null;
  /** Read the area standings (only when asked: they are the heaviest column). */
  withAreas?: boolean;
}

const LEVEL_NOUN: Record<IndexLevel, string> = {
  [IndexLevel.PROVINCE]: 'tỉnh, thành phố',
  [IndexLevel.DISTRICT]: 'đơn vị cấp huyện',
  [IndexLevel.COMMUNE]: 'đơn vị cấp xã',
  [IndexLevel.MINISTRY]: 'bộ, cơ quan ngang bộ',
  [IndexLevel.DEPARTMENT]: 'sở, ban, ngành',
};

export class RankingQueryService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** Drafts are staff-only. */
  private get visibleStatuses(): EditionStatus[] {
    return isStaff(this.viewer) ? [EditionStatus.DRAFT, EditionStatus.PUBLISHED] : [EditionStatus.PUBLISHED];
  }

  indices(): Promise<RankingIndex[]> {
    return this.em.find(RankingIndex, {}, { orderBy: { slug: 'asc' } });
  }

  async index(slug: string): Promise<RankingIndex> {
    const index = await this.em.findOne(RankingIndex, { slug });
    if (!index) throw new NotFoundError('Index', slug);
    return index;
  }

  async editions(slug: string): Promise<Edition[]> {
    const index = await this.index(slug);
    return this.em.find(Edition, { index, status: { $in: this.visibleStatuses } }, { orderBy: { year: 'asc' } });
  }

  /** The edition of a year, or the latest published one; one statement (joined with its index). */
  async edition(slug: string, year?: number | null): Promise<Edition> {
    const where = year ? { index: { slug }, year, status: { $in: this.visibleStatuses } } : { index: { slug }, status: EditionStatus.PUBLISHED };
    const edition = await this.em.findOne(Edition, where, { populate: ['index'], orderBy: { year: 'desc' } });
    if (edition) return edition;
    await this.index(slug);
    throw new NotFoundError('Edition', year ? `${slug} ${year}` : `${slug} (no published edition)`);
  }

  async table(slug: string, options: TableOptions = {}): Promise<RankingTableView> {
    const first = options.first ?? null;
    if (first !== null && first < 1) throw new BadInputError('first', 'first must be at least 1');
    const edition = await this.edition(slug, options.year);
    const highlight = new Set(options.highlight ?? []);
    const area = options.area ?? null;
    // Without an area the cut happens in SQL; an area's ranks live in the rows' jsonb.
    const cut = !area && first !== null;
    const results = await readTableRows(this.em, { editionId: edition.id, first: cut ? first : null, highlight: [...highlight], withAreas: !!(area || options.withAreas) });
    // The size of the field is only unknown when SQL cut the rows.
    const counted = cut && !edition.rankedUnits ? await this.em.count(RankingResult, { edition }) : null;
    const count = edition.rankedUnits ?? counted ?? results.length;
    if (area && results.length && !results[0].areas.some((a) => a.code === area)) {
      throw new BadInputError('area', `edition ${edition.year} of "${slug}" has no area "${area}" (areas: ${results[0].areas.map((a) => a.code).join(', ')})`);
    }
    let rows = sortRows(results.map((r) => toRow(r, edition, r.unit, count, area, highlight.has(r.unit.code))).filter((r): r is RankingRowView => r !== null));
    // "first N" keeps every unit tied at the cut, so a table never hides a shared place.
    if (first !== null) rows = rows.filter((r) => r.rank <= first || r.highlighted);
    return { index: edition.index, edition, area, revision: edition.revision, outOf: outOf(edition, count), rows };
  }

  async history(slug: string, code: string): Promise<UnitHistoryView> {
    const index = await this.index(slug);
    const unit = await this.unit(code);
    const results = await this.em.find(
      RankingResult,
      { unit, edition: { index, status: { $in: this.visibleStatuses } } },
      { populate: ['edition'], orderBy: { edition: { year: 'asc' } } },
    );
    const rows = results.map((r) => toRow(r, r.edition, unit, r.edition.rankedUnits ?? 0, null, false)!);
    return { index, unit, rows };
  }

  async facts(slug: string, code: string, year?: number | null): Promise<RankingFactsView> {
    const history = await this.history(slug, code);
    const upTo = history.rows.filter((r) => r.edition.status === EditionStatus.PUBLISHED && (!year || r.year <= year));
    const row = year ? upTo.find((r) => r.year === year) : upTo[upTo.length - 1];
    if (!row) throw new NotFoundError('Ranking of unit', `${code} in ${slug}${year ? ` ${year}` : ''}`);
    const bestRank = Math.min(...upTo.map((r) => r.rank));
    const { index, unit } = history;
    const facts: RankingFactsView = {
      index,
      unit,
      row,
      topN: index.topN,
      bestRank,
      bestRankYears: upTo.filter((r) => r.rank === bestRank).map((r) => r.year),
      timesFirst: upTo.filter((r) => r.rank === 1).length,
      editionsRanked: upTo.length,
      illustrative: row.edition.illustrative,
      summary: '',
    };
    facts.summary = summarize(facts);
    return facts;
  }

  async revisions(slug: string, year?: number | null, code?: string | null): Promise<ScoreRevision[]> {
    const edition: Record<string, unknown> = { index: { slug }, status: { $in: this.visibleStatuses } };
    if (year) edition.year = year;
    const where: Record<string, unknown> = { edition };
    if (code) where.unit = { code };
    return this.em.find(ScoreRevision, where, { populate: ['edition', 'unit'], orderBy: { id: 'asc' } });
  }

  /** A unit's points per node of an edition's tree; parents without their own points show the sum of their children. */
  async sheet(slug: string, year: number, code: string): Promise<ScoreSheetValues> {
    const edition = await this.edition(slug, year);
    const unit = await this.unit(code);
    const sheet = await this.em.findOne(ScoreSheet, { edition, unit });
    if (!sheet) throw new NotFoundError('Scores of unit', `${code} in ${slug} ${year}`);
    const nodes = await this.em.find(CriterionNode, { edition }, { orderBy: { position: 'asc' } });
    const values = nodeValues(nodes, sheet.points);
    const scores = nodes.map((n): NodeScoreView => ({
      code: n.code,
      parentCode: n.parentCode ?? null,
      title: n.title,
      depth: n.depth,
      maxPoints: n.maxPoints,
      points: values.get(n.code) ?? null,
      summed: values.has(n.code) && sheet.points[n.code] === undefined,
    }));
    return { unit, edition, reportedTotal: sheet.reportedTotal ?? null, reportedRank: sheet.reportedRank ?? null, scores };
  }

  private async unit(code: string): Promise<Unit> {
    const unit = await this.em.findOne(Unit, { code });
    if (!unit) throw new NotFoundError('Unit', code);
    return unit;
  }
}

/** e.g. "Thành phố Hà Tĩnh xếp thứ 1/13 đơn vị cấp huyện năm 2018, 3 năm liên tục đứng đầu." */
export function summarize(f: RankingFactsView): string {
  const r = f.row;
  const parts = [`${f.unit.name} xếp thứ ${r.rank}${r.outOf ? `/${r.outOf}` : ''} ${LEVEL_NOUN[f.index.level]} năm ${r.year} (${f.index.name})`];
  if (r.streak > 1) parts.push(`${r.streak} năm liên tục đứng đầu`);
  else if (r.topStreak > 1) parts.push(`${r.topStreak} năm liên tục trong nhóm ${f.topN} đứng đầu`);
  if (r.rankChange) parts.push(`${r.rankChange > 0 ? 'tăng' : 'giảm'} ${Math.abs(r.rankChange)} bậc so với lần xếp hạng trước`);
  let text = `${parts.join(', ')}.`;
  if (r.rankKind === RankKind.REPORTED) text += ' Thứ hạng theo công bố chính thức.';
  if (f.illustrative) text += ' Số liệu minh họa, không phải số liệu chính thức.';
  return text;
}
