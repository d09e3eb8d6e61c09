/** Wires bodies into the newsroom: directives are checked on save and publish; snapshots taken on going live. */
import { registerBodyValidator, registerWentLiveHook } from '../newsroom/hooks';
import { validateBody } from './body.validate';
import { takeSnapshots } from './snapshot.service';

export function installBodyHooks(): void {
  registerBodyValidator(validateBody);
  registerWentLiveHook(async (em, ids, now) => {
    await takeSnapshots(em, ids, now);
  });
}

installBodyHooks();
