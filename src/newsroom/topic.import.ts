/**
 * content/topics.yaml: the curated topic list, in editorial order:
 *   - slug: cai-cach-hanh-chinh
 *     name: Cải cách hành chính
 *     description: …
 * Upserts by slug; a topic missing from the file is kept (articles may still use it).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Problems } from '../import-kit/problems';
import type { ImportStats } from '../import-kit/stats';
import { nfcDeep, slugify } from '../text/vietnamese';
import { parseYamlLocated } from '../import-kit/located-yaml';
import { Topic } from './taxonomy.entity';
import { recordChange } from '../outbox/record';
import { taxonomyChanged } from './taxonomy.events';

export const TOPICS_FILE = 'topics.yaml';

export async function importTopics(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  const doc = parseYamlLocated(file, text, problems);
  if (!doc) return;
  const list = nfcDeep(doc.value);
  if (!Array.isArray(list)) {
    problems.add(file, 'expected a list of topics (- slug: …, name: …, description: …)', 1);
    return;
  }
  const rows: { slug: string; name: string; description: string | null }[] = [];
  const seen = new Map<string, number>();
  list.forEach((item: Record<string, unknown>, i) => {
    const bad = (field: string, message: string) => problems.add(file, message, doc.lineOf(`[${i}].${field}`) ?? doc.lineOf(`[${i}]`), field);
    const slug = String(item?.slug ?? '').trim();
    const name = String(item?.name ?? '').trim();
    if (!slug) bad('slug', 'slug is empty');
    else if (slugify(slug) !== slug) bad('slug', `slug "${slug}" is not in slug form (expected "${slugify(slug)}")`);
    else if (seen.has(slug)) bad('slug', `slug "${slug}" is listed twice`);
    if (!name) bad('name', 'name is empty');
    else if (name.length > 200) bad('name', 'name is too long (at most 200)');
    seen.set(slug, i);
    rows.push({ slug, name, description: item?.description == null ? null : String(item.description).trim() || null });
  });
  if (problems.any) return;
  const existing = new Map((await em.find(Topic, {})).map((t) => [t.slug, t]));
  const changed: Topic[] = [];
  rows.forEach((row, position) => {
    const topic = existing.get(row.slug);
    if (!topic) {
      changed.push(em.create(Topic, { ...row, position }));
      stats.created('topics');
    } else if (topic.name !== row.name || (topic.description ?? null) !== row.description || topic.position !== position) {
      Object.assign(topic, row, { position });
      changed.push(topic);
      stats.updated('topics');
    } else {
      stats.unchanged('topics');
    }
  });
  if (changed.length === 0) return;
  await em.flush(); // new topics get their ids, which the events name
  await recordChange(em, ...changed.map((t) => taxonomyChanged('topic', t)));
}
