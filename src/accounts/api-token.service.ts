import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ForbiddenError, NotFoundError } from '../graphql/errors';
import { hasRole, StaffViewer } from '../graphql/viewer';
import { Role, TokenScope } from './roles';
import { generateToken, hashToken } from './secrets';
import { ApiToken } from './session.entity';
import { User } from './user.entity';

/** API tokens act as their owner, limited by scope (READ by default). */
export class ApiTokenService {
  constructor(private readonly em: EntityManager, private readonly now: () => Date) {}

  async create(viewer: StaffViewer, name: string, scope: TokenScope = TokenScope.READ): Promise<{ token: string; apiToken: ApiToken }> {
    const clean = name.normalize('NFC').trim();
    if (!clean || clean.length > 120) throw new BadInputError('name', 'a token needs a name of 1 to 120 characters');
    if (!viewer.userId) throw new ForbiddenError('only a signed-in account can own API tokens');
    const token = generateToken('api');
    const apiToken = this.em.create(ApiToken, {
      name: clean,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 12),
      owner: this.em.getReference(User, viewer.userId),
      scope,
      createdAt: this.now(),
    });
    await this.em.flush();
    return { token, apiToken };
  }

  mine(viewer: StaffViewer): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { owner: viewer.userId ?? -1 }, { orderBy: { id: 'asc' } });
  }

  /** Owners revoke their own tokens; admins any. */
  async revoke(viewer: StaffViewer, id: number): Promise<ApiToken> {
    const apiToken = await this.em.findOne(ApiToken, { id });
    if (!apiToken || (apiToken.owner.id !== viewer.userId && !hasRole(viewer, Role.ADMIN))) throw new NotFoundError('ApiToken', String(id));
    apiToken.revokedAt ??= this.now();
    await this.em.flush();
    return apiToken;
  }
}
