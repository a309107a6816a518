import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { analyzeMail, type InvoiceDetector } from './mail-analyzer.js';

type Att = { filename: string; content: string | Buffer; contentType?: string };

function compose(
  attachments: Att[],
  headers: Record<string, string> = {},
  from = 'lieferant@example.com',
): Promise<Buffer> {
  return new MailComposer({
    from,
    to: 'rechnung@musterstadt.example',
    subject: 'Rechnung 42',
    text: 'Anbei unsere Rechnung.',
    headers,
    attachments,
  })
    .compile()
    .build();
}

// Detector for the tests: an XML whose content mentions <Invoice is an invoice.
const detect: InvoiceDetector = async (content, type) =>
  type.includes('xml') && content.toString().includes('<Invoice');

describe('analyzeMail', () => {
  it('takes an XML invoice and keeps other attachments with it', async () => {
    const raw = await compose([
      { filename: 'rechnung-42.xml', content: '<Invoice/>', contentType: 'application/xml' },
      {
        filename: 'rechnung-42-stundenzettel.pdf',
        content: Buffer.from('%PDF-1.4'),
        contentType: 'application/pdf',
      },
    ]);
    const plan = await analyzeMail(raw, detect);
    expect(plan.refusal).toBeUndefined();
    expect(plan.automatic).toBe(false);
    expect(plan.from).toBe('lieferant@example.com');
    expect(plan.attachments.map((a) => [a.filename, a.kind, a.belongsTo])).toEqual([
      ['rechnung-42.xml', 'invoice', []],
      ['rechnung-42-stundenzettel.pdf', 'supporting', [0]],
    ]);
  });

  it('makes every invoice of a multi-invoice mail its own entry and assigns attachments by name', async () => {
    const raw = await compose([
      { filename: 'a.xml', content: '<Invoice>A</Invoice>', contentType: 'text/xml' },
      { filename: 'b.xml', content: '<Invoice>B</Invoice>', contentType: 'text/xml' },
      { filename: 'b-anlage.png', content: Buffer.from([0x89, 0x50]), contentType: 'image/png' },
      { filename: 'agb.pdf', content: Buffer.from('%PDF'), contentType: 'application/pdf' },
    ]);
    const plan = await analyzeMail(raw, detect);
    expect(plan.attachments.filter((a) => a.kind === 'invoice')).toHaveLength(2);
    expect(plan.attachments.find((a) => a.filename === 'b-anlage.png')!.belongsTo).toEqual([1]);
    expect(plan.attachments.find((a) => a.filename === 'agb.pdf')!.belongsTo).toEqual([0, 1]);
  });

  it('trusts the .xml extension of an octet-stream attachment and refuses disallowed types', async () => {
    const raw = await compose([
      { filename: 'invoice.xml', content: '<Invoice/>', contentType: 'application/octet-stream' },
      { filename: 'tool.exe', content: Buffer.from('MZ'), contentType: 'application/x-msdownload' },
    ]);
    const plan = await analyzeMail(raw, detect);
    expect(plan.attachments.map((a) => [a.kind, a.refusal])).toEqual([
      ['invoice', undefined],
      ['refused', 'ATTACHMENT-TYPE-NOT-ALLOWED'],
    ]);
  });

  it('refuses a mail without an invoice, too many attachments or too many bytes', async () => {
    expect(
      (
        await analyzeMail(
          await compose([{ filename: 'x.pdf', content: '%PDF', contentType: 'application/pdf' }]),
          detect,
        )
      ).refusal,
    ).toBe('MAIL-NO-INVOICE');
    const many = Array.from({ length: 201 }, (_, i) => ({
      filename: `f${i}.csv`,
      content: 'a;b',
      contentType: 'text/csv',
    }));
    const crowded = await analyzeMail(await compose(many), detect);
    expect(crowded.refusal).toBe('MAIL-TOO-MANY-ATTACHMENTS');
    expect(crowded.attachments).toHaveLength(0);
    const big = await compose([
      { filename: 'r.xml', content: '<Invoice/>' + 'x'.repeat(5000), contentType: 'application/xml' },
    ]);
    expect((await analyzeMail(big, detect, { maxBytes: 4000, maxAttachments: 200 })).refusal).toBe(
      'MAIL-TOO-LARGE',
    );
  });

  it('recognises automatic mail that must never be answered', async () => {
    const inv = [{ filename: 'r.xml', content: '<Invoice/>', contentType: 'application/xml' }];
    expect(
      (await analyzeMail(await compose(inv, { 'Auto-Submitted': 'auto-replied' }), detect)).automatic,
    ).toBe(true);
    expect((await analyzeMail(await compose(inv, { Precedence: 'bulk' }), detect)).automatic).toBe(true);
    expect((await analyzeMail(await compose(inv, {}, 'MAILER-DAEMON@mx.example'), detect)).automatic).toBe(
      true,
    );
    expect((await analyzeMail(await compose(inv, { 'Auto-Submitted': 'no' }), detect)).automatic).toBe(false);
  });
});
