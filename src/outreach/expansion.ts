/**
 * Expands items into occurrences within a window and finds capacity conflicts. Pure functions
 * over loaded items: the calendar, coverage and feeds share them.
 */
import { BadInputError } from '../core/errors';
import type { Unit } from '../units/unit.entity';
import type { Channel } from './channel.entity';
import type { OutreachItem } from './item.entity';
import { COUNTED_STATUSES, type OutreachStatus } from './outreach.enums';
import { isOccurrence, occurrenceStarts, toFloating } from './recurrence';

export interface Conflict {
  key: string;
  channel: Channel;
  /** The unit whose capacity is exceeded, for channels counted per unit; null for shared channels. */
  unit: Unit | null;
  slotStart: Date;
  slotEnd: Date;
  capacity: number;
  occurrenceKeys: string[];
}

export interface Occurrence {
  /** "<item id>@<original start ISO>": stable while the series keeps this occurrence. */
  key: string;
  item: OutreachItem;
  originalStart: Date;
  startsAt: Date;
  endsAt: Date;
  title: string;
  brief: string;
  status: OutreachStatus;
  outcomeReach: number | null;
  outcomeNotes: string | null;
  overridden: boolean;
  conflicts: Conflict[];
}

/** Occurrences of the items overlapping [from, to), overrides applied, exceptions left out; past `cap`, a clear error. */
export function expand(items: OutreachItem[], from: Date, to: Date, cap: number): Occurrence[] {
  const out: Occurrence[] = [];
  for (const item of items) {
    const duration = item.endsAt.getTime() - item.startsAt.getTime();
    const overrides = new Map(item.overrides.getItems().map((o) => [o.originalStart.getTime(), o]));
    const excluded = new Set(item.exdates.map((d) => new Date(d).getTime()));
    const starts = new Map<number, Date>();
    // Original spans overlapping the window, then moved occurrences that land in it.
    for (const s of occurrenceStarts(item.rrule, item.startsAt, new Date(from.getTime() - duration + 1), new Date(to.getTime() - 1))) starts.set(s.getTime(), s);
    for (const o of overrides.values()) {
      if (o.startsAt < to && o.endsAt > from && !starts.has(o.originalStart.getTime()) && isOccurrence(item.rrule, item.startsAt, o.originalStart)) {
        starts.set(o.originalStart.getTime(), o.originalStart);
      }
    }
    for (const [t, original] of starts) {
      if (excluded.has(t)) continue;
      const o = overrides.get(t);
      const startsAt = o?.startsAt ?? original;
      const endsAt = o?.endsAt ?? new Date(t + duration);
      if (!(startsAt < to && endsAt > from)) continue;
      out.push({
        key: `${item.id}@${original.toISOString()}`,
        item,
        originalStart: original,
        startsAt,
        endsAt,
        title: o?.title ?? item.title,
        brief: o?.brief ?? item.brief,
        status: o?.status ?? item.status,
        outcomeReach: o?.status ? (o.outcomeReach ?? null) : (item.outcomeReach ?? null),
        outcomeNotes: o?.status ? (o.outcomeNotes ?? null) : (item.outcomeNotes ?? null),
        overridden: !!o,
        conflicts: [],
      });
      if (out.length > cap) {
        throw new BadInputError('to', `the range expands to more than ${cap} occurrences: ask for a shorter range or narrower filters`, { reason: 'TOO_MANY_OCCURRENCES', cap });
      }
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.item.id - b.item.id || a.key.localeCompare(b.key));
}

/**
 * Counts occurrences per channel and time slot (slots aligned on Vietnamese local midnight);
 * per target unit too when the channel's capacity is per unit. Ideas and cancelled occurrences
 * take no capacity. Conflicts are attached to the occurrences involved and returned.
 */
export function findConflicts(occurrences: Occurrence[], slotMinutes: number): Conflict[] {
  const slotMs = slotMinutes * 60_000;
  const groups = new Map<string, { channel: Channel; unit: Unit | null; slot: number; members: Occurrence[] }>();
  for (const occ of occurrences) {
    if (!COUNTED_STATUSES.has(occ.status)) continue;
    const channel = occ.item.channel;
    // Floating local time keeps slot boundaries on local clock hours whatever the slot length.
    const offset = toFloating(occ.startsAt).getTime() - occ.startsAt.getTime();
    const first = Math.floor((occ.startsAt.getTime() + offset) / slotMs);
    const last = Math.floor((occ.endsAt.getTime() + offset - 1) / slotMs);
    const units: (Unit | null)[] = channel.capacityPerUnit ? occ.item.targetUnits.getItems() : [null];
    for (let slot = first; slot <= last; slot++) {
      for (const unit of units) {
        const key = `${channel.id}:${slot}:${unit?.id ?? '*'}`;
        const group = groups.get(key) ?? { channel, unit, slot, members: [] };
        group.members.push(occ);
        groups.set(key, group);
      }
    }
  }
  const conflicts: Conflict[] = [];
  for (const [key, g] of groups) {
    if (g.members.length <= g.channel.capacityPerSlot) continue;
    const offset = toFloating(g.members[0].startsAt).getTime() - g.members[0].startsAt.getTime();
    const conflict: Conflict = {
      key,
      channel: g.channel,
      unit: g.unit,
      capacity: g.channel.capacityPerSlot,
      slotStart: new Date(g.slot * slotMs - offset),
      slotEnd: new Date((g.slot + 1) * slotMs - offset),
      occurrenceKeys: g.members.map((m) => m.key),
    };
    conflicts.push(conflict);
    for (const m of g.members) m.conflicts.push(conflict);
  }
  return conflicts.sort((a, b) => a.slotStart.getTime() - b.slotStart.getTime() || a.key.localeCompare(b.key));
}
