import { jest } from '@jest/globals';
import { runSubCommand, type SubCommands } from './sub-commands.js';

describe('runSubCommand', () => {
  const ran: string[][] = [];
  const table: SubCommands = {
    verify: async () => ({ SUMMARY: 'check everything', run: async (argv) => (ran.push(argv), 7) }),
  };
  let out: string;
  let err: string;
  beforeEach(() => {
    ran.length = 0;
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs the named sub-command with the rest of the arguments and returns its code', async () => {
    expect(await runSubCommand('records', table, ['verify', '--tenant', 't'])).toBe(7);
    expect(ran).toEqual([['--tenant', 't']]);
  });

  it('prints the usage with each summary on --help (0) and refuses an unknown command (2)', async () => {
    expect(await runSubCommand('records', table, ['--help'])).toBe(0);
    expect(out).toContain('usage: einvoice records <command>');
    expect(out).toContain('verify       check everything');
    expect(await runSubCommand('records', table, ['toString'])).toBe(2);
    expect(err).toContain("einvoice records: unknown command 'toString'");
    expect(ran).toEqual([]);
  });
});
