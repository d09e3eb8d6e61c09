/** Checks shared by creating, editing and splitting items: every bad value names its field and a reason. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../accounts/user.entity';
import { BadInputError, ConflictError } from '../core/errors';
import { Article } from '../newsroom/article.entity';
import { Edition } from '../rankings/edition.entity';
import { RankingIndex } from '../rankings/index.entity';
import { EditionStatus } from '../rankings/ranking.enums';
import { Unit } from '../units/unit.entity';
import { absence, existsDuring, existsOn } from '../units/unit.validity';
import type { Campaign } from './campaign.entity';
import { Channel } from './channel.entity';
import { type OutreachItem, type RankingWidgetSpec } from './item.entity';
import { OutreachStatus, RankingWidgetView } from './outreach.enums';
import { localDate } from './recurrence';

export function checkTimes(startsAt: Date, endsAt: Date): void {
  if (Number.isNaN(startsAt.getTime())) throw new BadInputError('startsAt', 'startsAt is not a valid date-time');
  if (Number.isNaN(endsAt.getTime())) throw new BadInputError('endsAt', 'endsAt is not a valid date-time');
  if (endsAt <= startsAt) throw new BadInputError('endsAt', 'the end must come after the start', { reason: 'END_BEFORE_START' });
  if (endsAt.getTime() - startsAt.getTime() > 31 * 86400_000) throw new BadInputError('endsAt', 'one occurrence may last at most 31 days', { reason: 'TOO_LONG' });
}

export async function channelFor(em: EntityManager, code: string, campaign: Campaign): Promise<Channel> {
  const channel = await em.findOne(Channel, { code: code.trim().toLowerCase() });
  if (!channel) throw new BadInputError('channelCode', `unknown channel "${code}"`, { reason: 'UNKNOWN_CHANNEL' });
  if (!channel.active) throw new BadInputError('channelCode', `channel "${code}" is no longer in use`, { reason: 'CHANNEL_NOT_ALLOWED' });
  if (campaign.channelCodes.length > 0 && !campaign.channelCodes.includes(channel.code)) {
    throw new BadInputError('channelCode', `the campaign does not use channel "${code}" (allowed: ${campaign.channelCodes.join(', ')})`, { reason: 'CHANNEL_NOT_ALLOWED' });
  }
  return channel;
}

/** Units by code; every code must exist. */
export async function unitsByCode(em: EntityManager, codes: string[], field = 'unitCodes'): Promise<Unit[]> {
  const wanted = [...new Set(codes.map((c) => c.trim()))];
  const units = await em.find(Unit, { code: { $in: wanted } }, { populate: ['parent'] });
  const unknown = wanted.filter((c) => !units.some((u) => u.code === c));
  if (unknown.length > 0) throw new BadInputError(field, `unknown unit codes: ${unknown.join(', ')}`, { reason: 'UNKNOWN_UNIT', unknown });
  return wanted.map((c) => units.find((u) => u.code === c)!);
}

/** Refuses units that did not exist on any day of [from, to] (one day for an item), listing them. */
export function assertUnitsExist(units: Unit[], from: string, to: string, field: string): void {
  const gone = units.filter((u) => !existsDuring(u, from, to));
  if (gone.length === 0) return;
  const when = from === to ? `on ${from}` : `between ${from} and ${to}`;
  throw new BadInputError(field, `units not in existence ${when}: ${gone.map((u) => `${u.code} (${u.name}, ${absence(u, from)})`).join(', ')}`, {
    reason: 'UNIT_NOT_VALID',
    units: gone.map((u) => u.code),
  });
}

/**
 * An item's units: known, existing on the item's first day, and within the campaign's target
 * units (or under one of them). An empty list means the campaign's own target units that exist
 * on that day; when none does, the item is refused like an explicit list would be.
 */
export async function itemUnits(em: EntityManager, codes: string[], campaign: Campaign, startsAt: Date): Promise<Unit[]> {
  const day = localDate(startsAt);
  if (codes.length === 0) {
    const targets = campaign.targetUnits.getItems();
    const existing = targets.filter((u) => existsOn(u, day));
    if (targets.length > 0 && existing.length === 0) assertUnitsExist(targets, day, day, 'unitCodes');
    return existing;
  }
  const units = await unitsByCode(em, codes);
  assertUnitsExist(units, day, day, 'unitCodes');
  const allowed = new Set(campaign.targetUnits.getItems().map((u) => u.id));
  if (allowed.size > 0) {
    const outside = units.filter((u) => !allowed.has(u.id) && !(u.parent && allowed.has(u.parent.id)));
    if (outside.length > 0) {
      throw new BadInputError('unitCodes', `units outside the campaign's target units: ${outside.map((u) => u.code).join(', ')}`, {
        reason: 'UNIT_NOT_IN_CAMPAIGN',
        units: outside.map((u) => u.code),
      });
    }
  }
  return units;
}

/**
 * The articles to link, by id. An id the viewer could not read through `article(…)` (a draft, for a
 * planner) is refused exactly like an id that does not exist, so ids cannot be probed.
 */
export async function articlesById(em: EntityManager, ids: number[], canRead: (article: Article) => boolean): Promise<Article[]> {
  const wanted = [...new Set(ids)];
  const found = wanted.length ? await em.find(Article, { id: { $in: wanted } }) : [];
  const articles = found.filter(canRead);
  const unknown = wanted.filter((id) => !articles.some((a) => a.id === id));
  if (unknown.length > 0) throw new BadInputError('articleIds', `unknown articles: ${unknown.join(', ')}`, { reason: 'UNKNOWN_ARTICLE', unknown });
  return articles;
}

export interface WidgetFields {
  indexSlug: string;
  year?: number | null;
  view?: RankingWidgetView | null;
  areaCode?: string | null;
  highlightUnitCodes?: string[] | null;
}

export async function widgetSpec(em: EntityManager, input: WidgetFields | null | undefined): Promise<RankingWidgetSpec | null> {
  if (!input) return null;
  const index = await em.findOne(RankingIndex, { slug: input.indexSlug.trim() });
  if (!index) throw new BadInputError('widget.indexSlug', `unknown index "${input.indexSlug}"`, { reason: 'UNKNOWN_INDEX' });
  if (input.year != null && !(await em.findOne(Edition, { index, year: input.year }))) {
    throw new BadInputError('widget.year', `index "${index.slug}" has no edition ${input.year}`, { reason: 'UNKNOWN_EDITION' });
  }
  const highlight = input.highlightUnitCodes?.length ? (await unitsByCode(em, input.highlightUnitCodes, 'widget.highlightUnitCodes')).map((u) => u.code) : [];
  return { indexSlug: index.slug, year: input.year ?? null, view: input.view ?? RankingWidgetView.TABLE, areaCode: input.areaCode?.trim() || null, highlightUnitCodes: highlight };
}

export async function dependencyIndex(em: EntityManager, indexSlug: string | null | undefined, year: number | null | undefined): Promise<RankingIndex | null> {
  if (!indexSlug) return null;
  const index = await em.findOne(RankingIndex, { slug: indexSlug.trim() });
  if (!index) throw new BadInputError('dependsOn.indexSlug', `unknown index "${indexSlug}"`, { reason: 'UNKNOWN_INDEX' });
  if (!year || year < 1990 || year > 2100) throw new BadInputError('dependsOn.year', 'a dependency needs the year of the edition', { reason: 'YEAR_REQUIRED' });
  return index;
}

/** The assignee must be an enabled account of the campaign's organisation. */
export async function assigneeFor(em: EntityManager, userId: number | null | undefined, campaign: Campaign): Promise<User | null> {
  if (userId == null) return null;
  const user = await em.findOne(User, { id: userId, disabled: false });
  if (!user || user.organisation?.id !== campaign.organisation.id) {
    throw new BadInputError('assigneeId', 'the assignee must be an active account of the campaign organisation', { reason: 'UNKNOWN_ASSIGNEE' });
  }
  return user;
}

/** Whether the edition an item waits for has been published. */
export async function dependencyMet(em: EntityManager, item: OutreachItem): Promise<boolean> {
  if (!item.dependsOnIndex) return true;
  return (await em.count(Edition, { index: item.dependsOnIndex, year: item.dependsOnYear!, status: EditionStatus.PUBLISHED })) > 0;
}

export interface Outcome {
  reach?: number | null;
  notes?: string | null;
}

/** DONE needs an outcome; SCHEDULED needs an assignee and a met dependency. */
export async function checkStatusEntry(em: EntityManager, item: OutreachItem, to: OutreachStatus, outcome: Outcome | null | undefined): Promise<void> {
  if (to === OutreachStatus.DONE) checkOutcome(outcome);
  if (to === OutreachStatus.SCHEDULED) {
    if (!item.assignee) throw new BadInputError('assigneeId', 'assign someone before scheduling', { reason: 'ASSIGNEE_REQUIRED' });
    if (!(await dependencyMet(em, item))) {
      throw new ConflictError(`waits for edition ${item.dependsOnYear} of "${item.dependsOnIndex!.slug}" to be published`, { reason: 'DEPENDENCY_UNMET' });
    }
  }
}

export function checkOutcome(outcome: Outcome | null | undefined): asserts outcome is { reach: number; notes: string } {
  if (!outcome || outcome.reach == null || !Number.isInteger(outcome.reach) || outcome.reach < 0 || !outcome.notes?.trim()) {
    throw new BadInputError('outcome', 'DONE needs an outcome: reach (a whole number ≥ 0) and notes', { reason: 'OUTCOME_REQUIRED' });
  }
}

export function checkVersion(current: number, sent: number, what: string): void {
  if (current !== sent) {
    throw new ConflictError(`${what} was changed in the meantime (version ${current}, you sent ${sent}): reload and try again`, {
      reason: 'STALE_VERSION',
      currentVersion: current,
    });
  }
}

/**
 * Optimistic locking: moves the row from the version the client saw to the next one with a
 * conditional UPDATE, so of two concurrent edits of the same version exactly one wins.
 */
export async function claimVersion(em: EntityManager, entity: OutreachItem | Campaign, sent: number, what: string): Promise<void> {
  checkVersion(entity.version, sent, what);
  const claimed = await em.nativeUpdate(entity.constructor as typeof OutreachItem, { id: entity.id, version: sent }, { version: sent + 1 });
  if (claimed === 0) throw new ConflictError(`${what} was changed in the meantime: reload and try again`, { reason: 'STALE_VERSION' });
  entity.version = sent + 1;
}

/**
 * Flushes an edit. With the version the client sent, first claims the next version (after every
 * check passed, so a refused edit leaves the version alone).
 */
export async function flushChecked(em: EntityManager, claim?: { entity: OutreachItem | Campaign; sent: number; what: string }): Promise<void> {
  if (claim) await claimVersion(em, claim.entity, claim.sent, claim.what);
  await em.flush();
}
