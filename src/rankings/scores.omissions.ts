/**
 * Imports never destroy by omission. A scores file holds the complete data of every edition it
 * names, so anything it leaves out would be read as "delete": a criterion column missing from
 * the header would blank that criterion for every unit, a unit missing from the rows would lose
 * its sheet. Both are refused here, naming what is missing; omissions must be explicit (a
 * column present with empty cells, a row with `remove=yes`).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Problems } from '../import-kit/problems';
import type { CriterionNode, Edition } from './edition.entity';
import { ScoreSheet } from './score.entity';

/**
 * Leaves of each named edition's tree that no header column covers (a leaf is covered by its own
 * column or by an ancestor's column, since a parent's points may be given directly).
 */
export function uncoveredCriteria(columns: Set<string>, tree: CriterionNode[]): CriterionNode[] {
  const byCode = new Map(tree.map((n) => [n.code.toLowerCase(), n]));
  const hasChildren = new Set(tree.filter((n) => n.parentCode).map((n) => n.parentCode!.toLowerCase()));
  const covered = (node: CriterionNode): boolean => {
    for (let n: CriterionNode | undefined = node; n; n = n.parentCode ? byCode.get(n.parentCode.toLowerCase()) : undefined) {
      if (columns.has(n.code.toLowerCase())) return true;
    }
    return false;
  };
  return tree.filter((n) => !hasChildren.has(n.code.toLowerCase()) && !covered(n)).sort((a, b) => a.position - b.position);
}

/** One problem per missing criterion column, on the header row, per edition the file names. */
export function checkCriteriaColumns(
  file: string,
  headerLine: number,
  columns: string[],
  editions: Edition[],
  treeOf: (edition: Edition) => CriterionNode[],
  problems: Problems,
): void {
  const present = new Set(columns);
  for (const edition of editions) {
    for (const node of uncoveredCriteria(present, treeOf(edition))) {
      problems.add(
        file,
        `the file names edition ${edition.year} of "${edition.index.slug}" but has no column "${node.code}" (${node.title}): a file holds the complete data of the editions it names, so add the column (empty cells mean "not scored")`,
        headerLine,
        node.code,
      );
    }
  }
}

/**
 * Units with a sheet in a named edition but no row in the file: refused, naming each unit.
 * `named` maps an edition id to the unit ids the file has rows for (kept or removed).
 */
export async function checkMissingUnits(em: EntityManager, file: string, editions: Edition[], named: Map<number, Set<number>>, problems: Problems): Promise<void> {
  if (editions.length === 0) return;
  const sheets = await em.find(ScoreSheet, { edition: { $in: editions.map((e) => e.id) } }, { populate: ['unit'], orderBy: { id: 'asc' } });
  const byId = new Map(editions.map((e) => [e.id, e]));
  for (const sheet of sheets) {
    if (named.get(sheet.edition.id)?.has(sheet.unit.id)) continue;
    const edition = byId.get(sheet.edition.id)!;
    problems.add(
      file,
      `unit ${sheet.unit.code} (${sheet.unit.name}) has scores in edition ${edition.year} of "${edition.index.slug}" but no row in this file: keep its row, or remove its scores explicitly with remove=yes`,
      undefined,
      'unit_code',
    );
  }
}
