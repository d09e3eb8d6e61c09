/**
 * A mutation and its audit entry commit together or not at all: when anything after the write
 * fails (here the audit store refuses the entry), the write is rolled back and the client gets
 * a clean INTERNAL_SERVER_ERROR without SQL or JavaScript internals, in every environment.
 */
import { Role } from '../../src/core/roles';
import { CreateUserDocument } from '../gql/graphql';
import { signedInAs, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('a failed write leaves nothing behind', () => {
  let db: TestDatabase;
  let admin: TestAccount;
  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await signedInAs(db, [Role.ADMIN]);
    await db.orm.em.getConnection().execute(`
      create function refuse_some_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'createUser' and new.outcome = 'OK' then raise exception 'audit store unavailable for %', new.target; end if;
        return new;
      end $$;
      create trigger refuse_some_audit before insert on audit_entry for each row execute function refuse_some_audit();`);
  });
  afterAll(() => db.destroy());

  async function userCount(email: string): Promise<number> {
    const rows = await db.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from app_user where email = ?', [email]);
    return Number(rows[0].n);
  }

  for (const env of ['development', 'production'] as const) {
    it(`rolls the account back when its audit entry cannot be written (${env})`, async () => {
      const server: TestServer = await startTestServer(db, { env });
      try {
        const email = `bong-ma-${env}@baohatinh.vn`;
        const res = await server.query(CreateUserDocument, { email, roles: ['ADMIN'] }, admin.headers);
        expect(res.status).toBe(200);
        expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(JSON.stringify(res)).not.toMatch(/audit|insert|trigger|plpgsql|stack|at \w+ \(/i);
        expect(await userCount(email)).toBe(0);
        // The failure itself is on record.
        const outcomes = await db.orm.em
          .getConnection()
          .execute<{ outcome: string }[]>("select outcome from audit_entry where action = 'createUser' and target = ?", [`email=${email}`]);
        expect(outcomes.map((o) => o.outcome)).toEqual(['INTERNAL_SERVER_ERROR']);
      } finally {
        await server.stop();
      }
    });
  }
});
