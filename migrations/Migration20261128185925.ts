import { Migration } from '@mikro-orm/migrations';

export class Migration20261128185925 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "article" add column "updated_by_user_id" int null;`);

    this.addSql(`alter table "article_revision" add column "saved_by_user_id" int null;`);

    this.addSql(`alter table "media_image" add column "uploaded_by_user_id" int null;`);

    this.addSql(`alter table "ranking_score_revision" add column "changed_by_user_id" int null;`);

    this.addSql(`alter table "api_token" add column "expires_at" timestamptz null;`);

    // Score history used to record a data manager's email as changedBy, shown to anyone: keep the
    // account id and show its display name instead (src/accounts/account-visibility.ts). Saves and
    // uploads recorded display names already; their old rows keep no account id (names are not unique).
    this.addSql(`update "ranking_score_revision" r set "changed_by_user_id" = u."id", "changed_by" = u."display_name" from "app_user" u where r."changed_by" = u."email";`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "ranking_score_revision" r set "changed_by" = u."email" from "app_user" u where r."changed_by_user_id" = u."id";`);
    this.addSql(`alter table "api_token" drop column "expires_at";`);

    this.addSql(`alter table "article" drop column "updated_by_user_id";`);

    this.addSql(`alter table "article_revision" drop column "saved_by_user_id";`);

    this.addSql(`alter table "media_image" drop column "uploaded_by_user_id";`);

    this.addSql(`alter table "ranking_score_revision" drop column "changed_by_user_id";`);
  }
}
