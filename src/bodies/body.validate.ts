/**
 * Checks a body's directives against the data before it is saved or published: unknown index,
 * edition, unit or area, each an error with its line. Parse errors come first.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CriterionNode, Edition } from '../rankings/edition.entity';
import { RankingIndex } from '../rankings/index.entity';
import { EditionStatus } from '../rankings/ranking.enums';
import { RankingResult } from '../rankings/result.entity';
import { Unit } from '../units/unit.entity';
import { parseCached } from './body.cache';
import type { Directive, DirectiveError } from './directives';
import { pickEdition } from './body.resolve';

export async function validateBody(em: EntityManager, body: string): Promise<DirectiveError[]> {
  const parsed = parseCached(body);
  const errors: DirectiveError[] = [...parsed.errors];
  const data = parsed.directives.filter((d) => d.kind !== 'related' && d.index) as Exclude<Directive, { kind: 'related' }>[];
  if (data.length) errors.push(...(await checkData(em, data)));
  // Pinned related slugs are not checked: a pin may name an article written later (or imported
  // after this one); until it is live it simply does not show.
  return errors.sort((a, b) => a.line - b.line);
}

async function checkData(em: EntityManager, directives: Exclude<Directive, { kind: 'related' }>[]): Promise<DirectiveError[]> {
  const errors: DirectiveError[] = [];
  const slugs = [...new Set(directives.map((d) => d.index))];
  const indices = await em.find(RankingIndex, { slug: { $in: slugs } });
  const editions = await em.find(Edition, { index: { slug: { $in: slugs } }, status: EditionStatus.PUBLISHED }, { populate: ['index'], orderBy: { year: 'asc' } });
  const unitCodes = [...new Set(directives.flatMap((d) => (d.kind === 'ranking' ? d.highlight : [d.unit])))];
  const units = new Set((await em.find(Unit, { code: { $in: unitCodes } }, { fields: ['code'] })).map((u) => u.code));
  const used = new Map<number, Edition>();
  // Listed once for all the error messages that need it, not per directive.
  let knownIndices: string | undefined;
  for (const d of directives) {
    const label = d.kind === 'ranking' ? 'ranking' : `fact ${d.kind}`;
    if (!indices.some((i) => i.slug === d.index)) {
      knownIndices ??= (await em.find(RankingIndex, {}, { fields: ['slug'] })).map((i) => i.slug).join(', ');
      errors.push({ line: d.line, message: `${label}: unknown index "${d.index}" (known: ${knownIndices})` });
      continue;
    }
    const edition = pickEdition(
      editions.filter((e) => e.index.slug === d.index),
      d.edition,
    );
    if (!edition) {
      errors.push({ line: d.line, message: `${label}: index "${d.index}" has no published edition ${d.edition === 'latest' ? 'yet' : d.edition}` });
      continue;
    }
    used.set(edition.id, edition);
    for (const code of d.kind === 'ranking' ? d.highlight : [d.unit]) if (!units.has(code)) errors.push({ line: d.line, message: `${label}: unknown unit "${code}"` });
  }
  if (used.size === 0) return errors;
  const ids = [...used.keys()];
  const [areas, ranked] = await Promise.all([
    em.find(CriterionNode, { edition: { $in: ids }, parentCode: null }, { fields: ['code', 'edition'] }),
    em.find(RankingResult, { edition: { $in: ids } }, { fields: ['edition', 'unit'], populate: ['unit'] }),
  ]);
  for (const d of directives) {
    const edition = pickEdition(
      editions.filter((e) => e.index.slug === d.index),
      d.edition,
    );
    if (!edition) continue;
    const label = d.kind === 'ranking' ? 'ranking' : `fact ${d.kind}`;
    if (d.area && !areas.some((a) => a.edition.id === edition.id && a.code === d.area)) {
      errors.push({
        line: d.line,
        message: `${label}: edition ${edition.year} of "${d.index}" has no area "${d.area}" (areas: ${areas
          .filter((a) => a.edition.id === edition.id)
          .map((a) => a.code)
          .join(', ')})`,
      });
    }
    if (d.kind !== 'ranking' && units.has(d.unit) && !ranked.some((r) => r.edition.id === edition.id && r.unit.code === d.unit)) {
      errors.push({ line: d.line, message: `${label}: unit ${d.unit} is not ranked in edition ${edition.year} of "${d.index}"` });
    }
  }
  return errors;
}
