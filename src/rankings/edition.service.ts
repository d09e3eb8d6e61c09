/**
 * Write side for data managers: create and publish editions, import scores, correct a score.
 * Each runs in one transaction and recomputes the index's rankings before committing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Problems } from '../import-kit/problems';
import { ImportStats } from '../import-kit/stats';
import { BadInputError, ConflictError, NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import type { Actor } from '../accounts/account-visibility';
import { requireDataManager } from './ranking.policy';
import { nfc } from '../text/vietnamese';
import { localDate } from '../text/vietnam-time';
import { Unit } from '../units/unit.entity';
import { CriterionNode, Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import { parseLocated } from '../import-kit/located-yaml';
import { createNodes } from './methodology.apply';
import { parseCriteria } from './methodology.parse';
import { importScoresText } from './ranking.import';
import { EditionStatus } from './ranking.enums';
import { recomputeIndex } from './ranking.store';
import { recordEditionChanges } from './ranking.events';
import type { CorrectScoreInput, CreateEditionInput } from './ranking.types';
import { ScoreRevision, ScoreSheet } from './score.entity';
import { REPORTED_RANK, REPORTED_TOTAL, SheetWriter } from './scores.apply';
import { checkPoints, unitFitsIndex } from './scores.parse';
import { API_CORRECTION } from './scores.corrections';

export class EditionService {
  private readonly who: Actor;
  constructor(
    private readonly em: EntityManager,
    viewer: Viewer,
    private readonly now: () => Date,
  ) {
    this.who = requireDataManager(viewer);
  }

  async createEdition(input: CreateEditionInput): Promise<Edition> {
    const problems = new Problems();
    const nodes = parseCriteria('criteria', parseLocated('criteria', input.criteria, problems), 'criteria', 1, problems);
    if (problems.any) throw new BadInputError('criteria', 'the criteria tree is not valid', { problems: problems.list });
    return this.em.transactional(async (em) => {
      const index = await em.findOne(RankingIndex, { slug: input.index });
      if (!index) throw new NotFoundError('Index', input.index);
      if (await em.count(Edition, { index, year: input.year })) throw new ConflictError(`index "${input.index}" already has an edition ${input.year}`, { field: 'year' });
      const edition = em.create(Edition, {
        index,
        year: input.year,
        title: nfc(input.title),
        sourceDocument: input.sourceDocument ? nfc(input.sourceDocument) : null,
        sourceUrl: input.sourceUrl ?? null,
        methodology: input.methodology ? nfc(input.methodology) : null,
        rankedUnits: input.rankedUnits ?? null,
        illustrative: input.illustrative ?? index.illustrative,
        status: EditionStatus.DRAFT,
        maxTotal: nodes.filter((n) => !n.parentCode).reduce((s, n) => s + n.maxPoints, 0),
      });
      createNodes(em, edition, nodes);
      await em.flush();
      return edition;
    });
  }

  async publishEdition(slug: string, year: number, publishedOn?: string | null): Promise<Edition> {
    return this.em.transactional(async (em) => {
      const edition = await this.findEdition(em, slug, year);
      if (edition.status === EditionStatus.PUBLISHED) throw new ConflictError(`edition ${year} of "${slug}" is already published`);
      if (!(await em.count(ScoreSheet, { edition }))) throw new ConflictError(`edition ${year} of "${slug}" has no scores yet`);
      edition.status = EditionStatus.PUBLISHED;
      edition.publishedOn = publishedOn ?? localDate(this.now());
      await em.flush();
      // Later editions now compare against this one: their changes and streaks move too.
      const bumped = await recomputeIndex(em, edition.index, new Set([edition.id]));
      await recordEditionChanges(em, 'edition.published', [edition.id, ...bumped]);
      return edition;
    });
  }

  /** A scores CSV in the file format; problems come back as data and nothing is written. */
  async importScores(csv: string, reason: string | null, force = false) {
    if (force && !reason?.trim()) throw new BadInputError('reason', 'a forced import needs a reason: it overwrites corrections');
    const problems = new Problems();
    const stats = new ImportStats();
    let editions: Edition[] = [];
    try {
      await this.em.transactional(async (em) => {
        const writer = new SheetWriter(em, { who: this.who, via: 'importScores', reason: reason ? nfc(reason) : null, at: this.now() }, stats);
        await importScoresText(em, 'csv', csv, problems, writer, { force });
        if (problems.any) throw new AbortImport();
        editions = [...writer.touched.values()];
      });
    } catch (e) {
      if (!(e instanceof AbortImport)) throw e;
    }
    const sheets = stats.counts['score sheets'] ?? { created: 0, updated: 0, unchanged: 0 };
    return {
      ok: !problems.any,
      problems: problems.list.map((p) => ({ row: p.row ?? null, column: p.column ?? null, message: p.message })),
      ...sheets,
      revisions: stats.counts['score revisions']?.created ?? 0,
      editions,
    };
  }

  async correctScore(input: CorrectScoreInput): Promise<{ revision: ScoreRevision; edition: Edition }> {
    if (!input.reason.trim()) throw new BadInputError('reason', 'a correction needs a reason');
    return this.em.transactional(async (em) => {
      const edition = await this.findEdition(em, input.index, input.year);
      const unit = await em.findOne(Unit, { code: input.unit }, { populate: ['parent', 'successor'] });
      if (!unit) throw new NotFoundError('Unit', input.unit);
      const misfit = unitFitsIndex(unit, edition.index, edition.year);
      if (misfit) throw new BadInputError('unit', misfit);
      const sheet = await em.findOne(ScoreSheet, { edition, unit });
      const values = { points: { ...(sheet?.points ?? {}) }, reportedTotal: sheet?.reportedTotal ?? null, reportedRank: sheet?.reportedRank ?? null };
      const v = input.value;
      if (input.field === REPORTED_TOTAL) {
        if (v !== null && (v < 0 || v > edition.maxTotal)) throw new BadInputError('value', `a reported total must be between 0 and ${edition.maxTotal}`);
        values.reportedTotal = v;
      } else if (input.field === REPORTED_RANK) {
        if (v !== null && (!Number.isInteger(v) || v < 1 || (edition.rankedUnits != null && v > edition.rankedUnits)))
          throw new BadInputError('value', 'a reported rank must be a whole number from 1 to the units ranked');
        values.reportedRank = v;
      } else {
        const tree = new Map((await em.find(CriterionNode, { edition })).map((n) => [n.code, n]));
        if (!tree.has(input.field))
          throw new BadInputError('field', `criterion "${input.field}" is not in this edition's criteria tree (or use ${REPORTED_TOTAL} / ${REPORTED_RANK})`);
        const problem = v === null ? null : checkPoints(tree, input.field, v);
        if (problem) throw new BadInputError('value', problem);
        if (v === null) delete values.points[input.field];
        else values.points[input.field] = v;
      }
      const writer = new SheetWriter(em, { who: this.who, via: API_CORRECTION, reason: nfc(input.reason), at: this.now() });
      await writer.write(edition, new Map([[unit.id, { unit, values }]]), [], true);
      if (writer.changedEditions.size === 0) throw new ConflictError(`${input.field} of unit ${input.unit} is already ${v}`);
      await writer.finish();
      const revision = await em.findOneOrFail(ScoreRevision, { edition, unit, field: input.field }, { orderBy: { id: 'desc' } });
      return { revision, edition };
    });
  }

  private async findEdition(em: EntityManager, slug: string, year: number): Promise<Edition> {
    const edition = await em.findOne(Edition, { index: { slug }, year }, { populate: ['index', 'index.scope'] });
    if (!edition) throw new NotFoundError('Edition', `${slug} ${year}`);
    return edition;
  }
}

class AbortImport extends Error {}
