/** Test helpers: a content directory holding only units, subjects and ranking data, and CSV builders. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/core/roles';
import type { Database } from '../../src/db/orm';
import { importContent } from '../../src/content/importer';
import { signedInAs } from '../support/accounts';

const CONTENT = path.resolve(__dirname, '../../content');

/**
 * A temporary content directory with the shipped units and subjects plus the given data files (name → text);
 * `shipped: true` also copies the shipped ranking files of content/data.
 */
export function rankingContent(files: Record<string, string> = {}, options: { shipped?: boolean; units?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-rankings-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'units.csv'), options.units ?? fs.readFileSync(path.join(CONTENT, 'units.csv'), 'utf8'));
  // Ministries and other subjects that are not territories (the shipped ministries index ranks them).
  fs.copyFileSync(path.join(CONTENT, 'subjects.csv'), path.join(dir, 'subjects.csv'));
  if (options.shipped) {
    for (const name of fs.readdirSync(path.join(CONTENT, 'data'))) {
      if (/\.(methodology\.(ya?ml|json)|scores\.csv)$/.test(name)) fs.copyFileSync(path.join(CONTENT, 'data', name), path.join(dir, 'data', name));
    }
  }
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'data', name), text);
  return dir;
}

/** A small methodology: two areas (A max 60 with A1 40 + A2 20, B max 40), editions as given. */
export function smallMethodology(slug: string, years: number[], extra = ''): string {
  return `index:
  slug: ${slug}
  name: Chỉ số thử nghiệm ${slug}
  level: DISTRICT
  scope: "42"
  illustrative: true
  top_n: 2
${extra}
tree: &tree
  - code: A
    title: Lĩnh vực A
    max: 60
    children:
      - { code: A1, title: Tiêu chí A1, max: 40, component: APPRAISED }
      - { code: A2, title: Tiêu chí A2, max: 20, component: SURVEY }
  - { code: B, title: Lĩnh vực B, max: 40 }
editions:
${years.map((y) => `  - { year: ${y}, title: Năm ${y}, status: PUBLISHED, criteria: *tree }`).join('\n')}
`;
}

/** Scores rows: [year, unit, A1, A2, B] (a total = A1 + A2 + B). */
export function smallScores(slug: string, rows: [number, string, number, number, number][]): string {
  return `index,year,unit_code,A1,A2,B\n${rows.map(([y, u, a1, a2, b]) => `${slug},${y},${u},${a1},${a2},${b}`).join('\n')}\n`;
}

/** The small index `slug` with its 2024 edition only: Thành phố Hà Tĩnh (436) 95 points, Hồng Lĩnh (437) 75. */
export async function importSmallIndex(db: Database, slug: string): Promise<void> {
  await importContent(
    db.orm,
    rankingContent({
      [`${slug}.methodology.yaml`]: smallMethodology(slug, [2024]),
      [`${slug}.scores.csv`]: smallScores(slug, [
        [2024, '436', 40, 20, 35],
        [2024, '437', 30, 15, 30],
      ]),
    }),
  );
}

/** The shipped units plus `n` generated district-level units under Hà Tĩnh (codes 10000…). */
export function unitsWithGenerated(n: number): string {
  const shipped = fs.readFileSync(path.join(CONTENT, 'units.csv'), 'utf8').trimEnd();
  const extra = Array.from({ length: n }, (_, i) => `${10000 + i},Huyện Thử Nghiệm ${i + 1},district,42,,,`);
  return `${shipped}\n${extra.join('\n')}\n`;
}

export const generatedCodes = (n: number) => Array.from({ length: n }, (_, i) => String(10000 + i));

/** A signed-in data manager (create once per file, in beforeAll: hashing is slow); rankings record its email as who. */
export const signedInDataManager = (db: Database, now?: () => Date) => signedInAs(db, [Role.DATA_MANAGER], { displayName: 'Nguyễn Văn Dữ Liệu', now });
