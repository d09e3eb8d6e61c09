import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "change_outbox" ("id" bigserial primary key, "type" varchar(60) not null, "keys" jsonb not null, "revision" int null, "payload" jsonb not null, "organisation_id" int null, "occurred_at" timestamptz not null default now());`,
    );

    this.addSql(
      `create table "change_cursor" ("consumer" varchar(100) not null, "last_id" bigint not null default '0', "lease_owner" varchar(100) null, "lease_until" timestamptz null, "updated_at" timestamptz not null default now(), constraint "change_cursor_pkey" primary key ("consumer"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "change_cursor" cascade;`);

    this.addSql(`drop table if exists "change_outbox" cascade;`);
  }
}
