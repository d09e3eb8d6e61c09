/**
 * The ordered list of migrations. Listed explicitly (not globbed) so the same list works
 * under ts-jest, ts sources and compiled js. Written by `npm run db:migration:create`.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127001521 } from './Migration20261127001521';
import { Migration20261127002429 } from './Migration20261127002429';
import { Migration20261127002618 } from './Migration20261127002618';
import { Migration20261127002725 } from './Migration20261127002725';
import { Migration20261127003810 } from './Migration20261127003810';
import { Migration20261127005235 } from './Migration20261127005235';
import { Migration20261127012248 } from './Migration20261127012248';
import { Migration20261128185925 } from './Migration20261128185925';
import { Migration20261128190826 } from './Migration20261128190826';
import { Migration20261128214911 } from './Migration20261128214911';
import { Migration20261128220000 } from './Migration20261128220000';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127001521', class: Migration20261127001521 },
  { name: 'Migration20261127002429', class: Migration20261127002429 },
  { name: 'Migration20261127002618', class: Migration20261127002618 },
  { name: 'Migration20261127002725', class: Migration20261127002725 },
  { name: 'Migration20261127003810', class: Migration20261127003810 },
  { name: 'Migration20261127005235', class: Migration20261127005235 },
  { name: 'Migration20261127012248', class: Migration20261127012248 },
  { name: 'Migration20261128185925', class: Migration20261128185925 },
  { name: 'Migration20261128190826', class: Migration20261128190826 },
  { name: 'Migration20261128214911', class: Migration20261128214911 },
  { name: 'Migration20261128220000', class: Migration20261128220000 },
];
