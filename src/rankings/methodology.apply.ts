/**
 * Applies a parsed methodology file: upserts the index by slug and each edition by year,
 * replacing an edition's criteria tree only when it changed. The tree of a published
 * edition that has scores cannot change structurally (codes, parents, maxima): that would
 * silently rewrite published results, so it is reported as a problem.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Problems } from '../import-kit/problems';
import type { ImportStats } from '../import-kit/stats';
import { Unit } from '../units/unit.entity';
import { CriterionNode, Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import type { EditionSpec, MethodologySpec, NodeSpec } from './methodology.parse';
import { EditionStatus } from './ranking.enums';
import { recomputeIndex } from './ranking.store';
import { ScoreSheet } from './score.entity';
import { checkPoints } from './scores.parse';

const structure = (nodes: Pick<NodeSpec, 'code' | 'parentCode' | 'maxPoints'>[]) => JSON.stringify(nodes.map((n) => [n.code, n.parentCode ?? null, n.maxPoints]));
const wording = (nodes: Pick<NodeSpec, 'title' | 'component' | 'depth' | 'position'>[]) => JSON.stringify(nodes.map((n) => [n.title, n.component ?? null, n.depth, n.position]));

/** Assigns only the keys whose value differs; returns whether anything changed. */
export function assignChanged<T extends object>(target: T, desired: Partial<T>): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(desired)) {
    if ((target[k as keyof T] ?? null) !== (v ?? null)) {
      (target as Record<string, unknown>)[k] = v;
      changed = true;
    }
  }
  return changed;
}

export function createNodes(em: EntityManager, edition: Edition, nodes: NodeSpec[]): void {
  for (const n of nodes)
    em.create(CriterionNode, {
      edition,
      code: n.code,
      parentCode: n.parentCode,
      title: n.title,
      maxPoints: n.maxPoints,
      component: n.component,
      depth: n.depth,
      position: n.position,
    });
}

export async function applyMethodology(em: EntityManager, file: string, spec: MethodologySpec, problems: Problems, stats: ImportStats): Promise<void> {
  const mark = problems.list.length;
  const scope = spec.index.scopeCode ? await em.findOne(Unit, { code: spec.index.scopeCode }) : null;
  if (spec.index.scopeCode && !scope) problems.add(file, `unknown scope unit code "${spec.index.scopeCode}"`, undefined, 'index.scope');
  let index = await em.findOne(RankingIndex, { slug: spec.index.slug });
  const { scopeCode: _scope, ...indexFields } = spec.index;
  if (!index) {
    index = em.create(RankingIndex, { ...indexFields, scope });
    stats.created('indices');
  } else if (assignChanged(index, { ...indexFields, scope } as Partial<RankingIndex>)) stats.updated('indices');
  else stats.unchanged('indices');

  const existing = index.id ? await em.find(Edition, { index }) : [];
  const changed = new Set<number>();
  const replaced: { edition: Edition; spec: EditionSpec }[] = [];
  for (const e of spec.editions) {
    const editionMark = problems.list.length;
    let edition = existing.find((x) => x.year === e.year);
    const nodes = edition ? await em.find(CriterionNode, { edition }, { orderBy: { position: 'asc' } }) : [];
    const sheets = edition ? await em.find(ScoreSheet, { edition }) : [];
    const isPublished = edition?.status === EditionStatus.PUBLISHED;
    if (isPublished && e.status === EditionStatus.DRAFT) {
      problems.add(file, `edition ${e.year} is published and cannot return to draft`, e.line, 'status');
    }
    const structureChanged = structure(nodes) !== structure(e.nodes);
    if (edition && structureChanged && sheets.length > 0) {
      if (isPublished) {
        problems.add(
          file,
          `the criteria of the published edition ${e.year} cannot change (codes or maxima differ); correct scores instead, or create a new edition`,
          e.line,
          'criteria',
        );
      } else {
        const tree = new Map(e.nodes.map((n) => [n.code, { maxPoints: n.maxPoints }]));
        const broken = sheets.flatMap((s) =>
          Object.entries(s.points)
            .map(([code, v]) => checkPoints(tree, code, v))
            .filter(Boolean),
        );
        if (broken.length) problems.add(file, `the new criteria of edition ${e.year} do not fit its stored scores: ${broken.slice(0, 3).join('; ')}`, e.line, 'criteria');
      }
    }
    // Leave a refused edition untouched, so later files are checked against what is stored.
    if (problems.list.length > editionMark) continue;
    const fields = {
      title: e.title,
      status: e.status ?? edition?.status ?? EditionStatus.DRAFT,
      publishedOn: e.publishedOn ?? edition?.publishedOn ?? null,
      sourceDocument: e.sourceDocument,
      sourceUrl: e.sourceUrl,
      methodology: e.methodology,
      rankedUnits: e.rankedUnits,
      illustrative: e.illustrative ?? spec.index.illustrative,
      maxTotal: e.maxTotal,
    };
    if (!edition) {
      edition = em.create(Edition, { index, year: e.year, ...fields });
      stats.created('editions');
      replaced.push({ edition, spec: e });
      continue;
    }
    const before = { status: edition.status, rankedUnits: edition.rankedUnits ?? null, maxTotal: edition.maxTotal };
    const editionChanged = assignChanged(edition, fields);
    if (editionChanged && (before.status !== edition.status || before.rankedUnits !== (edition.rankedUnits ?? null) || before.maxTotal !== edition.maxTotal))
      changed.add(edition.id);
    const reworded = wording(nodes) !== wording(e.nodes);
    if (structureChanged || reworded) {
      nodes.forEach((n) => em.remove(n));
      replaced.push({ edition, spec: e });
      if (structureChanged) changed.add(edition.id);
    }
    if (editionChanged || structureChanged || reworded) stats.updated('editions');
    else stats.unchanged('editions');
  }
  if (problems.list.length > mark) return;
  // Old nodes go first: the new ones reuse their (edition, code) keys.
  await em.flush();
  for (const { edition, spec: e } of replaced) {
    createNodes(em, edition, e.nodes);
    stats.created('criteria', e.nodes.length);
  }
  await em.flush();
  await recomputeIndex(em, index, changed, stats);
}
