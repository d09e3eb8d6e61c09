/**
 * RFC 5545 output with ical-generator. Series go out as one VEVENT with DTSTART;TZID, RRULE and
 * EXDATE, and each edited occurrence as a VEVENT with the same UID and a RECURRENCE-ID, so
 * calendar apps show the same occurrences as the outreach calendar.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { OutreachItem } from './item.entity';
import { OutreachStatus } from './outreach.enums';
import { ZONE } from './recurrence';

/** Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so one STANDARD block describes it. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19750613T000000',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE });
const localBasic = (d: Date) => local(d).toFormat("yyyyLLdd'T'HHmmss");

function eventStatus(status: OutreachStatus): ICalEventStatus {
  if (status === OutreachStatus.CANCELLED) return ICalEventStatus.CANCELLED;
  if (status === OutreachStatus.APPROVED || status === OutreachStatus.SCHEDULED || status === OutreachStatus.DONE) return ICalEventStatus.CONFIRMED;
  return ICalEventStatus.TENTATIVE;
}

export const itemUid = (item: OutreachItem) => `outreach-item-${item.id}@reformdesk`;

/** Items must come with campaign, channel, target units and overrides loaded. */
export function renderCalendar(name: string, items: OutreachItem[]): string {
  const calendar = ical({
    name,
    prodId: { company: 'ReformDesk', product: 'Ke hoach tuyen truyen', language: 'VI' },
    // No calendar-wide zone name: with one, ical-generator writes DTSTAMP and LAST-MODIFIED in
    // local time, which RFC 5545 forbids (they must be UTC). Events carry TZID; the generator
    // still emits the VTIMEZONE they refer to.
    timezone: { name: null, generator: () => VTIMEZONE },
    ttl: 3600,
  });
  for (const item of items) {
    const units = item.targetUnits
      .getItems()
      .map((u) => u.name)
      .join(', ');
    const summary = `[${item.channel.name}] ${item.title}`;
    const description = [item.brief, `Chiến dịch: ${item.campaign.title}`, `Trạng thái: ${item.status}`].filter(Boolean).join('\n');
    const event = calendar.createEvent({
      id: itemUid(item),
      start: local(item.startsAt),
      end: local(item.endsAt),
      timezone: ZONE,
      summary,
      description,
      location: units || null,
      status: eventStatus(item.status),
      sequence: item.version,
      stamp: item.updatedAt,
      lastModified: item.updatedAt,
    });
    if (item.rrule) {
      const lines = [`RRULE:${item.rrule}`];
      if (item.exdates.length > 0) lines.push(`EXDATE;TZID=${ZONE}:${item.exdates.map((d) => localBasic(new Date(d))).join(',')}`);
      event.repeating(lines.join('\r\n'));
    }
    for (const o of item.overrides.getItems()) {
      calendar.createEvent({
        id: itemUid(item),
        recurrenceId: local(o.originalStart),
        start: local(o.startsAt),
        end: local(o.endsAt),
        timezone: ZONE,
        summary: `[${item.channel.name}] ${o.title ?? item.title}`,
        description: [o.brief ?? item.brief, `Chiến dịch: ${item.campaign.title}`, `Trạng thái: ${o.status ?? item.status}`].filter(Boolean).join('\n'),
        location: units || null,
        status: eventStatus(o.status ?? item.status),
        sequence: item.version,
        stamp: item.updatedAt,
      });
    }
  }
  return calendar.toString();
}
