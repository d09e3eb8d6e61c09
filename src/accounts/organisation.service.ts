/** Organisations (newsrooms, provincial departments…) that accounts belong to. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { slugify } from '../text/vietnamese';
import { Organisation, type OrganisationKind } from './organisation.entity';

export class OrganisationService {
  constructor(private readonly em: EntityManager) {}

  list(): Promise<Organisation[]> {
    return this.em.find(Organisation, {}, { orderBy: { name: 'asc' } });
  }

  /** The name is stored NFC and trimmed; the slug is derived from it. */
  async create(name: string, kind: OrganisationKind): Promise<Organisation> {
    const organisation = this.em.create(Organisation, { name: name.normalize('NFC').trim(), slug: slugify(name), kind });
    await this.em.flush();
    return organisation;
  }
}
