import { Migration } from '@mikro-orm/migrations';

export class Migration20261127002618 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "article" ("id" serial primary key, "import_key" varchar(200) null, "title" varchar(250) not null, "sapo" text not null default '', "body" text not null default '', "slug" varchar(120) not null, "state" text check ("state" in ('DRAFT', 'IN_REVIEW', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "publish_at" timestamptz null, "source" varchar(200) null, "byline" varchar(200) null, "dateline" varchar(200) null, "cover_image" jsonb null, "images" jsonb not null, "seo_title" varchar(200) null, "seo_description" varchar(400) null, "external_url" text null, "external_stub" boolean not null default false, "pending" jsonb null, "pending_publish_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "updated_by" varchar(200) not null);`,
    );
    this.addSql(`alter table "article" add constraint "article_import_key_unique" unique ("import_key");`);
    this.addSql(`alter table "article" add constraint "article_slug_unique" unique ("slug");`);
    this.addSql(`create index "article_pending_publish_at_index" on "article" ("pending_publish_at");`);
    this.addSql(`create index "article_state_publish_at_index" on "article" ("state", "publish_at");`);
    this.addSql(`create index "article_search_trgm" on "article" using gin ((f_unaccent(lower(title || ' ' || sapo || ' ' || body))) gin_trgm_ops);`);

    this.addSql(
      `create table "article_published_event" ("id" serial primary key, "article_id" int not null, "published_at" timestamptz not null, "recorded_at" timestamptz not null);`,
    );
    this.addSql(`alter table "article_published_event" add constraint "article_published_event_article_id_unique" unique ("article_id");`);
    this.addSql(`create index "article_published_event_recorded_at_index" on "article_published_event" ("recorded_at");`);

    this.addSql(
      `create table "article_revision" ("id" serial primary key, "article_id" int not null, "number" int not null, "action" text check ("action" in ('CREATE', 'UPDATE', 'PENDING', 'PUBLISH_PENDING', 'DISCARD_PENDING', 'TRANSITION', 'RESTORE', 'IMPORT')) not null, "saved_by" varchar(200) not null, "saved_at" timestamptz not null, "changed_fields" jsonb not null, "snapshot" jsonb not null, "state" varchar(20) not null, "publish_at" timestamptz null, "restored_from" varchar(255) null);`,
    );
    this.addSql(`alter table "article_revision" add constraint "article_revision_article_id_number_unique" unique ("article_id", "number");`);

    this.addSql(`create table "article_slug" ("id" serial primary key, "slug" varchar(120) not null, "article_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "article_slug" add constraint "article_slug_slug_unique" unique ("slug");`);
    this.addSql(`create index "article_slug_article_id_index" on "article_slug" ("article_id");`);

    this.addSql(`create table "author" ("id" serial primary key, "slug" varchar(120) not null, "display_name" varchar(200) not null, "role" varchar(200) null);`);
    this.addSql(`alter table "author" add constraint "author_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "article_author" ("article_id" int not null, "author_id" int not null, "position" int not null, constraint "article_author_pkey" primary key ("article_id", "author_id"));`,
    );
    this.addSql(`create index "article_author_author_id_index" on "article_author" ("author_id");`);

    this.addSql(`create table "tag" ("id" serial primary key, "slug" varchar(120) not null, "name" varchar(120) not null);`);
    this.addSql(`alter table "tag" add constraint "tag_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "article_tag" ("article_id" int not null, "tag_id" int not null, "position" int not null, constraint "article_tag_pkey" primary key ("article_id", "tag_id"));`,
    );
    this.addSql(`create index "article_tag_tag_id_index" on "article_tag" ("tag_id");`);

    this.addSql(
      `create table "topic" ("id" serial primary key, "slug" varchar(120) not null, "name" varchar(200) not null, "description" text null, "position" int not null default 0);`,
    );
    this.addSql(`alter table "topic" add constraint "topic_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "article_topic" ("article_id" int not null, "topic_id" int not null, "position" int not null, constraint "article_topic_pkey" primary key ("article_id", "topic_id"));`,
    );
    this.addSql(`create index "article_topic_topic_id_index" on "article_topic" ("topic_id");`);

    this.addSql(
      `create table "ranking_index" ("id" serial primary key, "slug" varchar(120) not null, "name" varchar(300) not null, "publisher" varchar(300) null, "level" text check ("level" in ('PROVINCE', 'DISTRICT', 'COMMUNE')) not null, "scope_id" int null, "description" text null, "sources" text null, "illustrative" boolean not null default false, "top_n" int not null default 3);`,
    );
    this.addSql(`alter table "ranking_index" add constraint "ranking_index_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "ranking_edition" ("id" serial primary key, "index_id" int not null, "year" int not null, "title" varchar(300) not null, "source_document" text null, "source_url" text null, "methodology" varchar(200) null, "status" text check ("status" in ('DRAFT', 'PUBLISHED')) not null default 'DRAFT', "published_on" date null, "illustrative" boolean not null default false, "ranked_units" varchar(255) null, "max_total" double precision not null default 0, "revision" int not null default 0);`,
    );
    this.addSql(`alter table "ranking_edition" add constraint "ranking_edition_index_id_year_unique" unique ("index_id", "year");`);

    this.addSql(
      `create table "ranking_score_sheet" ("id" serial primary key, "edition_id" int not null, "unit_id" int not null, "points" jsonb not null, "reported_total" double precision null, "reported_rank" varchar(255) null);`,
    );
    this.addSql(`create index "ranking_score_sheet_unit_id_index" on "ranking_score_sheet" ("unit_id");`);
    this.addSql(`alter table "ranking_score_sheet" add constraint "ranking_score_sheet_edition_id_unit_id_unique" unique ("edition_id", "unit_id");`);

    this.addSql(
      `create table "ranking_score_revision" ("id" serial primary key, "edition_id" int not null, "unit_id" int not null, "field" varchar(40) not null, "old_value" double precision null, "new_value" double precision null, "changed_by" varchar(200) not null, "changed_at" timestamptz not null, "reason" text null, "via" varchar(300) not null, "data_revision" int not null);`,
    );
    this.addSql(`create index "ranking_score_revision_edition_id_unit_id_index" on "ranking_score_revision" ("edition_id", "unit_id");`);

    this.addSql(
      `create table "ranking_result" ("id" serial primary key, "edition_id" int not null, "unit_id" int not null, "total" double precision not null, "computed_total" double precision null, "reported_total" double precision null, "rank" int not null, "rank_kind" text check ("rank_kind" in ('COMPUTED', 'REPORTED')) not null, "reported_rank" varchar(255) null, "percent_of_max" double precision null, "previous_rank" varchar(255) null, "rank_change" varchar(255) null, "score_change" double precision null, "gap_to_leader" double precision null, "streak" int not null, "top_streak" int not null, "areas" jsonb not null, "revision" int not null);`,
    );
    this.addSql(`create index "ranking_result_unit_id_index" on "ranking_result" ("unit_id");`);
    this.addSql(`create index "ranking_result_edition_id_rank_index" on "ranking_result" ("edition_id", "rank");`);
    this.addSql(`alter table "ranking_result" add constraint "ranking_result_edition_id_unit_id_unique" unique ("edition_id", "unit_id");`);

    this.addSql(
      `create table "ranking_criterion" ("id" serial primary key, "edition_id" int not null, "code" varchar(40) not null, "parent_code" varchar(40) null, "title" text not null, "max_points" double precision not null, "component" text check ("component" in ('APPRAISED', 'SURVEY')) null, "depth" int not null, "position" int not null);`,
    );
    this.addSql(`create index "ranking_criterion_edition_id_index" on "ranking_criterion" ("edition_id");`);
    this.addSql(`alter table "ranking_criterion" add constraint "ranking_criterion_edition_id_code_unique" unique ("edition_id", "code");`);

    this.addSql(
      `create table "article_unit" ("article_id" int not null, "unit_id" int not null, "position" int not null, constraint "article_unit_pkey" primary key ("article_id", "unit_id"));`,
    );
    this.addSql(`create index "article_unit_unit_id_index" on "article_unit" ("unit_id");`);

    this.addSql(
      `alter table "article_published_event" add constraint "article_published_event_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "article_revision" add constraint "article_revision_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "article_slug" add constraint "article_slug_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "article_author" add constraint "article_author_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "article_author" add constraint "article_author_author_id_foreign" foreign key ("author_id") references "author" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "article_tag" add constraint "article_tag_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "article_tag" add constraint "article_tag_tag_id_foreign" foreign key ("tag_id") references "tag" ("id") on update cascade on delete restrict;`);

    this.addSql(
      `alter table "article_topic" add constraint "article_topic_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "article_topic" add constraint "article_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ranking_index" add constraint "ranking_index_scope_id_foreign" foreign key ("scope_id") references "unit" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ranking_edition" add constraint "ranking_edition_index_id_foreign" foreign key ("index_id") references "ranking_index" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "ranking_score_sheet" add constraint "ranking_score_sheet_edition_id_foreign" foreign key ("edition_id") references "ranking_edition" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "ranking_score_sheet" add constraint "ranking_score_sheet_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ranking_score_revision" add constraint "ranking_score_revision_edition_id_foreign" foreign key ("edition_id") references "ranking_edition" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "ranking_score_revision" add constraint "ranking_score_revision_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ranking_result" add constraint "ranking_result_edition_id_foreign" foreign key ("edition_id") references "ranking_edition" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "ranking_result" add constraint "ranking_result_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ranking_criterion" add constraint "ranking_criterion_edition_id_foreign" foreign key ("edition_id") references "ranking_edition" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "article_unit" add constraint "article_unit_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "article_unit" add constraint "article_unit_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "article_published_event" drop constraint "article_published_event_article_id_foreign";`);

    this.addSql(`alter table "article_revision" drop constraint "article_revision_article_id_foreign";`);

    this.addSql(`alter table "article_slug" drop constraint "article_slug_article_id_foreign";`);

    this.addSql(`alter table "article_author" drop constraint "article_author_article_id_foreign";`);

    this.addSql(`alter table "article_tag" drop constraint "article_tag_article_id_foreign";`);

    this.addSql(`alter table "article_topic" drop constraint "article_topic_article_id_foreign";`);

    this.addSql(`alter table "article_unit" drop constraint "article_unit_article_id_foreign";`);

    this.addSql(`alter table "article_author" drop constraint "article_author_author_id_foreign";`);

    this.addSql(`alter table "article_tag" drop constraint "article_tag_tag_id_foreign";`);

    this.addSql(`alter table "article_topic" drop constraint "article_topic_topic_id_foreign";`);

    this.addSql(`alter table "ranking_edition" drop constraint "ranking_edition_index_id_foreign";`);

    this.addSql(`alter table "ranking_score_sheet" drop constraint "ranking_score_sheet_edition_id_foreign";`);

    this.addSql(`alter table "ranking_score_revision" drop constraint "ranking_score_revision_edition_id_foreign";`);

    this.addSql(`alter table "ranking_result" drop constraint "ranking_result_edition_id_foreign";`);

    this.addSql(`alter table "ranking_criterion" drop constraint "ranking_criterion_edition_id_foreign";`);

    this.addSql(`drop table if exists "article" cascade;`);

    this.addSql(`drop table if exists "article_published_event" cascade;`);

    this.addSql(`drop table if exists "article_revision" cascade;`);

    this.addSql(`drop table if exists "article_slug" cascade;`);

    this.addSql(`drop table if exists "author" cascade;`);

    this.addSql(`drop table if exists "article_author" cascade;`);

    this.addSql(`drop table if exists "tag" cascade;`);

    this.addSql(`drop table if exists "article_tag" cascade;`);

    this.addSql(`drop table if exists "topic" cascade;`);

    this.addSql(`drop table if exists "article_topic" cascade;`);

    this.addSql(`drop table if exists "ranking_index" cascade;`);

    this.addSql(`drop table if exists "ranking_edition" cascade;`);

    this.addSql(`drop table if exists "ranking_score_sheet" cascade;`);

    this.addSql(`drop table if exists "ranking_score_revision" cascade;`);

    this.addSql(`drop table if exists "ranking_result" cascade;`);

    this.addSql(`drop table if exists "ranking_criterion" cascade;`);

    this.addSql(`drop table if exists "article_unit" cascade;`);
  }
}
