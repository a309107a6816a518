import {
  simpleParser,
  type AddressObject,
  type Attachment as ParsedAttachment,
  type ParsedMail,
} from 'mailparser';

/**
 * Turns one raw e-mail (RFC 5322 bytes, already stored in the raw store) into an intake
 * plan: which attachments are invoices, which are supporting documents of those invoices,
 * whether the mail breaches a limit, and whether it may be answered at all.
 *
 * The limits follow the federal receipt platforms: 20 MB per mail, at most 200
 * attachments, and only allow-listed attachment types. A breach does not drop anything:
 * the raw mail stays in the store and the sender gets a clear answer.
 */
export interface MailLimits {
  readonly maxBytes: number;
  readonly maxAttachments: number;
}

export const DEFAULT_MAIL_LIMITS: MailLimits = { maxBytes: 20 * 1024 * 1024, maxAttachments: 200 };

/** Attachment types a supplier may send: the invoice formats and BT-125's allowed MIME codes. */
export const ALLOWED_ATTACHMENT_TYPES: ReadonlySet<string> = new Set([
  'application/xml',
  'text/xml',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

export type AttachmentKind = 'invoice' | 'supporting' | 'refused';

/** Tells whether bytes are an e-invoice (XML with an invoice root, or a PDF carrying one). */
export type InvoiceDetector = (content: Buffer, contentType: string, filename: string) => Promise<boolean>;

export interface PlannedAttachment {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly content: Buffer;
  readonly kind: AttachmentKind;
  /** For supporting documents: indexes of the invoices they belong to. */
  readonly belongsTo: readonly number[];
  readonly refusal?: MailRefusalCode;
}

export type MailRefusalCode =
  | 'MAIL-TOO-LARGE'
  | 'MAIL-TOO-MANY-ATTACHMENTS'
  | 'MAIL-NO-INVOICE'
  | 'MAIL-UNREADABLE'
  | 'ATTACHMENT-TYPE-NOT-ALLOWED';

export interface MailPlan {
  readonly messageId?: string;
  readonly from?: string;
  readonly replyTo?: string;
  readonly subject: string;
  /** The mail is an automatic message (auto-reply, bounce, list): never answer it. */
  readonly automatic: boolean;
  /** Whole-mail refusal; when set, no attachment is taken in. */
  readonly refusal?: MailRefusalCode;
  readonly attachments: readonly PlannedAttachment[];
  /** Preferred language of the answer, from Content-Language / Accept-Language headers. */
  readonly lang: 'de' | 'en';
}

export async function analyzeMail(
  raw: Buffer,
  detect: InvoiceDetector,
  limits: MailLimits = DEFAULT_MAIL_LIMITS,
): Promise<MailPlan> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  } catch {
    return { subject: '', automatic: true, refusal: 'MAIL-UNREADABLE', attachments: [], lang: 'de' };
  }
  const base = {
    messageId: mail.messageId,
    from: firstAddress(mail.from),
    replyTo: firstAddress(mail.replyTo) ?? firstAddress(mail.from),
    subject: mail.subject ?? '',
    automatic: isAutomatic(mail),
    lang: languageOf(mail),
  };
  const files = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename);
  if (raw.byteLength > limits.maxBytes) return { ...base, refusal: 'MAIL-TOO-LARGE', attachments: [] };
  if (files.length > limits.maxAttachments)
    return { ...base, refusal: 'MAIL-TOO-MANY-ATTACHMENTS', attachments: [] };

  const classified = await Promise.all(
    files.map(async (a, index) => {
      const contentType = normalizeType(a);
      const filename = a.filename ?? `attachment-${index + 1}`;
      if (!ALLOWED_ATTACHMENT_TYPES.has(contentType)) {
        return { a, index, filename, contentType, kind: 'refused' as const };
      }
      const invoice = await detect(a.content, contentType, filename);
      return {
        a,
        index,
        filename,
        contentType,
        kind: invoice ? ('invoice' as const) : ('supporting' as const),
      };
    }),
  );
  const invoices = classified.filter((c) => c.kind === 'invoice');
  const attachments: PlannedAttachment[] = classified.map((c) => ({
    index: c.index,
    filename: c.filename,
    contentType: c.contentType,
    size: c.a.size,
    content: c.a.content,
    kind: c.kind,
    belongsTo: c.kind === 'supporting' ? owners(c.filename, invoices) : [],
    ...(c.kind === 'refused' ? { refusal: 'ATTACHMENT-TYPE-NOT-ALLOWED' as const } : {}),
  }));
  if (invoices.length === 0) return { ...base, refusal: 'MAIL-NO-INVOICE', attachments };
  return { ...base, attachments };
}

/**
 * A supporting document belongs to the invoice whose file name it shares a stem with
 * (rechnung-42.xml / rechnung-42-anlage.pdf); otherwise to every invoice of the mail, so
 * nothing is left without an owner.
 */
function owners(filename: string, invoices: ReadonlyArray<{ index: number; filename: string }>): number[] {
  const s = stem(filename);
  const matching = invoices.filter((i) => {
    const own = stem(i.filename);
    return s === own || (s.startsWith(own) && /[-_ .]/.test(s.charAt(own.length)));
  });
  return (matching.length ? matching : invoices).map((i) => i.index);
}

function stem(name: string): string {
  return name.toLowerCase().replace(/\.[a-z0-9]+$/, '');
}

function normalizeType(a: ParsedAttachment): string {
  const t = (a.contentType || 'application/octet-stream').toLowerCase().split(';')[0].trim();
  // Mail clients often send invoices as octet-stream: trust a known file extension then.
  if (t === 'application/octet-stream' && a.filename) {
    const ext = a.filename.toLowerCase().split('.').pop();
    const byExt: Record<string, string> = {
      xml: 'application/xml',
      pdf: 'application/pdf',
      png: 'image/png',
      jpg: 'image/jpeg',
      jpeg: 'image/jpeg',
      csv: 'text/csv',
    };
    if (ext && byExt[ext]) return byExt[ext];
  }
  return t;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): string | undefined {
  const obj = Array.isArray(a) ? a[0] : a;
  return obj?.value[0]?.address || undefined;
}

/**
 * RFC 3834 and common practice: auto-replies, delivery reports, mailing lists and
 * mailer-daemon mails must not be answered (mail loops, backscatter).
 */
export function isAutomatic(mail: ParsedMail): boolean {
  const h = mail.headers;
  const header = (name: string) => {
    const v = h.get(name);
    return typeof v === 'string'
      ? v.toLowerCase()
      : v === undefined
        ? undefined
        : JSON.stringify(v).toLowerCase();
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence') ?? '')) return true;
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('list-id') || h.has('list-unsubscribe'))
    return true;
  const returnPath = header('return-path');
  if (returnPath !== undefined && /<\s*>|"value":\[\]|^\s*$/.test(returnPath)) return true;
  const contentType = header('content-type') ?? '';
  if (contentType.includes('multipart/report') || contentType.includes('delivery-status')) return true;
  const from = firstAddress(mail.from)?.toLowerCase() ?? '';
  return /^(mailer-daemon|postmaster|no-?reply)@/.test(from);
}

function languageOf(mail: ParsedMail): 'de' | 'en' {
  const v = mail.headers.get('content-language') ?? mail.headers.get('accept-language');
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s.startsWith('en') ? 'en' : 'de';
}
