/**
 * Imports the repo's content/ folder in one transaction: every step validates and reports
 * its problems; if any step found problems, everything is rolled back and all problems
 * are reported together. Re-running on unchanged content changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { importUnits } from '../units/unit.import';
import { ImportFailedError, Problems } from './problems';
import { ImportStats } from './stats';

export interface ContentStep {
  name: string;
  /** Files of this step, relative to the content directory, in import order. */
  files(contentDir: string): string[];
  run(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void>;
}

export const CONTENT_STEPS: ContentStep[] = [
  { name: 'units', files: (dir) => existing(dir, ['units.csv']), run: importUnits },
];

function existing(dir: string, names: string[]): string[] {
  return names.filter((n) => fs.existsSync(path.join(dir, n)));
}

export interface ImportResult {
  stats: ImportStats;
  files: string[];
}

export async function importContent(orm: MikroORM, contentDir: string, steps: ContentStep[] = CONTENT_STEPS): Promise<ImportResult> {
  const problems = new Problems(path.dirname(contentDir));
  const stats = new ImportStats();
  const files: string[] = [];
  if (!fs.existsSync(contentDir)) throw new ImportFailedError([{ file: contentDir, message: 'content directory does not exist' }]);
  const em = orm.em.fork() as EntityManager;
  await em.begin();
  try {
    for (const step of steps) {
      for (const name of step.files(contentDir)) {
        const file = path.join(contentDir, name);
        files.push(file);
        await step.run(em, file, fs.readFileSync(file, 'utf8'), problems, stats);
        if (!problems.any) await em.flush();
      }
    }
    if (problems.any) throw new ImportFailedError(problems.list);
    await em.commit();
  } catch (e) {
    await em.rollback();
    throw e;
  }
  return { stats, files };
}
