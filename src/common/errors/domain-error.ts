/**
 * A domain error: a stable string code, the HTTP status it maps to, and a message in
 * German and English. Services throw these (never HTTP exceptions); one global filter
 * turns them into `{ error: { code, message } }` responses in the caller's language.
 * Each module declares its codes in `<domain>.errors.ts` with a factory per code.
 */
export type Lang = 'de' | 'en';

export interface DomainErrorSpec {
  readonly code: string;
  readonly status: number;
  readonly de: string;
  readonly en: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: { de: string; en: string };
  readonly details?: Record<string, unknown>;

  constructor(spec: DomainErrorSpec, details?: Record<string, unknown>) {
    super(`${spec.code}: ${spec.en}`);
    this.name = 'DomainError';
    this.code = spec.code;
    this.status = spec.status;
    this.messages = { de: spec.de, en: spec.en };
    this.details = details;
  }

  message_(lang: Lang): string {
    return this.messages[lang];
  }
}

/** Declares a module's error codes; the object keys are the stable codes. */
export function defineErrors<K extends string>(
  specs: Record<K, Omit<DomainErrorSpec, 'code'>>,
): Record<K, DomainErrorSpec> {
  const out = {} as Record<K, DomainErrorSpec>;
  for (const code of Object.keys(specs) as K[]) out[code] = { code, ...specs[code] };
  return out;
}
