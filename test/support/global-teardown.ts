/** jest globalTeardown: drops the template databases / removes the tarballs of this run. */
import { dropTemplates, templatesOfThisRun, TEMPLATES_ENV } from './templates';

export default async function globalTeardown(): Promise<void> {
  const templates = templatesOfThisRun();
  if (!templates) return;
  await dropTemplates(templates, process.env.DATABASE_URL);
  delete process.env[TEMPLATES_ENV];
}
