import { Migration } from '@mikro-orm/migrations';

export class Migration20261127002725 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "media_image" ("id" uuid not null, "storage_key" varchar(200) not null, "format" text check ("format" in ('jpeg', 'png', 'webp', 'avif', 'gif')) not null, "width" int not null, "height" int not null, "bytes" int not null, "sha256" varchar(64) not null, "file_name" varchar(255) null, "alt" text null, "caption" text null, "credit" varchar(300) null, "focal_x" double precision not null default 0.5, "focal_y" double precision not null default 0.5, "revision" int not null default 1, "placeholder" varchar(64) not null, "dominant_color" varchar(7) not null, "is_sample" boolean not null default false, "uploaded_by" varchar(200) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "media_image_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "media_image_sha256_index" on "media_image" ("sha256");`);
    this.addSql(`create index "media_image_created_at_index" on "media_image" ("created_at");`);

    this.addSql(`alter table "article_revision" alter column "restored_from" type int using ("restored_from"::int);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "media_image" cascade;`);

    this.addSql(`alter table "article_revision" alter column "restored_from" type varchar(255) using ("restored_from"::varchar(255));`);
  }
}
