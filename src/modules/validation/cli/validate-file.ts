import { readFileSync } from 'node:fs';
import { engineFinding } from '../findings.js';
import type { ValidationResult } from '../result.js';
import type { Validator } from '../validator.js';

/** Reads and validates one file; an unreadable file still gets its result. */
export async function validateFile(validator: Validator, file: string): Promise<ValidationResult> {
  let bytes: Uint8Array;
  try {
    // synchronous: for many small files it is markedly cheaper than the promise API
    bytes = readFileSync(file);
  } catch {
    return unreadable(file);
  }
  return validator.validate(bytes, { fileName: file });
}

function unreadable(file: string): ValidationResult {
  return {
    file,
    container: 'xml',
    syntax: 'unknown',
    customization: null,
    scenario: null,
    release: null,
    ruleSets: [],
    valid: false,
    acceptRecommendation: 'REJECT',
    schemaErrors: [],
    errors: [engineFinding('FILE-UNREADABLE')],
    warnings: [],
    infos: [],
    steps: ['read'],
  };
}
