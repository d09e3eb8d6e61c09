/**
 * `npm run export`: writes the scores in the database back into `content/data/<slug>.scores.csv`
 * so the files follow the database (corrections made through the API included). The leading `#`
 * comments of an existing file (sources, the illustrative warning) are kept; importing the
 * written files changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CriterionNode, Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import { ScoreSheet } from './score.entity';

export interface ExportResult {
  written: string[];
  unchanged: string[];
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const byCode = (a: string, b: string) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b));

/** The scores CSV of one index: every edition with data, oldest first, units by code. */
export async function scoresCsv(em: EntityManager, index: RankingIndex, comments: string[]): Promise<string | null> {
  const editions = await em.find(Edition, { index }, { orderBy: { year: 'asc' } });
  const sheets = await em.find(ScoreSheet, { edition: { $in: editions.map((e) => e.id) } }, { populate: ['unit'] });
  if (sheets.length === 0) return null;
  const nodes = await em.find(CriterionNode, { edition: { $in: editions.map((e) => e.id) } }, { orderBy: { position: 'asc' } });
  const columns: string[] = [];
  for (const edition of editions) {
    const tree = nodes.filter((n) => n.edition.id === edition.id);
    const parents = new Set(tree.map((n) => n.parentCode).filter(Boolean));
    const given = new Set(sheets.filter((s) => s.edition.id === edition.id).flatMap((s) => Object.keys(s.points)));
    // Every leaf (so the file covers the tree) and any parent given directly.
    for (const n of tree) if ((!parents.has(n.code) || given.has(n.code)) && !columns.includes(n.code)) columns.push(n.code);
  }
  const year = new Map(editions.map((e) => [e.id, e.year]));
  const rows = sheets
    .sort((a, b) => year.get(a.edition.id)! - year.get(b.edition.id)! || byCode(a.unit.code, b.unit.code))
    .map((s) =>
      [index.slug, String(year.get(s.edition.id)), s.unit.code, s.unit.name, num(s.reportedTotal), num(s.reportedRank), ...columns.map((c) => num(s.points[c]))]
        .map(cell)
        .join(','),
    );
  const header = ['index', 'year', 'unit_code', 'unit_name', 'reported_total', 'reported_rank', ...columns].join(',');
  return [...comments, header, ...rows].join('\n') + '\n';
}

/** Leading comment lines of a file (kept on export). */
function leadingComments(file: string): string[] {
  if (!fs.existsSync(file)) return ['# Written by npm run export.'];
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(0, end === -1 ? lines.length : end);
}

export async function exportScores(em: EntityManager, contentDir: string): Promise<ExportResult> {
  const result: ExportResult = { written: [], unchanged: [] };
  const dir = path.join(contentDir, 'data');
  fs.mkdirSync(dir, { recursive: true });
  for (const index of await em.find(RankingIndex, {}, { orderBy: { slug: 'asc' } })) {
    const file = path.join(dir, `${index.slug}.scores.csv`);
    const text = await scoresCsv(em, index, leadingComments(file));
    if (text === null) continue;
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) result.unchanged.push(file);
    else {
      fs.writeFileSync(file, text);
      result.written.push(file);
    }
  }
  return result;
}
