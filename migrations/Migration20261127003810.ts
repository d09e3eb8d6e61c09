import { Migration } from '@mikro-orm/migrations';

export class Migration20261127003810 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outreach_channel" ("id" serial primary key, "code" varchar(80) not null, "name" varchar(200) not null, "description" text null, "capacity_per_slot" int not null default 1, "capacity_per_unit" boolean not null default false, "active" boolean not null default true, "position" int not null default 0);`,
    );
    this.addSql(`alter table "outreach_channel" add constraint "outreach_channel_code_unique" unique ("code");`);

    this.addSql(
      `create table "outreach_campaign" ("id" serial primary key, "import_key" varchar(200) null, "organisation_id" int not null, "title" varchar(250) not null, "goal" text not null default '', "starts_on" date not null, "ends_on" date not null, "topics" jsonb not null, "audiences" text[] not null, "channel_codes" jsonb not null, "status" text check ("status" in ('PLANNING', 'ACTIVE', 'CLOSED', 'CANCELLED')) not null default 'PLANNING', "illustrative" boolean not null default false, "source" text null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "outreach_campaign" add constraint "outreach_campaign_import_key_unique" unique ("import_key");`);
    this.addSql(`create index "outreach_campaign_organisation_id_index" on "outreach_campaign" ("organisation_id");`);

    this.addSql(
      `create table "outreach_campaign_unit" ("campaign_id" int not null, "unit_id" int not null, constraint "outreach_campaign_unit_pkey" primary key ("campaign_id", "unit_id"));`,
    );

    this.addSql(
      `create table "outreach_item" ("id" serial primary key, "import_key" varchar(200) null, "campaign_id" int not null, "channel_id" int not null, "title" varchar(250) not null, "brief" text not null default '', "widget" jsonb null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "rrule" text null, "exdates" jsonb not null, "assignee_id" int null, "status" text check ("status" in ('IDEA', 'DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SCHEDULED', 'DONE', 'CANCELLED')) not null default 'IDEA', "outcome_reach" varchar(255) null, "outcome_notes" text null, "depends_on_index_id" int null, "depends_on_year" varchar(255) null, "split_from_id" int null, "bounds_start" timestamptz not null, "bounds_end" timestamptz not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "outreach_item" add constraint "outreach_item_import_key_unique" unique ("import_key");`);
    this.addSql(`create index "outreach_item_campaign_id_index" on "outreach_item" ("campaign_id");`);
    this.addSql(`create index "outreach_item_channel_id_index" on "outreach_item" ("channel_id");`);
    this.addSql(`create index "outreach_item_bounds_start_bounds_end_index" on "outreach_item" ("bounds_start", "bounds_end");`);

    this.addSql(
      `create table "outreach_item_unit" ("outreach_item_id" int not null, "unit_id" int not null, constraint "outreach_item_unit_pkey" primary key ("outreach_item_id", "unit_id"));`,
    );

    this.addSql(
      `create table "outreach_item_article" ("outreach_item_id" int not null, "article_id" int not null, constraint "outreach_item_article_pkey" primary key ("outreach_item_id", "article_id"));`,
    );

    this.addSql(
      `create table "outreach_occurrence_override" ("id" serial primary key, "item_id" int not null, "original_start" timestamptz not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "title" varchar(250) null, "brief" text null, "status" text check ("status" in ('IDEA', 'DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SCHEDULED', 'DONE', 'CANCELLED')) null, "outcome_reach" varchar(255) null, "outcome_notes" text null);`,
    );
    this.addSql(`alter table "outreach_occurrence_override" add constraint "outreach_occurrence_override_item_id_original_start_unique" unique ("item_id", "original_start");`);

    this.addSql(
      `create table "outreach_feed" ("id" serial primary key, "token_hash" varchar(64) not null, "organisation_id" int not null, "campaign_id" int null, "label" varchar(200) not null, "created_by_id" int null, "created_at" timestamptz not null, "revoked_at" timestamptz null);`,
    );
    this.addSql(`alter table "outreach_feed" add constraint "outreach_feed_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "outreach_feed_organisation_id_index" on "outreach_feed" ("organisation_id");`);

    this.addSql(
      `alter table "outreach_campaign" add constraint "outreach_campaign_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "outreach_campaign_unit" add constraint "outreach_campaign_unit_campaign_id_foreign" foreign key ("campaign_id") references "outreach_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "outreach_campaign_unit" add constraint "outreach_campaign_unit_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "outreach_item" add constraint "outreach_item_campaign_id_foreign" foreign key ("campaign_id") references "outreach_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "outreach_item" add constraint "outreach_item_channel_id_foreign" foreign key ("channel_id") references "outreach_channel" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "outreach_item" add constraint "outreach_item_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "outreach_item" add constraint "outreach_item_depends_on_index_id_foreign" foreign key ("depends_on_index_id") references "ranking_index" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "outreach_item" add constraint "outreach_item_split_from_id_foreign" foreign key ("split_from_id") references "outreach_item" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "outreach_item_unit" add constraint "outreach_item_unit_outreach_item_id_foreign" foreign key ("outreach_item_id") references "outreach_item" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "outreach_item_unit" add constraint "outreach_item_unit_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "outreach_item_article" add constraint "outreach_item_article_outreach_item_id_foreign" foreign key ("outreach_item_id") references "outreach_item" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "outreach_item_article" add constraint "outreach_item_article_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "outreach_occurrence_override" add constraint "outreach_occurrence_override_item_id_foreign" foreign key ("item_id") references "outreach_item" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "outreach_feed" add constraint "outreach_feed_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "outreach_feed" add constraint "outreach_feed_campaign_id_foreign" foreign key ("campaign_id") references "outreach_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "outreach_feed" add constraint "outreach_feed_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outreach_item" drop constraint "outreach_item_channel_id_foreign";`);

    this.addSql(`alter table "outreach_campaign_unit" drop constraint "outreach_campaign_unit_campaign_id_foreign";`);

    this.addSql(`alter table "outreach_item" drop constraint "outreach_item_campaign_id_foreign";`);

    this.addSql(`alter table "outreach_feed" drop constraint "outreach_feed_campaign_id_foreign";`);

    this.addSql(`alter table "outreach_item" drop constraint "outreach_item_split_from_id_foreign";`);

    this.addSql(`alter table "outreach_item_unit" drop constraint "outreach_item_unit_outreach_item_id_foreign";`);

    this.addSql(`alter table "outreach_item_article" drop constraint "outreach_item_article_outreach_item_id_foreign";`);

    this.addSql(`alter table "outreach_occurrence_override" drop constraint "outreach_occurrence_override_item_id_foreign";`);

    this.addSql(`drop table if exists "outreach_channel" cascade;`);

    this.addSql(`drop table if exists "outreach_campaign" cascade;`);

    this.addSql(`drop table if exists "outreach_campaign_unit" cascade;`);

    this.addSql(`drop table if exists "outreach_item" cascade;`);

    this.addSql(`drop table if exists "outreach_item_unit" cascade;`);

    this.addSql(`drop table if exists "outreach_item_article" cascade;`);

    this.addSql(`drop table if exists "outreach_occurrence_override" cascade;`);

    this.addSql(`drop table if exists "outreach_feed" cascade;`);
  }
}
