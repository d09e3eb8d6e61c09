/**
 * Imports content/outreach/: channels.yaml (the channel list, upserted by code) and
 * *.campaign.yaml (one campaign with its items, upserted by file and item key). Times in the
 * files are Asia/Ho_Chi_Minh wall-clock times. Problems name file, row (item number) and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { Organisation } from '../accounts/organisation.entity';
import type { Problems } from '../import-kit/problems';
import type { ImportStats } from '../import-kit/stats';
import { DomainError } from '../core/errors';
import { isValidIsoDate } from '../core/dates';
import { Article } from '../newsroom/article.entity';
import { Campaign } from './campaign.entity';
import { Channel } from './channel.entity';
import { OutreachItem } from './item.entity';
import { assertUnitsExist, checkTimes, itemUnits, unitsByCode, widgetSpec } from './item.rules';
import { refreshBounds } from './item.service';
import { Audience, CampaignStatus, OutreachStatus } from './outreach.enums';
import { isOccurrence, normaliseRule, ZONE } from './recurrence';
import type { OutreachConfig } from '../config';

export const CHANNELS_FILE = 'outreach/channels.yaml';
/** Content may describe plans up to APPROVED (or CANCELLED); scheduling needs an assignee and DONE an outcome, which belong to the app. */
const CONTENT_STATUSES = new Set([OutreachStatus.IDEA, OutreachStatus.DRAFT, OutreachStatus.PENDING_APPROVAL, OutreachStatus.APPROVED, OutreachStatus.CANCELLED]);

export function outreachFiles(contentDir: string): string[] {
  const dir = path.join(contentDir, 'outreach');
  if (!fs.existsSync(dir)) return [];
  const campaigns = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.campaign.yaml'))
    .sort()
    .map((n) => path.join('outreach', n));
  return [...(fs.existsSync(path.join(contentDir, CHANNELS_FILE)) ? [CHANNELS_FILE] : []), ...campaigns];
}

type Doc = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.normalize('NFC').trim() : typeof v === 'number' ? String(v) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);

function parse(file: string, text: string, problems: Problems): unknown {
  try {
    return YAML.parse(text.normalize('NFC'));
  } catch (e) {
    problems.add(file, `not valid YAML: ${(e as Error).message}`);
    return undefined;
  }
}

export async function importOutreachFile(
  em: EntityManager,
  file: string,
  text: string,
  problems: Problems,
  stats: ImportStats,
  context: { outreach: OutreachConfig },
): Promise<void> {
  if (file.endsWith('channels.yaml')) return importChannels(em, file, text, problems, stats);
  return importCampaign(em, file, text, problems, stats, context.outreach);
}

async function importChannels(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  const doc = parse(file, text, problems);
  if (!Array.isArray(doc)) return void (doc !== undefined && problems.add(file, 'expected a list of channels'));
  const rows: Pick<Channel, 'code' | 'name' | 'description' | 'capacityPerSlot' | 'capacityPerUnit' | 'position'>[] = [];
  doc.forEach((item: Doc, i) => {
    const code = str(item?.code) ?? '';
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(code)) problems.add(file, `code "${code}" must be lowercase ASCII words joined by hyphens`, i + 1, 'code');
    if (rows.some((r) => r.code === code)) problems.add(file, `duplicate code "${code}"`, i + 1, 'code');
    const name = str(item?.name);
    if (!name) problems.add(file, 'name is required', i + 1, 'name');
    const capacity = item?.capacity_per_slot ?? 1;
    if (!Number.isInteger(capacity) || (capacity as number) < 1) problems.add(file, 'capacity_per_slot must be a whole number ≥ 1', i + 1, 'capacity_per_slot');
    rows.push({
      code,
      name: name ?? '',
      description: str(item?.description),
      capacityPerSlot: capacity as number,
      capacityPerUnit: item?.capacity_per_unit === true,
      position: i + 1,
    });
  });
  if (problems.any) return;
  const existing = new Map((await em.find(Channel, {})).map((c) => [c.code, c]));
  for (const row of rows) {
    const channel = existing.get(row.code);
    if (!channel) {
      em.create(Channel, row);
      stats.created('outreach channels');
    } else if ((Object.keys(row) as (keyof typeof row)[]).some((k) => (channel[k] ?? null) !== (row[k] ?? null))) {
      em.assign(channel, row);
      stats.updated('outreach channels');
    } else stats.unchanged('outreach channels');
  }
  await em.flush();
}

/** "2019-07-01T06:30" in Hà Tĩnh time. */
function localTime(value: unknown): Date | null {
  const s = str(value);
  if (!s || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s)) return null;
  const t = DateTime.fromISO(s, { zone: ZONE });
  return t.isValid ? t.toJSDate() : null;
}

function snapshot(entity: Campaign | OutreachItem): string {
  const units = entity.targetUnits
    .getItems()
    .map((u) => u.code)
    .sort();
  const articles =
    entity instanceof OutreachItem
      ? entity.articles
          .getItems()
          .map((a) => a.id)
          .sort()
      : [];
  return canonical({ ...em2plain(entity), units, articles });
}

/** JSON with sorted keys: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function em2plain(entity: Campaign | OutreachItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) {
    if (['id', 'version', 'createdAt', 'updatedAt', 'campaign', 'overrides', 'splitFrom', 'boundsStart', 'boundsEnd', 'targetUnits', 'articles', 'importKey'].includes(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v && typeof v === 'object' && 'id' in v ? (v as { id: unknown }).id : v;
  }
  return out;
}
async function importCampaign(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats, config: OutreachConfig): Promise<void> {
  const doc = parse(file, text, problems) as Doc | undefined;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return void (doc !== undefined && problems.add(file, 'expected a campaign (a mapping)'));
  const before = problems.list.length;
  const bad = (message: string, column?: string, row?: number) => problems.add(file, message, row, column);
  const importKey = file.split(path.sep).slice(-2).join('/');
  const organisation = await em.findOne(Organisation, { slug: str(doc.organisation) ?? '' });
  if (!organisation) bad(`unknown organisation "${doc.organisation}"`, 'organisation');
  const title = str(doc.title);
  if (!title) bad('title is required', 'title');
  const period = (doc.period ?? {}) as Doc;
  const startsOn = str(period.from);
  const endsOn = str(period.to);
  if (!startsOn || !isValidIsoDate(startsOn)) bad('period.from must be a date YYYY-MM-DD', 'period.from');
  if (!endsOn || !isValidIsoDate(endsOn)) bad('period.to must be a date YYYY-MM-DD', 'period.to');
  if (startsOn && endsOn && endsOn < startsOn) bad('the period ends before it starts', 'period.to');
  const audiences = list(doc.audiences).map(String);
  for (const a of audiences) if (!(a in Audience)) bad(`unknown audience "${a}"`, 'audiences');
  const status = str(doc.status) ?? CampaignStatus.PLANNING;
  if (!(status in CampaignStatus)) bad(`unknown status "${status}"`, 'status');
  const channelCodes = list(doc.channels).map((c) => String(c).toLowerCase());
  const channels = await em.find(Channel, { code: { $in: channelCodes } });
  for (const c of channelCodes) if (!channels.some((ch) => ch.code === c)) bad(`unknown channel "${c}"`, 'channels');
  const units = await guard(bad, 'units', async () => {
    const found = await unitsByCode(em, list(doc.units).map(String));
    if (startsOn && endsOn) assertUnitsExist(found, startsOn, endsOn, 'units');
    return found;
  });
  if (problems.list.length > before || !units) return;

  const found: Campaign | null = await em.findOne(Campaign, { importKey }, { populate: ['targetUnits', 'organisation'] });
  const created = !found;
  const now = new Date();
  const campaign = found ?? em.create(Campaign, { importKey, organisation: organisation!, title: title!, startsOn: startsOn!, endsOn: endsOn!, createdAt: now, updatedAt: now });
  const beforeSnapshot = created ? '' : snapshot(campaign);
  em.assign(campaign, {
    organisation: organisation!,
    title: title!,
    goal: str(doc.goal) ?? '',
    startsOn: startsOn!,
    endsOn: endsOn!,
    topics: list(doc.topics).map((t) => String(t).normalize('NFC')),
    audiences: audiences as Audience[],
    channelCodes,
    status: status as CampaignStatus,
    illustrative: doc.illustrative === true,
    source: str(doc.source),
  });
  campaign.targetUnits.set(units);
  if (!created && snapshot(campaign) !== beforeSnapshot) {
    campaign.updatedAt = now;
    stats.updated('outreach campaigns');
  } else if (created) stats.created('outreach campaigns');
  else stats.unchanged('outreach campaigns');

  const keys = new Set<string>();
  const items = list(doc.items) as Doc[];
  for (const [i, raw] of items.entries()) {
    const key = str(raw?.key);
    if (!key || keys.has(key)) bad(key ? `duplicate item key "${key}"` : 'every item needs a key', 'key', i + 1);
    else keys.add(key);
    await importItem(em, campaign, `${importKey}#${key}`, raw ?? {}, (m, c) => bad(m, c, i + 1), stats, config);
  }
  if (problems.list.length > before) return;
  const stale = await em.find(OutreachItem, { campaign, importKey: { $like: `${importKey}#%` } });
  for (const item of stale) if (!keys.has(item.importKey!.split('#')[1])) em.remove(item);
  await em.flush();
}

async function guard<T>(bad: (m: string, c?: string) => void, column: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DomainError) {
      bad(e.message, (e.details.field as string | undefined) ?? column);
      return null;
    }
    throw e;
  }
}

async function importItem(
  em: EntityManager,
  campaign: Campaign,
  importKey: string,
  raw: Doc,
  bad: (m: string, c?: string) => void,
  stats: ImportStats,
  config: OutreachConfig,
): Promise<void> {
  const startsAt = localTime(raw.start);
  const endsAt = localTime(raw.end);
  if (!startsAt) return bad('start must be a local date-time like 2019-07-01T06:30', 'start');
  if (!endsAt) return bad('end must be a local date-time like 2019-07-01T07:00', 'end');
  if ((await guard(bad, 'end', async () => checkTimes(startsAt, endsAt))) === null) return;
  const title = str(raw.title);
  if (!title) return bad('title is required', 'title');
  const channel = await em.findOne(Channel, { code: str(raw.channel) ?? '' });
  if (!channel) return bad(`unknown channel "${raw.channel}"`, 'channel');
  if (campaign.channelCodes.length > 0 && !campaign.channelCodes.includes(channel.code)) return bad(`channel "${channel.code}" is not among the campaign's channels`, 'channel');
  const status = str(raw.status) ?? OutreachStatus.DRAFT;
  if (!CONTENT_STATUSES.has(status as OutreachStatus)) return bad(`status must be one of ${[...CONTENT_STATUSES].join(', ')}`, 'status');
  const rrule = str(raw.rrule);
  const rule = rrule
    ? await guard(bad, 'rrule', async () => normaliseRule(rrule, startsAt, { maxOccurrences: config.maxSeriesOccurrences, maxYears: config.maxSeriesYears }))
    : null;
  if (rrule && !rule) return;
  const exdates: string[] = [];
  for (const e of list(raw.exdates)) {
    const d = localTime(e);
    if (!d || !isOccurrence(rule, startsAt, d)) return bad(`exdate "${e}" is not an occurrence of the series`, 'exdates');
    exdates.push(d.toISOString());
  }
  const units = await guard(bad, 'units', () => itemUnits(em, list(raw.units).map(String), campaign, startsAt));
  if (!units) return;
  const slugs = list(raw.articles).map(String);
  const articles = slugs.length ? await em.find(Article, { slug: { $in: slugs } }) : [];
  const missing = slugs.filter((s) => !articles.some((a) => a.slug === s));
  if (missing.length) return bad(`unknown articles: ${missing.join(', ')}`, 'articles');
  const w = raw.widget as Doc | undefined;
  const widget = w
    ? await guard(bad, 'widget', () =>
        widgetSpec(em, {
          indexSlug: str(w.index) ?? '',
          year: (w.year as number) ?? null,
          view: (str(w.view) as never) ?? null,
          areaCode: str(w.area),
          highlightUnitCodes: list(w.highlight).map(String),
        }),
      )
    : null;
  if (w && !widget) return;

  const found: OutreachItem | null = await em.findOne(OutreachItem, { importKey }, { populate: ['targetUnits', 'articles', 'overrides'] });
  const created = !found;
  const now = new Date();
  const item =
    found ?? em.create(OutreachItem, { importKey, campaign, channel, title, startsAt, endsAt, boundsStart: startsAt, boundsEnd: endsAt, createdAt: now, updatedAt: now });
  const before = created ? '' : snapshot(item);
  em.assign(item, { campaign, channel, title, brief: str(raw.brief) ?? '', startsAt, endsAt, rrule: rule, exdates: exdates.sort(), status: status as OutreachStatus, widget });
  item.targetUnits.set(units);
  item.articles.set(articles);
  refreshBounds(item);
  if (created) stats.created('outreach items');
  else if (snapshot(item) !== before) {
    item.updatedAt = now;
    stats.updated('outreach items');
  } else stats.unchanged('outreach items');
}
