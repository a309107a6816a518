import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError, defineErrors } from './domain-error.js';
import { mapError } from './http-error.mapper.js';

const Errors = defineErrors({
  INVOICE_DUPLICATE: { status: 409, de: 'Rechnung bereits vorhanden.', en: 'Invoice already received.' },
});

describe('mapError', () => {
  it('keeps a DomainError code and status and picks the language', () => {
    const err = new DomainError(Errors.INVOICE_DUPLICATE, { invoiceId: 'x' });
    expect(mapError(err, 'de')).toEqual({
      status: 409,
      body: {
        error: {
          code: 'INVOICE_DUPLICATE',
          message: 'Rechnung bereits vorhanden.',
          details: { invoiceId: 'x' },
        },
      },
      unexpected: false,
    });
    expect(mapError(err, 'en').body.error.message).toBe('Invoice already received.');
  });

  it('maps framework HTTP exceptions and body-parser errors by status', () => {
    expect(mapError(new NotFoundException(), 'en').body.error.code).toBe('NOT_FOUND');
    expect(mapError(new BadRequestException('x'), 'de').body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Die Anfrage ist ungültig.',
    });
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413 });
    expect(mapError(tooLarge, 'en')).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
  });

  it('hides the cause of anything else behind INTERNAL_ERROR', () => {
    const m = mapError(new Error('connection string postgres://secret'), 'en');
    expect(m).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL_ERROR', message: 'An internal error occurred.' } },
      unexpected: true,
    });
  });
});
