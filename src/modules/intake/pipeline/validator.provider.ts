import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { createValidator, type ValidationResult, type Validator } from '../../validation/index.js';
import type { ValidationContext } from '../../validation/pipeline/context.js';
import type { Step } from '../../validation/pipeline/pipeline.js';
import { DEFAULT_STEPS } from '../../validation/pipeline/steps.js';
import { extractInvoiceFromPdf, isPdf, type PdfExtraction } from '../../validation/pdf/pdf-extract.js';
import { readInvoice, type Invoice } from '../../validation/semantic/read-invoice.js';

/** What the pipeline takes from one validation run besides the verdict. */
export interface ValidatedDocument {
  readonly result: ValidationResult;
  /** 'pdf' for ZUGFeRD / Factur-X, else 'xml'. */
  readonly container: 'xml' | 'pdf';
  /** The invoice XML a PDF carries (undefined for plain XML, or a PDF without one). */
  readonly embeddedXml?: { readonly bytes: Uint8Array; readonly fileName: string | null };
  /** The EN 16931 model, when the XML could be parsed and is an invoice or credit note. */
  readonly model?: Invoice;
}

interface Captured {
  container: 'xml' | 'pdf';
  xmlBytes: Uint8Array | null;
  model?: Invoice;
  modelError?: Error;
}

/**
 * One validator per process: the official schemas are compiled once (~150 ms) and then
 * reused for every invoice. Lazily created so that an `api` process that never validates
 * does not pay for it.
 */
@Injectable()
export class ValidatorProvider {
  private validator: Validator | undefined;
  private pipelineValidator: Validator | undefined;
  /** What the capture step saw, per validated input (the run's `bytes` object). */
  private readonly captured = new WeakMap<Uint8Array, Captured>();

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  get(): Validator {
    this.validator ??= createValidator(this.options());
    return this.validator;
  }

  /**
   * Validates a stored document and reads its EN 16931 model from the very tree the
   * validation parsed (no second parse of the XML, no second PDF extraction): a step
   * inserted before the final decision (which frees the parsed document) captures it.
   */
  async validateDocument(bytes: Uint8Array, fileName?: string): Promise<ValidatedDocument> {
    this.pipelineValidator ??= createValidator(this.options(), this.stepsWithCapture());
    // A run of its own for these bytes: a caller validating the same Buffer concurrently
    // must not see this run's capture.
    const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await this.pipelineValidator.validate(input, { fileName });
    const seen = this.captured.get(input);
    this.captured.delete(input);
    // Reading the model is not validation: a failure there is a fault to retry and see,
    // not a finding about the document.
    if (seen?.modelError !== undefined) throw seen.modelError;
    const container = seen?.container ?? (isPdf(bytes) ? 'pdf' : 'xml');
    return {
      result,
      container,
      embeddedXml:
        container === 'pdf' && seen?.xmlBytes
          ? { bytes: seen.xmlBytes, fileName: result.pdf?.xmlFilename ?? null }
          : undefined,
      model: seen?.model,
    };
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

  /** Where this process reads the official schemas (the installation's schemas directory). */
  get schemaDir(): string {
    return this.config.schemasDir;
  }

  private options() {
    return {
      rules: 'all',
      schemaDir: this.config.schemasDir,
      release: this.config.get('VALIDATION_RELEASES'),
      summary: true,
      limits: { maxBytes: this.config.get('XML_MAX_BYTES') },
      maxPdfBytes: this.config.get('UPLOAD_MAX_BYTES'),
    } as const;
  }

  /** The default steps with the capture step just before the decision (or at the end). */
  private stepsWithCapture(): Step<ValidationContext>[] {
    const capture: Step<ValidationContext> = {
      name: 'intake-capture',
      always: true,
      silent: true,
      run: (ctx) => {
        const seen: Captured = { container: ctx.container, xmlBytes: ctx.xmlBytes };
        try {
          seen.model = (ctx.root && readInvoice(ctx.root)) || undefined;
        } catch (err) {
          seen.modelError = err instanceof Error ? err : new Error(String(err));
        }
        this.captured.set(ctx.bytes, seen);
      },
    };
    const steps = [...DEFAULT_STEPS];
    const decide = steps.findIndex((s) => s.name === 'decide');
    steps.splice(decide < 0 ? steps.length : decide, 0, capture);
    return steps;
  }
}
