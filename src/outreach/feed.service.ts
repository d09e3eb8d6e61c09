/** Secret, revocable iCalendar feed URLs of a campaign or of an organisation. */
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from '../accounts/organisation.entity';
import type { OutreachConfig } from '../config';
import { BadInputError, NotFoundError } from '../core/errors';
import { isStaff, type Viewer } from '../core/viewer';
import { assertOrganisation, organisationScope } from './outreach.policy';
import { CampaignService } from './campaign.service';
import { OutreachFeed } from './feed.entity';
import { renderCalendar } from './feed.ics';
import { OutreachItem } from './item.entity';
import { ITEM_POPULATE } from './item.service';
import { OutreachStatus } from './outreach.enums';

export const FEED_PATH = '/outreach/feeds';
/** Most items one feed carries (series count once): keeps a feed request bounded. */
const MAX_FEED_ITEMS = 2000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class FeedService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly config: OutreachConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  url(token: string): string {
    return `${this.config.feedBaseUrl}${FEED_PATH}/${token}.ics`;
  }

  /** Creates a feed; the token is shown once (only its hash is kept). */
  async create(input: { campaignId?: number | null; organisationSlug?: string | null; label?: string | null }): Promise<{ feed: OutreachFeed; url: string }> {
    if ((input.campaignId == null) === !input.organisationSlug) throw new BadInputError('campaignId', 'name either a campaign or an organisation');
    let organisation: Organisation;
    let label: string;
    const campaign = input.campaignId != null ? await new CampaignService(this.em, this.viewer).get(input.campaignId) : null;
    if (campaign) {
      organisation = campaign.organisation;
      label = campaign.title;
    } else {
      const org = await this.em.findOne(Organisation, { slug: input.organisationSlug! });
      if (!org) throw new NotFoundError('organisation', input.organisationSlug!);
      assertOrganisation(this.viewer, org.id);
      organisation = org;
      label = org.name;
    }
    const token = randomBytes(32).toString('base64url');
    const feed = this.em.create(OutreachFeed, {
      tokenHash: hash(token),
      organisation,
      campaign,
      label: (input.label?.trim() || label).normalize('NFC').slice(0, 200),
      createdBy: isStaff(this.viewer) && this.viewer.userId ? this.viewer.userId : null,
      createdAt: this.now(),
    });
    await this.em.flush();
    return { feed, url: this.url(token) };
  }

  async list(): Promise<OutreachFeed[]> {
    const scope = organisationScope(this.viewer);
    return this.em.find(OutreachFeed, scope === null ? {} : { organisation: scope }, { populate: ['campaign', 'organisation'], orderBy: { id: 'asc' } });
  }

  async revoke(id: number): Promise<OutreachFeed> {
    const feed = await this.em.findOne(OutreachFeed, { id });
    const scope = organisationScope(this.viewer);
    if (!feed || (scope !== null && feed.organisation.id !== scope)) throw new NotFoundError('outreach feed', String(id));
    feed.revokedAt ??= this.now();
    await this.em.flush();
    return feed;
  }

  /** The calendar text of a live feed, or null for an unknown or revoked token (no viewer needed: the token is the key). */
  async render(token: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const feed = await this.em.findOne(OutreachFeed, { tokenHash: hash(token), revokedAt: null }, { populate: ['campaign', 'organisation'] });
    if (!feed) return null;
    const where = feed.campaign ? { campaign: feed.campaign.id } : { campaign: { organisation: feed.organisation.id } };
    // Ideas are not plans yet: they stay out of calendars.
    const items = await this.em.find(OutreachItem, { ...where, status: { $ne: OutreachStatus.IDEA } }, { populate: ITEM_POPULATE, orderBy: { id: 'asc' }, limit: MAX_FEED_ITEMS });
    return renderCalendar(feed.label, items);
  }
}
