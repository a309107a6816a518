import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { createValidator, type Validator } from '../../validation/index.js';
import { extractInvoiceFromPdf, isPdf, type PdfExtraction } from '../../validation/pdf/pdf-extract.js';

/**
 * One validator per process: the official schemas are compiled once (~150 ms) and then
 * reused for every invoice. Lazily created so that an `api` process that never validates
 * does not pay for it.
 */
@Injectable()
export class ValidatorProvider {
  private validator: Validator | undefined;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  get(): Validator {
    this.validator ??= createValidator({
      rules: 'all',
      summary: true,
      limits: { maxBytes: this.config.get('XML_MAX_BYTES') },
      maxPdfBytes: this.config.get('UPLOAD_MAX_BYTES'),
    });
    return this.validator;
  }

  /** The invoice XML a PDF carries (ZUGFeRD / Factur-X), within the validator's limits. */
  extractFromPdf(bytes: Uint8Array): Promise<PdfExtraction> {
    const o = this.get().options;
    return extractInvoiceFromPdf(bytes, {
      maxPdfBytes: o.maxPdfBytes,
      maxAttachmentBytes: o.maxPdfAttachmentBytes,
    });
  }

  /** The invoice XML of a document: the bytes themselves, or what a PDF carries (undefined when it carries none). */
  async invoiceXml(
    bytes: Uint8Array,
  ): Promise<{ pdf: boolean; xml?: Uint8Array; xmlFilename?: string | null }> {
    if (!isPdf(bytes)) return { pdf: false, xml: bytes };
    const found = await this.extractFromPdf(bytes);
    return found.ok ? { pdf: true, xml: found.xml, xmlFilename: found.info.xmlFilename } : { pdf: true };
  }
}
