import { type Env } from './env';
import { loadMediaConfig, type MediaConfig } from './media';
import { loadOutreachConfig, type OutreachConfig } from './outreach';

/**
 * What a content import needs when no server config is handed over (the CLI's single-file
 * import, scripts and tests): the media and outreach settings of the environment.
 */
export function loadImportConfig(env: Env = process.env): { media: MediaConfig; outreach: OutreachConfig } {
  return { media: loadMediaConfig(env), outreach: loadOutreachConfig(env) };
}
