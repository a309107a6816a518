import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { createValidator, type Validator } from '../../validation/index.js';

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
}
