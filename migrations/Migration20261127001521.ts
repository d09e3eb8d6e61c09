import { Migration } from '@mikro-orm/migrations';

export class Migration20261127001521 extends Migration {
  override async up(): Promise<void> {
    // Accent-insensitive search: unaccent is STABLE, so an IMMUTABLE wrapper is needed to index it.
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create or replace function f_unaccent(text) returns text language sql immutable parallel safe strict as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;`,
    );
    this.addSql(
      `create table "unit" ("id" serial primary key, "code" varchar(10) not null, "name" varchar(200) not null, "short_name" varchar(200) not null, "slug" varchar(120) not null, "kind" text check ("kind" in ('province', 'municipality', 'city', 'town', 'urban_district', 'district', 'ward', 'township', 'commune')) not null, "parent_id" int null, "valid_from" date null, "valid_to" date null, "successor_id" int null, "source" text null);`,
    );
    this.addSql(`alter table "unit" add constraint "unit_code_unique" unique ("code");`);
    this.addSql(`alter table "unit" add constraint "unit_slug_unique" unique ("slug");`);
    this.addSql(`create index "unit_parent_id_index" on "unit" ("parent_id");`);

    this.addSql(`alter table "unit" add constraint "unit_parent_id_foreign" foreign key ("parent_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "unit" add constraint "unit_successor_id_foreign" foreign key ("successor_id") references "unit" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "unit" drop constraint "unit_parent_id_foreign";`);

    this.addSql(`alter table "unit" drop constraint "unit_successor_id_foreign";`);

    this.addSql(`drop table if exists "unit" cascade;`);
    this.addSql(`drop function if exists f_unaccent(text);`);
  }
}
