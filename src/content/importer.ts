/**
 * Imports the repo's content/ folder in one transaction: every step validates and reports
 * its problems; if any step found problems, everything is rolled back and all problems
 * are reported together. Re-running on unchanged content changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { importUnits, SUBJECTS_FILE } from '../units/unit.import';
import { importOrganisations, ORGANISATIONS_FILE } from '../accounts/organisation.import';
import { articleFiles, importArticleFile } from '../newsroom/article.import';
import { importTopics, TOPICS_FILE } from '../newsroom/topic.import';
import { dataFiles, type ForcedImport, importMethodologyFile, importScoresFile, isMethodologyFile, isScoresFile } from '../rankings/ranking.import';
import { importOutreachFile, outreachFiles } from '../outreach/outreach.import';
import { ImportFailedError, Problems } from '../import-kit/problems';
import { BODY_HOOKS } from '../bodies/body.hooks';
import type { NewsroomHooks } from '../newsroom/hooks';
import { ImportStats } from '../import-kit/stats';
import { loadImportConfig, type MediaConfig, type OutreachConfig } from '../config';
import { FsStorage } from '../media/media.storage';
import type { MediaStorage } from '../media/media.storage';

/** What steps may need beyond the transaction: where generated sample pictures go. */
export interface ImportContext {
  media: MediaConfig;
  /** Slot length and series limits that imported outreach items are checked against. */
  outreach: OutreachConfig;
  storage: MediaStorage;
  /** Body validation on save (articles are checked against the ranking data on import too). */
  newsroom: NewsroomHooks;
  /** `--force --reason`: score files may overwrite corrections made through the API. */
  force?: ForcedImport | null;
}

/** The server passes its config; without one (scripts, tests) the environment's applies (src/config/). */
function importContext(given: Partial<ImportContext>): ImportContext {
  const fallback = given.media && given.outreach ? null : loadImportConfig();
  const media = given.media ?? fallback!.media;
  const outreach = given.outreach ?? fallback!.outreach;
  // The importer assembles every feature's import step, bodies' checks included (explicitly, not
  // by a side-effect import); a caller may hand over its own hooks.
  const newsroom = given.newsroom ?? BODY_HOOKS;
  return { media, outreach, storage: given.storage ?? new FsStorage(media.dir), newsroom, force: given.force ?? null };
}

export interface ContentStep {
  name: string;
  /** Files of this step, relative to the content directory, in import order. */
  files(contentDir: string): string[];
  /** Whether a single file given to `npm run import -- <file>` belongs to this step. */
  accepts?(fileName: string): boolean;
  run(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats, context: ImportContext): Promise<void>;
}

export const CONTENT_STEPS: ContentStep[] = [
  // Units, then ranked bodies that are not territories (ministries, departments) in the same format.
  { name: 'units', files: (dir) => existing(dir, ['units.csv', SUBJECTS_FILE]), accepts: (name) => name === SUBJECTS_FILE, run: importUnits },
  { name: 'organisations', files: (dir) => existing(dir, [ORGANISATIONS_FILE]), run: importOrganisations },
  { name: 'topics', files: (dir) => existing(dir, [TOPICS_FILE]), run: importTopics },
  { name: 'ranking methodologies', files: (dir) => dataFiles(dir, isMethodologyFile), accepts: isMethodologyFile, run: importMethodologyFile },
  { name: 'ranking scores', files: (dir) => dataFiles(dir, isScoresFile), accepts: isScoresFile, run: importScoresFile },
  // Articles come after the ranking data: their bodies' widgets and facts are checked against it.
  { name: 'articles', files: articleFiles, run: importArticleFile },
  { name: 'outreach', files: outreachFiles, run: importOutreachFile },
];

function existing(dir: string, names: string[]): string[] {
  return names.filter((n) => fs.existsSync(path.join(dir, n)));
}

export interface ImportResult {
  stats: ImportStats;
  files: string[];
}

export async function importContent(orm: MikroORM, contentDir: string, steps: ContentStep[] = CONTENT_STEPS, given: Partial<ImportContext> = {}): Promise<ImportResult> {
  const context = importContext(given);
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
        await step.run(em, file, fs.readFileSync(file, 'utf8'), problems, stats, context);
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

/** Imports one file (a scores CSV or a methodology YAML/JSON) in its own transaction, all-or-nothing. */
export async function importFile(orm: MikroORM, file: string, steps: ContentStep[] = CONTENT_STEPS, given: Partial<ImportContext> = {}): Promise<ImportResult> {
  const step = steps.find((s) => s.accepts?.(path.basename(file)));
  if (!step) throw new ImportFailedError([{ file, message: 'cannot tell what this file is: expected subjects.csv, *.scores.csv or *.methodology.yaml|yml|json' }]);
  const problems = new Problems(process.cwd());
  const stats = new ImportStats();
  const em = orm.em.fork() as EntityManager;
  await em.begin();
  try {
    await step.run(em, file, fs.readFileSync(file, 'utf8'), problems, stats, importContext(given));
    if (problems.any) throw new ImportFailedError(problems.list);
    await em.flush();
    await em.commit();
  } catch (e) {
    await em.rollback();
    throw e;
  }
  return { stats, files: [file] };
}
