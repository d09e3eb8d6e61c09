/** Every entity, listed explicitly: no folder scanning, the same in tests, ts and compiled js. */
import { Unit } from '../units/unit.entity';
import { MediaImage } from '../media/image.entity';
import { Article } from '../newsroom/article.entity';
import { ArticleAuthor, ArticleSlug, ArticleTag, ArticleTopic, ArticleUnit } from '../newsroom/article-links.entity';
import { ArticlePublishedEvent, ArticleRevision } from '../newsroom/revision.entity';
import { Author, Tag, Topic } from '../newsroom/taxonomy.entity';
import { RankingIndex } from '../rankings/index.entity';
import { CriterionNode, Edition } from '../rankings/edition.entity';
import { ScoreRevision, ScoreSheet } from '../rankings/score.entity';
import { RankingResult } from '../rankings/result.entity';
import { Organisation } from '../accounts/organisation.entity';
import { User } from '../accounts/user.entity';
import { ApiToken, Session } from '../accounts/session.entity';
import { AuditEntry, LoginThrottle } from '../accounts/audit.entity';
import { Channel } from '../outreach/channel.entity';
import { Campaign } from '../outreach/campaign.entity';
import { OccurrenceOverride, OutreachItem } from '../outreach/item.entity';
import { OutreachFeed } from '../outreach/feed.entity';
import { BodySnapshot } from '../bodies/snapshot.entity';
import { ChangeCursor, ChangeOutboxRow } from '../outbox/outbox.entity';
import { WEBHOOK_ENTITIES } from '../live/webhooks/webhook.entity';

export const ALL_ENTITIES = [
  Organisation,
  User,
  Session,
  ApiToken,
  AuditEntry,
  LoginThrottle,
  Unit,
  RankingIndex,
  Edition,
  CriterionNode,
  ScoreSheet,
  RankingResult,
  ScoreRevision,
  Topic,
  Tag,
  Author,
  Article,
  ArticleTopic,
  ArticleTag,
  ArticleAuthor,
  ArticleUnit,
  ArticleSlug,
  ArticleRevision,
  ArticlePublishedEvent,
  MediaImage,
  Channel,
  Campaign,
  OutreachItem,
  OccurrenceOverride,
  OutreachFeed,
  BodySnapshot,
  ChangeOutboxRow,
  ChangeCursor,
  ...WEBHOOK_ENTITIES,
];
