/** Content steps for content/data: methodology files first, then score files (see docs/rankings.md). */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Problems } from '../content/problems';
import type { ImportStats } from '../content/stats';
import { applyMethodology } from './methodology.apply';
import { parseMethodology } from './methodology.parse';
import { SheetWriter } from './scores.apply';
import { parseScores, ParsedSheet, SheetValues } from './scores.parse';
import type { Edition } from './edition.entity';
import type { Unit } from '../units/unit.entity';

export const isMethodologyFile = (name: string) => /\.methodology\.(ya?ml|json)$/i.test(name);
export const isScoresFile = (name: string) => /\.scores\.csv$/i.test(name);

/** Files of content/data matching a predicate, as paths relative to the content directory, sorted. */
export function dataFiles(contentDir: string, accept: (name: string) => boolean): string[] {
  const dir = path.join(contentDir, 'data');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter(accept).sort().map((n) => path.join('data', n));
}

export async function importMethodologyFile(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  // Problems of earlier files must not stop this one from being checked (and reported) fully.
  const mark = problems.list.length;
  const spec = parseMethodology(file, text, problems);
  if (!spec || problems.list.length > mark) return;
  await applyMethodology(em, file, spec, problems, stats);
}

/** Groups parsed rows by edition; a file holds the complete data of every edition it names. */
export function groupByEdition(sheets: ParsedSheet[]): Map<Edition, Map<number, { unit: Unit; values: SheetValues }>> {
  const groups = new Map<Edition, Map<number, { unit: Unit; values: SheetValues }>>();
  for (const s of sheets) {
    const group = groups.get(s.edition) ?? groups.set(s.edition, new Map()).get(s.edition)!;
    group.set(s.unit.id, { unit: s.unit, values: { points: s.points, reportedTotal: s.reportedTotal, reportedRank: s.reportedRank } });
  }
  return groups;
}

export async function importScoresText(
  em: EntityManager,
  file: string,
  text: string,
  problems: Problems,
  writer: SheetWriter,
): Promise<void> {
  const mark = problems.list.length;
  const sheets = await parseScores(em, file, text, problems);
  if (problems.list.length > mark) return;
  for (const [edition, incoming] of groupByEdition(sheets)) await writer.write(edition, incoming, true);
  await writer.finish();
}

export async function importScoresFile(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  const writer = new SheetWriter(em, { who: { userId: null, name: 'content import' }, via: path.basename(file), at: new Date() }, stats);
  await importScoresText(em, file, text, problems, writer);
}
