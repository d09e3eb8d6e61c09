/**
 * What bodies add to the newsroom: directives are checked on save and publish; snapshots are
 * taken on going live. Handed to the newsroom where the app is assembled (src/main.ts,
 * src/server.ts, the content importer), never registered by importing this file.
 */
import type { NewsroomHooks } from '../newsroom/hooks';
import { validateBody } from './body.validate';
import { takeSnapshots } from './snapshot.service';

export const BODY_HOOKS: NewsroomHooks = {
  bodyValidators: [validateBody],
  wentLive: [
    async (em, ids, now) => {
      await takeSnapshots(em, ids, now);
    },
  ],
};
