/**
 * Who may do what with ranking data: everyone reads published indices, editions, tables and
 * score sheets (drafts are filtered per viewer by the queries); DATA_MANAGER accounts (and
 * ADMIN) create and publish editions, import and correct scores.
 */
import { type Actor, actorOf } from '../accounts/account-visibility';
import { Role } from '../core/roles';
import { assertWritable, requireRoles, type OperationPolicy } from '../core/policy';
import type { Viewer } from '../core/viewer';

const { DATA_MANAGER } = Role;

export const RANKING_OPERATIONS = {
  'Query.indices': 'PUBLIC',
  'Query.rankingIndex': 'PUBLIC',
  'Query.editions': 'PUBLIC',
  'Query.edition': 'PUBLIC',
  'Query.rankingTable': 'PUBLIC',
  'Query.unitHistory': 'PUBLIC',
  'Query.rankingFacts': 'PUBLIC',
  'Query.scoreSheet': 'PUBLIC',
  'Query.scoreRevisions': 'PUBLIC',
  'Mutation.createEdition': [DATA_MANAGER],
  'Mutation.publishEdition': [DATA_MANAGER],
  'Mutation.importScores': [DATA_MANAGER],
  'Mutation.correctScore': [DATA_MANAGER],
  // Embeddable widgets (SVG, PNG, HTML) are public pages: they read as anonymous, so drafts never show.
  'HTTP.rankingWidget': 'PUBLIC',
} as const satisfies OperationPolicy;

/** Ranking data is changed by DATA_MANAGER (and ADMIN) accounts with a writable credential. */
export function requireDataManager(viewer: Viewer): Actor {
  const staff = requireRoles(viewer, [DATA_MANAGER], 'data managers', 'change ranking data');
  assertWritable(staff);
  return actorOf(staff);
}
