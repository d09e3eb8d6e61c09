import { Migration } from '@mikro-orm/migrations';

export class Migration20261127005235 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ranking_edition" alter column "ranked_units" type int using ("ranked_units"::int);`);

    this.addSql(`alter table "ranking_score_sheet" alter column "reported_rank" type int using ("reported_rank"::int);`);

    this.addSql(`alter table "ranking_result" alter column "reported_rank" type int using ("reported_rank"::int);`);
    this.addSql(`alter table "ranking_result" alter column "previous_rank" type int using ("previous_rank"::int);`);
    this.addSql(`alter table "ranking_result" alter column "rank_change" type int using ("rank_change"::int);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ranking_edition" alter column "ranked_units" type varchar(255) using ("ranked_units"::varchar(255));`);

    this.addSql(`alter table "ranking_result" alter column "reported_rank" type varchar(255) using ("reported_rank"::varchar(255));`);
    this.addSql(`alter table "ranking_result" alter column "previous_rank" type varchar(255) using ("previous_rank"::varchar(255));`);
    this.addSql(`alter table "ranking_result" alter column "rank_change" type varchar(255) using ("rank_change"::varchar(255));`);

    this.addSql(`alter table "ranking_score_sheet" alter column "reported_rank" type varchar(255) using ("reported_rank"::varchar(255));`);
  }
}
