/** The calendar (occurrences with conflicts) and coverage, always within the viewer's organisation. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from '../accounts/organisation.entity';
import type { OutreachConfig } from '../config';
import { BadInputError, NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { type Unit } from '../units/unit.entity';
import { assertOrganisation, organisationScope } from './outreach.policy';
import { Campaign } from './campaign.entity';
import type { Channel } from './channel.entity';
import { type Conflict, expand, findConflicts, type Occurrence } from './expansion';
import { OutreachItem } from './item.entity';
import { ITEM_POPULATE } from './item.service';
import { COUNTED_STATUSES, type OutreachStatus } from './outreach.enums';
import { localDate } from './recurrence';

export interface CalendarFilter {
  campaignId?: number | null;
  channelCode?: string | null;
  unitCode?: string | null;
  status?: OutreachStatus | null;
  organisationSlug?: string | null;
}

export interface CoverageCell {
  unit: Unit;
  channel: Channel;
  occurrences: number;
}

export interface UnitCoverage {
  unit: Unit;
  occurrences: number;
  channels: Channel[];
  distinctChannels: number;
  lastStartsAt: Date | null;
}

export interface Coverage {
  from: Date;
  to: Date;
  quietDays: number;
  cells: CoverageCell[];
  units: UnitCoverage[];
  quietUnits: Unit[];
}

const DAY = 86400_000;

export class CalendarService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly config: OutreachConfig,
  ) {}

  private checkRange(from: Date, to: Date, maxDays = this.config.maxRangeDays): void {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new BadInputError('from', 'from and to must be date-times');
    if (to <= from) throw new BadInputError('to', '`to` must come after `from`', { reason: 'END_BEFORE_START' });
    if (to.getTime() - from.getTime() > maxDays * DAY) throw new BadInputError('to', `a range may span at most ${maxDays} days`, { reason: 'RANGE_TOO_LONG', maxDays });
  }

  /** Items of the viewer's organisation (or the named one) with an occurrence possibly in [from, to). */
  private async items(from: Date, to: Date, filter: CalendarFilter): Promise<OutreachItem[]> {
    const where: Record<string, unknown> = { boundsStart: { $lt: to }, boundsEnd: { $gt: from } };
    const scope = organisationScope(this.viewer);
    if (scope !== null) where.campaign = { organisation: scope };
    if (filter.organisationSlug) {
      const org = await this.em.findOne(Organisation, { slug: filter.organisationSlug });
      if (!org) throw new NotFoundError('organisation', filter.organisationSlug);
      assertOrganisation(this.viewer, org.id);
      where.campaign = { organisation: org.id };
    }
    if (filter.campaignId != null) where.campaign = { ...(where.campaign as object), id: filter.campaignId };
    return this.em.find(OutreachItem, where, { populate: ITEM_POPULATE, orderBy: { id: 'asc' } });
  }

  /**
   * Occurrences in [from, to) matching the filters. Conflicts are computed over every occurrence
   * the viewer can see in the range (not only the filtered ones): a slot is full whichever
   * campaign filled it.
   */
  async calendar(from: Date, to: Date, filter: CalendarFilter = {}): Promise<{ occurrences: Occurrence[]; conflicts: Conflict[] }> {
    this.checkRange(from, to);
    const all = expand(await this.items(from, to, { organisationSlug: filter.organisationSlug }), from, to, this.config.maxOccurrences);
    const conflicts = findConflicts(all, this.config.slotMinutes);
    const occurrences = all.filter(
      (o) =>
        (filter.campaignId == null || o.item.campaign.id === filter.campaignId) &&
        (!filter.channelCode || o.item.channel.code === filter.channelCode.trim().toLowerCase()) &&
        (!filter.unitCode || o.item.targetUnits.getItems().some((u) => u.code === filter.unitCode)) &&
        (!filter.status || o.status === filter.status),
    );
    const keys = new Set(occurrences.map((o) => o.key));
    return { occurrences, conflicts: conflicts.filter((c) => c.occurrenceKeys.some((k) => keys.has(k))) };
  }

  /**
   * Coverage of [from, to): occurrences per unit × channel, distinct channels per unit, and the
   * units that had nothing in the last `quietDays` days before `to`. Units considered: the
   * target units of the campaigns in scope that exist on the last day of the range.
   */
  async coverage(from: Date, to: Date, quietDays: number, filter: CalendarFilter = {}): Promise<Coverage> {
    this.checkRange(from, to);
    if (!Number.isInteger(quietDays) || quietDays < 1 || quietDays > this.config.maxRangeDays) {
      throw new BadInputError('quietDays', `quietDays must be between 1 and ${this.config.maxRangeDays}`);
    }
    const quietFrom = new Date(to.getTime() - quietDays * DAY);
    const windowFrom = quietFrom < from ? quietFrom : from;
    const counted = expand(await this.items(windowFrom, to, filter), windowFrom, to, this.config.maxOccurrences).filter((o) => COUNTED_STATUSES.has(o.status));
    const inPeriod = counted.filter((o) => o.endsAt > from);
    const cells = new Map<string, CoverageCell>();
    const perUnit = new Map<number, UnitCoverage>();
    for (const occ of inPeriod) {
      for (const unit of occ.item.targetUnits.getItems()) {
        const cell = cells.get(`${unit.id}:${occ.item.channel.id}`) ?? { unit, channel: occ.item.channel, occurrences: 0 };
        cell.occurrences++;
        cells.set(`${unit.id}:${occ.item.channel.id}`, cell);
        const u = perUnit.get(unit.id) ?? { unit, occurrences: 0, channels: [], distinctChannels: 0, lastStartsAt: null };
        u.occurrences++;
        if (!u.channels.includes(occ.item.channel)) u.channels.push(occ.item.channel);
        u.distinctChannels = u.channels.length;
        if (!u.lastStartsAt || occ.startsAt > u.lastStartsAt) u.lastStartsAt = occ.startsAt;
        perUnit.set(unit.id, u);
      }
    }
    const recent = new Set(counted.filter((o) => o.endsAt > quietFrom).flatMap((o) => o.item.targetUnits.getItems().map((u) => u.id)));
    const lastDay = localDate(new Date(to.getTime() - 1));
    const universe = (await this.targetUnits(filter)).filter((u) => (!u.validTo || u.validTo >= lastDay) && (!u.validFrom || u.validFrom <= lastDay));
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'en', { numeric: true });
    return {
      from,
      to,
      quietDays,
      cells: [...cells.values()].sort((a, b) => byCode(a.unit, b.unit) || a.channel.position - b.channel.position || a.channel.code.localeCompare(b.channel.code)),
      units: [...perUnit.values()].sort((a, b) => byCode(a.unit, b.unit)),
      quietUnits: universe.filter((u) => !recent.has(u.id)).sort(byCode),
    };
  }

  private async targetUnits(filter: CalendarFilter): Promise<Unit[]> {
    const where: Record<string, unknown> = {};
    const scope = organisationScope(this.viewer);
    if (scope !== null) where.organisation = scope;
    if (filter.organisationSlug) where.organisation = { slug: filter.organisationSlug };
    if (filter.campaignId != null) where.id = filter.campaignId;
    const campaigns = await this.em.find(Campaign, where, { populate: ['targetUnits'] });
    const units = new Map<number, Unit>();
    for (const c of campaigns) for (const u of c.targetUnits.getItems()) units.set(u.id, u);
    return [...units.values()];
  }
}
