import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The approver key's link to its staff member gets a name of the project's pattern (`fk_<table>_<what>`). */
export class ApiKeyUserFk1797000001000 implements MigrationInterface {
  name = 'ApiKeyUserFk1797000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys RENAME CONSTRAINT api_keys_user_id_fkey TO fk_api_keys_user`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys RENAME CONSTRAINT fk_api_keys_user TO api_keys_user_id_fkey`);
  }
}
