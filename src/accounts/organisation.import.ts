/** Imports content/organisations.yaml: a list of { slug, name, kind }, upserted by slug. */
import type { EntityManager } from '@mikro-orm/postgresql';
import YAML from 'yaml';
import type { Problems } from '../import-kit/problems';
import type { ImportStats } from '../import-kit/stats';
import { slugify } from '../text/vietnamese';
import { Organisation, OrganisationKind } from './organisation.entity';

export const ORGANISATIONS_FILE = 'organisations.yaml';
const KINDS = new Set<string>(Object.values(OrganisationKind));

export async function importOrganisations(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  let doc: unknown;
  try {
    doc = YAML.parse(text.normalize('NFC'));
  } catch (e) {
    problems.add(file, `not valid YAML: ${(e as Error).message}`);
    return;
  }
  if (!Array.isArray(doc)) {
    problems.add(file, 'expected a list of organisations');
    return;
  }
  const seen = new Set<string>();
  const rows: { slug: string; name: string; kind: OrganisationKind }[] = [];
  doc.forEach((item: Record<string, unknown>, i) => {
    const row = i + 1;
    const name = typeof item?.name === 'string' ? item.name.trim() : '';
    const slug = typeof item?.slug === 'string' && item.slug ? item.slug : slugify(name);
    const kind = String(item?.kind ?? 'OTHER');
    if (!name) problems.add(file, 'name is required', row, 'name');
    if (slug !== slugify(slug)) problems.add(file, `slug "${slug}" must be lowercase ASCII words joined by hyphens`, row, 'slug');
    if (seen.has(slug)) problems.add(file, `duplicate slug "${slug}"`, row, 'slug');
    if (!KINDS.has(kind)) problems.add(file, `unknown kind "${kind}" (expected ${[...KINDS].join(', ')})`, row, 'kind');
    seen.add(slug);
    rows.push({ slug, name, kind: kind as OrganisationKind });
  });
  if (problems.any) return;
  const existing = new Map((await em.find(Organisation, { slug: { $in: [...seen] } })).map((o) => [o.slug, o]));
  for (const row of rows) {
    const org = existing.get(row.slug);
    if (!org) {
      em.create(Organisation, row);
      stats.created('organisations');
    } else if (org.name !== row.name || org.kind !== row.kind) {
      em.assign(org, row);
      stats.updated('organisations');
    } else stats.unchanged('organisations');
  }
}
