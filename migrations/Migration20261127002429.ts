import { Migration } from '@mikro-orm/migrations';

export class Migration20261127002429 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_entry" ("id" serial primary key, "at" timestamptz not null, "actor_id" int null, "actor_label" varchar(300) not null, "action" varchar(100) not null, "target" varchar(300) null, "outcome" varchar(40) not null, "address" varchar(64) null, "details" jsonb not null);`,
    );
    this.addSql(`create index "audit_entry_actor_id_index" on "audit_entry" ("actor_id");`);
    this.addSql(`create index "audit_entry_action_index" on "audit_entry" ("action");`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);

    this.addSql(
      `create table "login_throttle" ("key" varchar(300) not null, "failures" int not null default 0, "window_start" timestamptz not null, "locked_until" timestamptz null, constraint "login_throttle_pkey" primary key ("key"));`,
    );

    this.addSql(
      `create table "organisation" ("id" serial primary key, "slug" varchar(80) not null, "name" varchar(200) not null, "kind" text check ("kind" in ('NEWSPAPER', 'DEPARTMENT', 'OUTREACH_OFFICE', 'OTHER')) not null default 'OTHER');`,
    );
    this.addSql(`alter table "organisation" add constraint "organisation_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "app_user" ("id" serial primary key, "email" varchar(254) not null, "display_name" varchar(120) not null, "password_hash" text not null, "roles" text[] not null, "organisation_id" int null, "must_change_password" boolean not null default false, "disabled" boolean not null default false, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`create index "app_user_organisation_id_index" on "app_user" ("organisation_id");`);

    this.addSql(
      `create table "session" ("id" serial primary key, "token_hash" varchar(64) not null, "user_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_seen_at" timestamptz null);`,
    );
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(
      `create table "api_token" ("id" serial primary key, "name" varchar(120) not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "owner_id" int not null, "scope" text check ("scope" in ('READ', 'WRITE')) not null default 'READ', "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`,
    );
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "api_token_owner_id_index" on "api_token" ("owner_id");`);

    this.addSql(
      `alter table "app_user" add constraint "app_user_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade on delete cascade;`);

    // The audit log is append-only: the database itself refuses changes and deletions.
    this.addSql(`create or replace function audit_entry_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_entry is append-only'; end $$;`);
    this.addSql(`create trigger audit_entry_no_update before update or delete on "audit_entry" for each row execute function audit_entry_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "app_user" drop constraint "app_user_organisation_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_owner_id_foreign";`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);
    this.addSql(`drop function if exists audit_entry_append_only();`);

    this.addSql(`drop table if exists "login_throttle" cascade;`);

    this.addSql(`drop table if exists "organisation" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);
  }
}
