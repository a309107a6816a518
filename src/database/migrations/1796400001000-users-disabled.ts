import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff account can be disabled by its tenant's admin (someone left, a role ended) and
 * enabled again; the row stays, so its audit trail and decisions keep their author.
 */
export class UsersDisabled1796400001000 implements MigrationInterface {
  name = 'UsersDisabled1796400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN disabled_at`);
  }
}
