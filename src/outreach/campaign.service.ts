/** Campaigns and channels: creating, editing and listing within the viewer's organisation. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from '../accounts/organisation.entity';
import { BadInputError, NotFoundError } from '../core/errors';
import { assertAccess } from '../core/policy';
import { isValidIsoDate } from '../core/dates';
import type { Viewer } from '../core/viewer';
import { assertOrganisation, organisationScope, OUTREACH_OPERATIONS } from './outreach.policy';
import { Campaign } from './campaign.entity';
import { Channel } from './channel.entity';
import { assertUnitsExist, checkVersion, flushChecked, unitsByCode } from './item.rules';
import { type Audience, type CampaignStatus } from './outreach.enums';
import { nfcTrim } from '../text/vietnamese';

export interface CampaignFields {
  organisationSlug?: string | null;
  title?: string | null;
  goal?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  topics?: string[] | null;
  audiences?: Audience[] | null;
  unitCodes?: string[] | null;
  channelCodes?: string[] | null;
  status?: CampaignStatus | null;
  illustrative?: boolean | null;
  source?: string | null;
}

export interface ChannelFields {
  code: string;
  name?: string | null;
  description?: string | null;
  capacityPerSlot?: number | null;
  capacityPerUnit?: boolean | null;
  active?: boolean | null;
  position?: number | null;
}

export class CampaignService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(filter: { organisationSlug?: string | null } = {}): Promise<Campaign[]> {
    const scope = organisationScope(this.viewer);
    const where: Record<string, unknown> = {};
    if (scope !== null) where.organisation = scope;
    if (filter.organisationSlug) {
      const org = await this.organisation(filter.organisationSlug);
      where.organisation = org.id;
    }
    return this.em.find(Campaign, where, { populate: ['organisation', 'targetUnits'], orderBy: { startsOn: 'desc', id: 'asc' } });
  }

  /** One campaign the viewer may see; another organisation's campaign reads as not found. */
  async get(id: number): Promise<Campaign> {
    if (!Number.isSafeInteger(id)) throw new NotFoundError('campaign', String(id));
    const campaign = await this.em.findOne(Campaign, { id }, { populate: ['organisation', 'targetUnits'] });
    const scope = organisationScope(this.viewer);
    if (!campaign || (scope !== null && campaign.organisation.id !== scope)) throw new NotFoundError('campaign', String(id));
    return campaign;
  }

  async create(input: CampaignFields): Promise<Campaign> {
    const organisation = input.organisationSlug ? await this.organisation(input.organisationSlug) : await this.ownOrganisation();
    if (!input.title?.trim()) throw new BadInputError('title', 'a campaign needs a title');
    if (!input.startsOn || !input.endsOn) throw new BadInputError('startsOn', 'a campaign needs startsOn and endsOn');
    const now = this.now();
    const campaign = this.em.create(Campaign, { organisation, title: '', startsOn: input.startsOn, endsOn: input.endsOn, createdAt: now, updatedAt: now });
    await this.apply(campaign, input);
    await this.em.flush();
    return campaign;
  }

  async update(id: number, version: number, input: CampaignFields): Promise<Campaign> {
    const campaign = await this.get(id);
    checkVersion(campaign.version, version, 'the campaign');
    if (input.organisationSlug && input.organisationSlug !== campaign.organisation.slug)
      throw new BadInputError('organisationSlug', 'a campaign cannot move to another organisation');
    await this.apply(campaign, input);
    campaign.updatedAt = this.now();
    await flushChecked(this.em, { entity: campaign, sent: version, what: 'the campaign' });
    return campaign;
  }

  private async apply(campaign: Campaign, input: CampaignFields): Promise<void> {
    if (input.title != null) {
      if (!input.title.trim()) throw new BadInputError('title', 'a campaign needs a title');
      campaign.title = nfcTrim(input.title);
    }
    if (input.goal != null) campaign.goal = nfcTrim(input.goal);
    if (input.startsOn != null) campaign.startsOn = input.startsOn;
    if (input.endsOn != null) campaign.endsOn = input.endsOn;
    if (!isValidIsoDate(campaign.startsOn)) throw new BadInputError('startsOn', 'expected YYYY-MM-DD');
    if (!isValidIsoDate(campaign.endsOn)) throw new BadInputError('endsOn', 'expected YYYY-MM-DD');
    if (campaign.endsOn < campaign.startsOn) throw new BadInputError('endsOn', 'the campaign ends before it starts', { reason: 'END_BEFORE_START' });
    if (input.topics != null) campaign.topics = [...new Set(input.topics.map(nfcTrim).filter(Boolean))];
    if (input.audiences != null) campaign.audiences = [...new Set(input.audiences)];
    if (input.unitCodes != null) campaign.targetUnits.set(await unitsByCode(this.em, input.unitCodes));
    // Checked on every write, so moving the dates cannot keep units that no longer exist in them.
    assertUnitsExist(campaign.targetUnits.getItems(), campaign.startsOn, campaign.endsOn, input.unitCodes != null ? 'unitCodes' : input.startsOn != null ? 'startsOn' : 'endsOn');
    if (input.channelCodes != null) campaign.channelCodes = await this.channelCodes(input.channelCodes);
    if (input.status != null) campaign.status = input.status;
    if (input.illustrative != null) campaign.illustrative = input.illustrative;
    if (input.source !== undefined) campaign.source = input.source ? nfcTrim(input.source) : null;
  }

  private async channelCodes(codes: string[]): Promise<string[]> {
    const wanted = [...new Set(codes.map((c) => c.trim().toLowerCase()))];
    const found = await this.em.find(Channel, { code: { $in: wanted } });
    const unknown = wanted.filter((c) => !found.some((ch) => ch.code === c));
    if (unknown.length > 0) throw new BadInputError('channelCodes', `unknown channels: ${unknown.join(', ')}`, { reason: 'UNKNOWN_CHANNEL', unknown });
    return wanted;
  }

  private async organisation(slug: string): Promise<Organisation> {
    const org = await this.em.findOne(Organisation, { slug });
    if (!org) throw new NotFoundError('organisation', slug);
    assertOrganisation(this.viewer, org.id);
    return org;
  }

  private async ownOrganisation(): Promise<Organisation> {
    const scope = organisationScope(this.viewer);
    if (scope === null) throw new BadInputError('organisationSlug', 'admins name the organisation of a new campaign');
    return this.em.findOneOrFail(Organisation, scope);
  }

  channels(): Promise<Channel[]> {
    return this.em.find(Channel, {}, { orderBy: { position: 'asc', code: 'asc' } });
  }

  /** Admins extend the channel list (or retire a channel, or change its capacity). */
  async saveChannel(input: ChannelFields): Promise<Channel> {
    assertAccess(this.viewer, OUTREACH_OPERATIONS['Mutation.saveOutreachChannel'], 'change the channel list');
    const code = input.code.trim().toLowerCase();
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(code)) throw new BadInputError('code', 'a channel code is lowercase ASCII words joined by hyphens');
    if (input.capacityPerSlot != null && (input.capacityPerSlot < 1 || input.capacityPerSlot > 1000))
      throw new BadInputError('capacityPerSlot', 'capacity must be between 1 and 1000');
    let channel = await this.em.findOne(Channel, { code });
    if (!channel) {
      if (!input.name?.trim()) throw new BadInputError('name', 'a new channel needs a name');
      channel = this.em.create(Channel, { code, name: nfcTrim(input.name) });
    }
    if (input.name?.trim()) channel.name = nfcTrim(input.name);
    if (input.description !== undefined) channel.description = input.description ? nfcTrim(input.description) : null;
    if (input.capacityPerSlot != null) channel.capacityPerSlot = input.capacityPerSlot;
    if (input.capacityPerUnit != null) channel.capacityPerUnit = input.capacityPerUnit;
    if (input.active != null) channel.active = input.active;
    if (input.position != null) channel.position = input.position;
    await this.em.flush();
    return channel;
  }
}
