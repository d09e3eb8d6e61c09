/**
 * What to talk about first in a unit: its weakest areas (lowest share of the area's maximum) in
 * the latest published edition of an index that ranks it. Reads the rankings feature's stored
 * per-area results (ranking_result.areas) instead of recomputing anything.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { EditionStatus } from '../rankings/ranking.enums';
import type { AreaStanding } from '../rankings/result.entity';
import { RankingResult } from '../rankings/result.entity';
import { Unit } from '../units/unit.entity';
import { assertUnitsExist } from './item.rules';
import { organisationScope } from './outreach.policy';

export interface AreaSuggestion {
  code: string;
  title: string;
  points: number;
  max: number;
  percentOfMax: number;
  /** The unit's rank in this area among the units of the edition. */
  rank: number;
  rankedUnits: number;
  gapToLeader: number;
  scoreChange: number | null;
}

export interface Suggestions {
  unit: Unit;
  indexSlug: string;
  indexName: string;
  year: number;
  illustrative: boolean;
  total: number;
  rank: number;
  areas: AreaSuggestion[];
}

export class SuggestionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** With `on`, the unit must exist that day: suggestions never target an abolished unit. */
  async forUnit(unitCode: string, indexSlug?: string | null, limit = 3, on?: string | null): Promise<Suggestions> {
    organisationScope(this.viewer);
    if (!Number.isInteger(limit) || limit < 1 || limit > 20) throw new BadInputError('limit', 'limit must be between 1 and 20');
    const unit = await this.em.findOne(Unit, { code: unitCode.trim() });
    if (!unit) throw new NotFoundError('unit', unitCode);
    if (on) assertUnitsExist([unit], on, on, 'unitCode');
    const where: Record<string, unknown> = { unit, edition: { status: EditionStatus.PUBLISHED } };
    if (indexSlug) where.edition = { status: EditionStatus.PUBLISHED, index: { slug: indexSlug } };
    // Latest year first; among indices of the same year the lowest id (the first imported) wins, so the answer is stable.
    const result = await this.em.findOne(RankingResult, where, {
      populate: ['edition', 'edition.index'],
      orderBy: { edition: { year: 'desc', index: { id: 'asc' } } },
    });
    if (!result) throw new NotFoundError('published ranking of unit', unitCode + (indexSlug ? ` in ${indexSlug}` : ''));
    const rankedUnits = await this.em.count(RankingResult, { edition: result.edition });
    const areas = [...result.areas]
      .filter((a) => a.max > 0)
      .sort((a, b) => share(a) - share(b) || b.gapToLeader - a.gapToLeader || a.code.localeCompare(b.code))
      .slice(0, limit)
      .map((a) => ({
        code: a.code,
        title: a.title,
        points: a.points,
        max: a.max,
        percentOfMax: round(share(a) * 100),
        rank: a.rank,
        rankedUnits,
        gapToLeader: a.gapToLeader,
        scoreChange: a.scoreChange,
      }));
    return {
      unit,
      indexSlug: result.edition.index.slug,
      indexName: result.edition.index.name,
      year: result.edition.year,
      illustrative: result.edition.illustrative || result.edition.index.illustrative,
      total: result.total,
      rank: result.rank,
      areas,
    };
  }
}

/** Share of the maximum from the unrounded parts (the stored percentOfMax is rounded to 2 decimals). */
const share = (a: AreaStanding) => a.points / a.max;
const round = (n: number) => Math.round(n * 100) / 100;
