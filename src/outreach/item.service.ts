/** Outreach items: create, edit the series, move through the workflow. Occurrence edits live in occurrence.service.ts. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutreachConfig } from '../config';
import { BadInputError, NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { organisationScope } from './outreach.policy';
import { CampaignService } from './campaign.service';
import { OutreachItem } from './item.entity';
import type { Article } from '../newsroom/article.entity';
import { canReadArticle } from '../newsroom/article.query';
import {
  articlesById,
  assigneeFor,
  channelFor,
  checkOutcome,
  checkStatusEntry,
  checkTimes,
  checkVersion,
  dependencyIndex,
  flushChecked,
  itemUnits,
  type Outcome,
  widgetSpec,
  type WidgetFields,
} from './item.rules';
import { canMove, OutreachStatus } from './outreach.enums';
import { allStarts, isOccurrence, normaliseRule } from './recurrence';
import { nfcTrim } from '../text/vietnamese';

export interface ItemFields {
  campaignId?: number | null;
  channelCode?: string | null;
  title?: string | null;
  brief?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  /** null or "" removes the recurrence */
  rrule?: string | null;
  unitCodes?: string[] | null;
  articleIds?: number[] | null;
  widget?: WidgetFields | null;
  removeWidget?: boolean | null;
  assigneeId?: number | null;
  dependsOn?: { indexSlug: string; year: number } | null;
  removeDependency?: boolean | null;
  status?: OutreachStatus | null;
}

export const ITEM_POPULATE = [
  'campaign',
  'campaign.organisation',
  'campaign.targetUnits',
  'channel',
  'targetUnits',
  'articles',
  'overrides',
  'assignee',
  'dependsOnIndex',
] as const;

/** Keeps boundsStart/boundsEnd covering every occurrence (moved ones included) and drops exceptions that no longer match the rule. */
export function refreshBounds(item: OutreachItem): void {
  const duration = item.endsAt.getTime() - item.startsAt.getTime();
  item.exdates = item.exdates.filter((iso) => isOccurrence(item.rrule, item.startsAt, new Date(iso)));
  for (const o of item.overrides.getItems()) if (!isOccurrence(item.rrule, item.startsAt, o.originalStart)) item.overrides.remove(o);
  const starts = allStarts(item.rrule, item.startsAt).map((d) => d.getTime());
  const ends = starts.map((s) => s + duration);
  for (const o of item.overrides.getItems()) {
    starts.push(o.startsAt.getTime());
    ends.push(o.endsAt.getTime());
  }
  item.boundsStart = new Date(Math.min(...starts));
  item.boundsEnd = new Date(Math.max(...ends));
}

export class ItemService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly config: OutreachConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One item the viewer may see; another organisation's item reads as not found. */
  async get(id: number): Promise<OutreachItem> {
    if (!Number.isSafeInteger(id)) throw new NotFoundError('outreach item', String(id));
    const item = await this.em.findOne(OutreachItem, { id }, { populate: ITEM_POPULATE });
    const scope = organisationScope(this.viewer);
    if (!item || (scope !== null && item.campaign.organisation.id !== scope)) throw new NotFoundError('outreach item', String(id));
    return item;
  }

  async list(campaignId: number): Promise<OutreachItem[]> {
    const campaign = await new CampaignService(this.em, this.viewer).get(campaignId);
    return this.em.find(OutreachItem, { campaign }, { populate: ITEM_POPULATE, orderBy: { startsAt: 'asc', id: 'asc' } });
  }

  async create(input: ItemFields): Promise<OutreachItem> {
    if (input.campaignId == null) throw new BadInputError('campaignId', 'an item belongs to a campaign');
    const campaign = await new CampaignService(this.em, this.viewer).get(input.campaignId);
    for (const f of ['channelCode', 'title', 'startsAt', 'endsAt'] as const) if (!input[f]) throw new BadInputError(f, `${f} is required`);
    const status = input.status ?? OutreachStatus.IDEA;
    if (status !== OutreachStatus.IDEA && status !== OutreachStatus.DRAFT) throw new BadInputError('status', 'a new item starts as IDEA or DRAFT');
    const now = this.now();
    const item = this.em.create(OutreachItem, {
      campaign,
      channel: await channelFor(this.em, input.channelCode!, campaign),
      title: '',
      startsAt: input.startsAt!,
      endsAt: input.endsAt!,
      status,
      boundsStart: input.startsAt!,
      boundsEnd: input.endsAt!,
      createdAt: now,
      updatedAt: now,
    });
    await this.apply(item, { ...input, unitCodes: input.unitCodes ?? [] });
    await flushChecked(this.em);
    return item;
  }

  async update(id: number, version: number, patch: ItemFields): Promise<OutreachItem> {
    const item = await this.get(id);
    checkVersion(item.version, version, 'the item');
    if (patch.campaignId != null && patch.campaignId !== item.campaign.id) throw new BadInputError('campaignId', 'an item cannot move to another campaign');
    if (patch.status != null && patch.status !== item.status) throw new BadInputError('status', 'change the status with setOutreachItemStatus');
    await this.apply(item, patch);
    item.updatedAt = this.now();
    await flushChecked(this.em, { entity: item, sent: version, what: 'the item' });
    return item;
  }

  /** Applies the given fields (absent = unchanged) and checks the result as a whole. */
  async apply(item: OutreachItem, input: ItemFields): Promise<void> {
    const campaign = item.campaign;
    if (input.channelCode) item.channel = await channelFor(this.em, input.channelCode, campaign);
    if (input.title != null) {
      if (!input.title.trim()) throw new BadInputError('title', 'an item needs a title');
      item.title = nfcTrim(input.title);
    }
    if (input.brief != null) item.brief = nfcTrim(input.brief);
    if (input.startsAt) item.startsAt = input.startsAt;
    if (input.endsAt) item.endsAt = input.endsAt;
    checkTimes(item.startsAt, item.endsAt);
    if (input.rrule !== undefined) item.rrule = input.rrule?.trim() ? input.rrule : null;
    if (item.rrule) item.rrule = normaliseRule(item.rrule, item.startsAt, { maxOccurrences: this.config.maxSeriesOccurrences, maxYears: this.config.maxSeriesYears });
    if (input.unitCodes != null || input.startsAt) {
      const codes = input.unitCodes ?? item.targetUnits.getItems().map((u) => u.code);
      item.targetUnits.set(await itemUnits(this.em, codes, campaign, item.startsAt));
    }
    if (input.articleIds != null) {
      const readable = (a: Article) => canReadArticle(this.viewer, a, this.now());
      // Links this viewer cannot see (a draft linked by an editor) are kept: they were never shown, so leaving them out is no request to remove them.
      const hidden = item.articles.isInitialized() ? item.articles.getItems().filter((a) => !readable(a)) : [];
      item.articles.set([...(await articlesById(this.em, input.articleIds, readable)), ...hidden]);
    }
    if (input.removeWidget) item.widget = null;
    else if (input.widget) item.widget = await widgetSpec(this.em, input.widget);
    if (input.assigneeId !== undefined) item.assignee = await assigneeFor(this.em, input.assigneeId, campaign);
    if (input.removeDependency) {
      item.dependsOnIndex = null;
      item.dependsOnYear = null;
    } else if (input.dependsOn) {
      item.dependsOnIndex = await dependencyIndex(this.em, input.dependsOn.indexSlug, input.dependsOn.year);
      item.dependsOnYear = input.dependsOn.year;
    }
    refreshBounds(item);
  }

  /** Moves the whole item (every occurrence without its own status) through the workflow. */
  async setStatus(id: number, version: number, status: OutreachStatus, outcome?: Outcome | null): Promise<OutreachItem> {
    const item = await this.get(id);
    checkVersion(item.version, version, 'the item');
    if (!canMove(item.status, status)) {
      throw new BadInputError('status', `an item cannot move from ${item.status} to ${status}`, { reason: 'INVALID_TRANSITION', from: item.status, to: status });
    }
    await checkStatusEntry(this.em, item, status, outcome);
    if (status === OutreachStatus.DONE) {
      checkOutcome(outcome);
      item.outcomeReach = outcome.reach;
      item.outcomeNotes = nfcTrim(outcome.notes);
    }
    item.status = status;
    item.updatedAt = this.now();
    await flushChecked(this.em, { entity: item, sent: version, what: 'the item' });
    return item;
  }
}
