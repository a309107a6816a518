/**
 * A note in the case record (Vorgang) of an invoice — the records module provides it under
 * `CASE_RECORD_NOTES`; without a provider, status reports are applied without notes.
 */
export interface CaseRecordNotes {
  addNote(
    tenantId: string,
    invoiceId: string,
    title: string,
    text: string,
    data: Record<string, unknown>,
  ): Promise<void>;
}

export const CASE_RECORD_NOTES = Symbol('CASE_RECORD_NOTES');
