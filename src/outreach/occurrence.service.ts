/**
 * Edits of one occurrence ("edit this occurrence": an override; "delete this occurrence": an
 * EXDATE) and of "this and following" (the series is split in two items at that occurrence).
 * Every edit bumps the item's version, so two planners cannot silently overwrite each other.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutreachConfig } from '../config';
import { BadInputError, ConflictError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { OccurrenceOverride, OutreachItem } from './item.entity';
import { checkOutcome, checkStatusEntry, checkTimes, checkVersion, flushChecked, type Outcome } from './item.rules';
import { type ItemFields, ItemService, refreshBounds } from './item.service';
import { canMove, OutreachStatus } from './outreach.enums';
import { allStarts, isOccurrence, splitRule } from './recurrence';
import { nfcTrim } from '../text/vietnamese';

export interface OccurrenceFields {
  startsAt?: Date | null;
  endsAt?: Date | null;
  title?: string | null;
  brief?: string | null;
  status?: OutreachStatus | null;
  outcome?: Outcome | null;
}

export class OccurrenceService {
  private readonly items: ItemService;
  constructor(
    private readonly em: EntityManager,
    viewer: Viewer,
    config: OutreachConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.items = new ItemService(em, viewer, config, now);
  }

  private async target(itemId: number, version: number, originalStart: Date): Promise<OutreachItem> {
    const item = await this.items.get(itemId);
    checkVersion(item.version, version, 'the item');
    if (!isOccurrence(item.rrule, item.startsAt, originalStart) || item.exdates.includes(originalStart.toISOString())) {
      throw new BadInputError('occurrenceStart', `the item has no occurrence starting at ${originalStart.toISOString()}`, { reason: 'UNKNOWN_OCCURRENCE' });
    }
    return item;
  }

  /** Edit this occurrence only: times, texts, or its own status (e.g. DONE with its outcome). */
  async edit(itemId: number, version: number, originalStart: Date, patch: OccurrenceFields): Promise<OutreachItem> {
    const item = await this.target(itemId, version, originalStart);
    let o = item.overrides.getItems().find((x) => x.originalStart.getTime() === originalStart.getTime());
    const duration = item.endsAt.getTime() - item.startsAt.getTime();
    if (!o) {
      o = this.em.create(OccurrenceOverride, { item, originalStart, startsAt: originalStart, endsAt: new Date(originalStart.getTime() + duration) });
      item.overrides.add(o);
    }
    if (patch.startsAt) o.startsAt = patch.startsAt;
    if (patch.endsAt) o.endsAt = patch.endsAt;
    else if (patch.startsAt) o.endsAt = new Date(patch.startsAt.getTime() + duration);
    checkTimes(o.startsAt, o.endsAt);
    if (patch.title != null) o.title = patch.title.trim() ? nfcTrim(patch.title) : null;
    if (patch.brief != null) o.brief = nfcTrim(patch.brief);
    if (patch.status != null) {
      const from = o.status ?? item.status;
      if (!canMove(from, patch.status))
        throw new BadInputError('status', `an occurrence cannot move from ${from} to ${patch.status}`, { reason: 'INVALID_TRANSITION', from, to: patch.status });
      await checkStatusEntry(this.em, item, patch.status, patch.outcome);
      if (patch.status === OutreachStatus.DONE) {
        checkOutcome(patch.outcome);
        o.outcomeReach = patch.outcome.reach;
        o.outcomeNotes = nfcTrim(patch.outcome.notes);
      }
      o.status = patch.status;
    }
    return this.save(item, version);
  }

  /** Removes one occurrence from the series (an exception, EXDATE). */
  async remove(itemId: number, version: number, originalStart: Date): Promise<OutreachItem> {
    const item = await this.target(itemId, version, originalStart);
    if (!item.rrule) throw new BadInputError('occurrenceStart', 'a single item has no occurrence to remove: cancel the item instead', { reason: 'NOT_RECURRING' });
    const o = item.overrides.getItems().find((x) => x.originalStart.getTime() === originalStart.getTime());
    if (o) item.overrides.remove(o);
    item.exdates = [...item.exdates, originalStart.toISOString()].sort();
    if (item.exdates.length >= allStarts(item.rrule, item.startsAt).length)
      throw new ConflictError('this would remove every occurrence: cancel the item instead', { reason: 'EMPTY_SERIES' });
    return this.save(item, version);
  }

  /** Puts back an occurrence removed earlier. */
  async restore(itemId: number, version: number, originalStart: Date): Promise<OutreachItem> {
    const item = await this.items.get(itemId);
    checkVersion(item.version, version, 'the item');
    const iso = originalStart.toISOString();
    if (!item.exdates.includes(iso)) throw new BadInputError('occurrenceStart', 'this occurrence was not removed', { reason: 'UNKNOWN_OCCURRENCE' });
    item.exdates = item.exdates.filter((d) => d !== iso);
    return this.save(item, version);
  }

  /**
   * This and following: the series ends just before `originalStart`, and a new item (returned)
   * carries the rest with the patch applied. Exceptions and overrides from there on move along
   * when the times stay the same; with new times they no longer match and are dropped.
   */
  async split(itemId: number, version: number, originalStart: Date, patch: ItemFields): Promise<OutreachItem> {
    const item = await this.target(itemId, version, originalStart);
    if (!item.rrule) throw new BadInputError('occurrenceStart', 'only a recurring item can be split', { reason: 'NOT_RECURRING' });
    if (originalStart.getTime() === item.startsAt.getTime()) {
      throw new BadInputError('occurrenceStart', 'this is the first occurrence: edit the whole series instead', { reason: 'SPLIT_AT_START' });
    }
    if (patch.campaignId != null && patch.campaignId !== item.campaign.id) throw new BadInputError('campaignId', 'the rest of a series stays in its campaign');
    const { before, after } = splitRule(item.rrule, item.startsAt, originalStart);
    const duration = item.endsAt.getTime() - item.startsAt.getTime();
    const now = this.now();
    const rest = this.em.create(OutreachItem, {
      campaign: item.campaign,
      channel: item.channel,
      title: item.title,
      brief: item.brief,
      widget: item.widget,
      startsAt: originalStart,
      endsAt: new Date(originalStart.getTime() + duration),
      rrule: after,
      status: item.status,
      assignee: item.assignee,
      dependsOnIndex: item.dependsOnIndex,
      dependsOnYear: item.dependsOnYear,
      splitFrom: item,
      boundsStart: originalStart,
      boundsEnd: originalStart,
      createdAt: now,
      updatedAt: now,
    });
    rest.targetUnits.set(item.targetUnits.getItems());
    rest.articles.set(item.articles.getItems());
    rest.exdates = item.exdates.filter((d) => new Date(d) >= originalStart);
    for (const o of item.overrides.getItems().filter((x) => x.originalStart >= originalStart)) {
      item.overrides.remove(o);
      rest.overrides.add(this.em.create(OccurrenceOverride, { ...pickOverride(o), item: rest }));
    }
    item.exdates = item.exdates.filter((d) => new Date(d) < originalStart);
    item.rrule = before;
    refreshBounds(item);
    item.updatedAt = now;
    await this.items.apply(rest, { ...patch, rrule: patch.rrule ?? after, status: undefined });
    await flushChecked(this.em, { entity: item, sent: version, what: 'the item' });
    return this.items.get(rest.id);
  }

  private async save(item: OutreachItem, version: number): Promise<OutreachItem> {
    refreshBounds(item);
    item.updatedAt = this.now();
    await flushChecked(this.em, { entity: item, sent: version, what: 'the item' });
    return item;
  }
}

function pickOverride(o: OccurrenceOverride) {
  return {
    originalStart: o.originalStart,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    title: o.title,
    brief: o.brief,
    status: o.status,
    outcomeReach: o.outcomeReach,
    outcomeNotes: o.outcomeNotes,
  };
}
