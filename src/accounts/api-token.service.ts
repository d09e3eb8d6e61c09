import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ForbiddenError, NotFoundError } from '../core/errors';
import type { StaffViewer } from '../core/viewer';
import { mayManageApiToken } from './accounts.policy';
import { TokenScope } from '../core/roles';
import { generateToken, hashToken } from './secrets';
import { ApiToken } from './session.entity';
import { User } from './user.entity';

/** Longest lifetime a token may be given when it is given one (a token may also have none). */
export const MAX_TOKEN_DAYS = 3650;
const DAY_MS = 86_400_000;

export interface TokenExpiry {
  expiresAt?: Date | null;
  expiresInDays?: number | null;
}

/** API tokens act as their owner, limited by scope (READ by default). */
export class ApiTokenService {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date,
  ) {}

  async create(viewer: StaffViewer, name: string, scope: TokenScope = TokenScope.READ, expiry: TokenExpiry = {}): Promise<{ token: string; apiToken: ApiToken }> {
    const clean = name.normalize('NFC').trim();
    if (!clean || clean.length > 120) throw new BadInputError('name', 'a token needs a name of 1 to 120 characters');
    const expiresAt = this.expiryOf(expiry);
    if (!viewer.userId) throw new ForbiddenError('only a signed-in account can own API tokens');
    const token = generateToken('api');
    const apiToken = this.em.create(ApiToken, {
      name: clean,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 12),
      owner: this.em.getReference(User, viewer.userId),
      scope,
      createdAt: this.now(),
      expiresAt,
    });
    await this.em.flush();
    return { token, apiToken };
  }

  /** The instant a new token stops working: at most one of the two ways, in the future, within MAX_TOKEN_DAYS. */
  private expiryOf({ expiresAt, expiresInDays }: TokenExpiry): Date | null {
    const now = this.now().getTime();
    if (expiresAt != null && expiresInDays != null) throw new BadInputError('expiresInDays', 'give expiresAt or expiresInDays, not both');
    if (expiresInDays != null) {
      if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS)
        throw new BadInputError('expiresInDays', `expiresInDays must be from 1 to ${MAX_TOKEN_DAYS}`);
      return new Date(now + expiresInDays * DAY_MS);
    }
    if (expiresAt != null) {
      if (expiresAt.getTime() <= now) throw new BadInputError('expiresAt', 'expiresAt must be in the future');
      if (expiresAt.getTime() > now + MAX_TOKEN_DAYS * DAY_MS) throw new BadInputError('expiresAt', `expiresAt must be within ${MAX_TOKEN_DAYS} days`);
      return expiresAt;
    }
    return null;
  }

  mine(viewer: StaffViewer): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { owner: viewer.userId ?? -1 }, { orderBy: { id: 'asc' } });
  }

  /** Owners revoke their own tokens; admins any. */
  async revoke(viewer: StaffViewer, id: number): Promise<ApiToken> {
    const apiToken = await this.em.findOne(ApiToken, { id });
    if (!apiToken || !mayManageApiToken(viewer, apiToken.owner.id)) throw new NotFoundError('ApiToken', String(id));
    apiToken.revokedAt ??= this.now();
    await this.em.flush();
    return apiToken;
  }
}
