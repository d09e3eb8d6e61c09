import { Migration } from '@mikro-orm/migrations';

export class Migration20261127012248 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "body_snapshot" ("id" serial primary key, "article_id" int not null, "body_hash" varchar(64) not null, "taken_at" timestamptz not null, "widgets" jsonb not null, "facts" jsonb not null);`,
    );
    this.addSql(`create index "body_snapshot_article_id_index" on "body_snapshot" ("article_id");`);
    this.addSql(`alter table "body_snapshot" add constraint "body_snapshot_article_id_body_hash_unique" unique ("article_id", "body_hash");`);

    this.addSql(
      `alter table "body_snapshot" add constraint "body_snapshot_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "body_snapshot" cascade;`);
  }
}
