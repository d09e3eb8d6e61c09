import { Migration } from '@mikro-orm/migrations';

export class Migration20261128190826 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "unit" drop constraint if exists "unit_kind_check";`);

    this.addSql(`alter table "ranking_index" drop constraint if exists "ranking_index_level_check";`);

    this.addSql(
      `alter table "unit" add constraint "unit_kind_check" check("kind" in ('province', 'municipality', 'city', 'town', 'urban_district', 'district', 'ward', 'township', 'commune', 'ministry', 'ministry_agency', 'department'));`,
    );

    this.addSql(`alter table "ranking_index" add constraint "ranking_index_level_check" check("level" in ('PROVINCE', 'DISTRICT', 'COMMUNE', 'MINISTRY', 'DEPARTMENT'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ranking_index" drop constraint if exists "ranking_index_level_check";`);

    this.addSql(`alter table "unit" drop constraint if exists "unit_kind_check";`);

    this.addSql(`alter table "ranking_index" add constraint "ranking_index_level_check" check("level" in ('PROVINCE', 'DISTRICT', 'COMMUNE'));`);

    this.addSql(
      `alter table "unit" add constraint "unit_kind_check" check("kind" in ('province', 'municipality', 'city', 'town', 'urban_district', 'district', 'ward', 'township', 'commune'));`,
    );
  }
}
