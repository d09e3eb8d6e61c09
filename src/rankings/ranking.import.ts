/** Content steps for content/data: methodology files first, then score files (see docs/rankings.md). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Problems } from '../import-kit/problems';
import type { ImportStats } from '../import-kit/stats';
import { applyMethodology } from './methodology.apply';
import { parseMethodology } from './methodology.parse';
import { SheetWriter } from './scores.apply';
import { parseScores, type ParsedSheet, type SheetValues } from './scores.parse';
import { checkMissingUnits } from './scores.omissions';
import { describeCorrection, overwrittenCorrections } from './scores.corrections';
import type { Edition } from './edition.entity';
import type { Unit } from '../units/unit.entity';

export const isMethodologyFile = (name: string) => /\.methodology\.(ya?ml|json)$/i.test(name);
export const isScoresFile = (name: string) => /\.scores\.csv$/i.test(name);

/** Files of content/data matching a predicate, as paths relative to the content directory, sorted. */
export function dataFiles(contentDir: string, accept: (name: string) => boolean): string[] {
  const dir = path.join(contentDir, 'data');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(accept)
    .sort()
    .map((n) => path.join('data', n));
}

export async function importMethodologyFile(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  // Problems of earlier files must not stop this one from being checked (and reported) fully.
  const mark = problems.list.length;
  const spec = parseMethodology(file, text, problems);
  if (!spec || problems.list.length > mark) return;
  await applyMethodology(em, file, spec, problems, stats);
}

/** Groups parsed rows by edition; a file holds the complete data of every edition it names. */
export interface EditionRows {
  incoming: Map<number, { unit: Unit; values: SheetValues }>;
  /** Units whose sheet the file removes explicitly (`remove=yes`). */
  removals: Unit[];
}

export function groupByEdition(sheets: ParsedSheet[]): Map<Edition, EditionRows> {
  const groups = new Map<Edition, EditionRows>();
  for (const s of sheets) {
    const group = groups.get(s.edition) ?? groups.set(s.edition, { incoming: new Map(), removals: [] }).get(s.edition)!;
    if (s.remove) group.removals.push(s.unit);
    else group.incoming.set(s.unit.id, { unit: s.unit, values: { points: s.points, reportedTotal: s.reportedTotal, reportedRank: s.reportedRank } });
  }
  return groups;
}

/** A forced import may overwrite API corrections; it must say why (recorded on every revision). */
export interface ScoreImportOptions {
  force?: boolean;
}

export async function importScoresText(em: EntityManager, file: string, text: string, problems: Problems, writer: SheetWriter, options: ScoreImportOptions = {}): Promise<void> {
  const mark = problems.list.length;
  const sheets = await parseScores(em, file, text, problems);
  if (problems.list.length > mark) return;
  const groups = groupByEdition(sheets);
  const named = new Map([...groups].map(([e, g]) => [e.id, new Set([...g.incoming.keys(), ...g.removals.map((u) => u.id)])]));
  await checkMissingUnits(em, file, [...groups.keys()], named, problems);
  if (!options.force) {
    const lineOf = new Map(sheets.map((s) => [`${s.edition.id}|${s.unit.id}`, s.line]));
    for (const [edition, { incoming, removals }] of groups) {
      for (const c of await overwrittenCorrections(em, edition, incoming, removals)) {
        problems.add(file, describeCorrection(edition, c), lineOf.get(`${edition.id}|${c.unit.id}`), c.field);
      }
    }
  }
  if (problems.list.length > mark) return;
  for (const [edition, { incoming, removals }] of groups) await writer.write(edition, incoming, removals);
  await writer.finish();
}

/** `npm run import -- --force --reason "…"`: who ran it is the operating-system account. */
export interface ForcedImport {
  reason: string;
}

export async function importScoresFile(
  em: EntityManager,
  file: string,
  text: string,
  problems: Problems,
  stats: ImportStats,
  context?: { force?: ForcedImport | null },
): Promise<void> {
  const force = context?.force ?? null;
  const name = force ? `content import (${os.userInfo().username})` : 'content import';
  const writer = new SheetWriter(em, { who: { userId: null, name }, via: path.basename(file), reason: force?.reason ?? null, at: new Date() }, stats);
  await importScoresText(em, file, text, problems, writer, { force: !!force });
}
