/**
 * As-published snapshots and the claims that stopped holding. A snapshot is taken when an
 * article goes live (and for any live body that lacks one); stale claims compare what the
 * snapshot said with what the data says now.
 */
import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Article, ArticleState } from '../newsroom/article.entity';
import { ScoreRevision } from '../rankings/score.entity';
import { bodyHash, parseCached } from './body.cache';
import { createBodyLoaders } from './body.loaders';
import { resolveDirectives } from './body.resolve';
import type { FactValue, RankingWidgetValue, ResolvedBody } from './resolved';
import { BodySnapshot } from './snapshot.entity';

export async function takeSnapshots(em: EntityManager, articleIds: number[], now: Date): Promise<number> {
  if (articleIds.length === 0) return 0;
  const articles = await em.find(Article, { id: { $in: articleIds } }, { fields: ['id', 'body'] });
  const loaders = createBodyLoaders(em);
  let taken = 0;
  for (const article of articles) {
    const hash = bodyHash(article.body);
    if (await em.count(BodySnapshot, { article: article.id, bodyHash: hash })) continue;
    const parsed = parseCached(article.body);
    const resolved = await resolveDirectives(parsed.directives, loaders);
    // Another instance may take the same snapshot between the count and this insert (two
    // servers starting at once both snapshot the due articles): the first one stays.
    const inserted = await em
      .createQueryBuilder(BodySnapshot)
      .insert({ article: article.id, bodyHash: hash, takenAt: now, widgets: [...resolved.widgets.values()], facts: [...resolved.facts.values()] })
      .onConflict(['article', 'bodyHash'])
      .ignore()
      .execute<QueryResult<BodySnapshot>>('run');
    taken += inserted.affectedRows;
  }
  return taken;
}

/** Snapshots every live article whose current body has none (after a restart, or for imported content). */
export async function snapshotLiveBodies(em: EntityManager, now: Date): Promise<number> {
  const rows: { id: number }[] = await em.execute(
    `select a.id from article a where a.state in ('${ArticleState.PUBLISHED}', '${ArticleState.SCHEDULED}') and a.publish_at <= ?
       and not exists (select 1 from body_snapshot s where s.article_id = a.id and s.body_hash = encode(sha256(convert_to(a.body, 'UTF8')), 'hex'))`,
    [now],
  );
  return takeSnapshots(
    em,
    rows.map((r) => Number(r.id)),
    now,
  );
}

export interface ClaimDifference {
  directiveId: string;
  kind: string;
  label: string;
  publishedText: string;
  liveText: string;
  publishedValue: number | null;
  liveValue: number | null;
  publishedRevision: number;
  liveRevision: number;
}

const widgetSignature = (w: RankingWidgetValue) => JSON.stringify(w.rows.map((r) => [r.unitCode, r.rank, r.total]));
const widgetText = (w: RankingWidgetValue) =>
  w.rows
    .slice(0, 3)
    .map((r) => `${r.rank}. ${r.unitName} (${r.total})`)
    .join('; ');

/** What changed between the snapshot and the live values: facts by value, widgets by rows. */
export function differences(snapshot: Pick<BodySnapshot, 'widgets' | 'facts'>, live: ResolvedBody): ClaimDifference[] {
  const out: ClaimDifference[] = [];
  for (const old of snapshot.facts as FactValue[]) {
    const now = live.facts.get(old.id);
    if (now && now.value === old.value && now.year === old.year) continue;
    out.push({
      directiveId: old.id,
      kind: old.kind,
      label: old.meaning,
      publishedText: old.text,
      liveText: now?.text ?? 'không còn dữ liệu',
      publishedValue: old.value,
      liveValue: now?.value ?? null,
      publishedRevision: old.revision,
      liveRevision: now?.revision ?? old.revision,
    });
  }
  for (const old of snapshot.widgets as RankingWidgetValue[]) {
    const now = live.widgets.get(old.id);
    if (now && now.year === old.year && widgetSignature(now) === widgetSignature(old)) continue;
    out.push({
      directiveId: old.id,
      kind: 'ranking',
      label: `${old.indexName} ${old.year}`,
      publishedText: widgetText(old),
      liveText: now ? widgetText(now) : 'không còn dữ liệu',
      publishedValue: null,
      liveValue: null,
      publishedRevision: old.revision,
      liveRevision: now?.revision ?? old.revision,
    });
  }
  return out;
}

export interface StaleArticle {
  article: Article;
  snapshotTakenAt: Date;
  differences: ClaimDifference[];
  /** The corrections recorded after the snapshot, in the editions the claims came from. */
  corrections: ScoreRevision[];
}

export async function staleArticles(em: EntityManager, now: Date): Promise<StaleArticle[]> {
  const live = await em.find(
    Article,
    { state: { $in: [ArticleState.PUBLISHED, ArticleState.SCHEDULED] }, publishAt: { $lte: now } },
    { orderBy: { publishAt: 'desc', id: 'desc' } },
  );
  if (live.length === 0) return [];
  const snapshots = await em.find(BodySnapshot, { article: { $in: live.map((a) => a.id) } });
  const loaders = createBodyLoaders(em);
  const stale: StaleArticle[] = [];
  for (const article of live) {
    const snapshot = snapshots.find((s) => s.article.id === article.id && s.bodyHash === bodyHash(article.body));
    if (!snapshot) continue;
    const resolved = await resolveDirectives(parseCached(article.body).directives, loaders);
    const diff = differences(snapshot, resolved);
    if (diff.length) stale.push({ article, snapshotTakenAt: snapshot.takenAt, differences: diff, corrections: [] });
  }
  if (stale.length) {
    const corrections = await em.find(
      ScoreRevision,
      { changedAt: { $gt: new Date(Math.min(...stale.map((s) => s.snapshotTakenAt.getTime()))) } },
      { populate: ['edition', 'unit'], orderBy: { id: 'asc' } },
    );
    for (const s of stale) s.corrections = corrections.filter((c) => c.changedAt > s.snapshotTakenAt);
  }
  return stale;
}
