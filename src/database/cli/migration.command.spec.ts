import { renderMigration } from './migration.command.js';

describe('renderMigration', () => {
  it('writes up in order, down in reverse, and escapes SQL safely into template literals', () => {
    const text = renderMigration(
      'AddThing1700000000000',
      [
        { query: 'CREATE TABLE "a" (x text DEFAULT `q` || \'${b}\')' },
        { query: 'CREATE INDEX "ix" ON "a" (x)' },
      ],
      [{ query: 'DROP TABLE "a"' }, { query: 'DROP INDEX "ix"' }],
    );
    expect(text).toContain('export class AddThing1700000000000 implements MigrationInterface');
    expect(text).toContain("name = 'AddThing1700000000000';");
    expect(text).toContain("DEFAULT \\`q\\` || '\\${b}'");
    const down = text.slice(text.indexOf('async down'));
    expect(down.indexOf('DROP INDEX')).toBeLessThan(down.indexOf('DROP TABLE'));
  });
});
