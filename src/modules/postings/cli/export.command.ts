/** `einvoice postings export` — a DATEV EXTF Buchungsstapel or a CSV of a tenant's postings. */
import { FileExportPostingAcks } from '../feed/posting-acks.module.js';
import { PostingsRepository } from '../postings.repository.js';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../../config/app-config.js';
import { operatorActor, parse, runCommand, UsageError } from '../../auth/cli/cli-support.js';
import { DatevSettingsRepository } from '../export/datev-settings.repository.js';
import { PostingExportService } from '../export/posting-export.service.js';
import { PostingReadRepository } from '../export/posting-read.repository.js';

export const SUMMARY = 'write a DATEV (EXTF) or CSV file of the postings of a period';

const USAGE = `usage: einvoice postings export --tenant SLUG|ID --format datev|csv --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE] [--ack] [--json]

  Postings whose invoice date lies in the period. datev: EXTF Buchungsstapel (Windows-1252,
  one calendar and fiscal year per file); csv: UTF-8, one line per Kontierung line.
  Without --out the file goes to standard output. Nothing is acknowledged unless --ack.
`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('postings export', USAGE, argv, () => {
    const { values } = parse(argv, {
      tenant: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      ack: { type: 'boolean' },
    });
    if (!values.tenant) throw new UsageError('--tenant is required');
    if (!values.format || !values.from || !values.to)
      throw new UsageError('--format, --from and --to are required');
    const tenantRef = values.tenant;
    return async ({ tenants, audit }, out, ds) => {
      const tenant = await tenants.resolve(tenantRef);
      const service = new PostingExportService(
        new PostingReadRepository(ds),
        new DatevSettingsRepository(ds),
        audit,
        loadConfig(process.env),
        new FileExportPostingAcks(new PostingsRepository(ds), audit),
      );
      const file = await service.export(
        tenant.id,
        { format: values.format, from: values.from, to: values.to, ack: values.ack === true },
        operatorActor(),
      );
      const summary = {
        file: values.out ?? null,
        format: values.format,
        postings: file.postingIds.length,
        lines: file.lines,
        acknowledged: file.acknowledged,
        postingIds: file.postingIds,
      };
      if (values.out) {
        await writeFile(values.out, file.body);
        out.result(
          `wrote ${values.out}: ${file.postingIds.length} posting(s), ${file.lines} line(s)${file.acknowledged ? ', acknowledged' : ''}`,
          summary,
        );
      } else {
        process.stdout.write(file.body);
        process.stderr.write(`${file.postingIds.length} posting(s), ${file.lines} line(s)\n`);
      }
      return 0;
    };
  });
}
