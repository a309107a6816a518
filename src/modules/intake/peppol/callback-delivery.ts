import type { Logger } from '@nestjs/common';
import {
  isOutboundForbidden,
  OUTBOUND_ADDRESS_FORBIDDEN,
  type OutboundGuard,
} from '../../../common/net/outbound-guard.js';
import { postOutbound } from '../../../common/net/outbound-http.js';
import { PeppolCallbackErrors } from './peppol-callback.errors.js';
import type { PeppolCallbackRepository } from './peppol-callback.repository.js';

const TIMEOUT_MS = 10_000;

/**
 * POSTs a response document (Message Level Response, Invoice Response) to an access point's
 * callback, through the outbound guard, and records the attempt on the callback. What fails
 * is reported as a stable code — in the thrown error (the job retries) and on the callback —
 * and what the target said goes to the operator's log only.
 */
export async function deliverToCallback(
  deps: { guard: OutboundGuard; callbacks: PeppolCallbackRepository; log: Logger },
  target: { tenantId: string; apiKeyId: string; url: string },
  xml: string,
): Promise<void> {
  const url = new URL(target.url);
  let failure: string | undefined;
  try {
    const status = await postOutbound(deps.guard, url, {
      headers: { 'content-type': 'application/xml; charset=utf-8' },
      body: xml,
      timeoutMs: TIMEOUT_MS,
    });
    if (status < 200 || status > 299) {
      deps.log.warn(`callback of api-key ${target.apiKeyId} (${url.host}) answered ${status}`);
      failure = PeppolCallbackErrors.CALLBACK_DELIVERY_FAILED.code;
    }
  } catch (err) {
    deps.log.warn(`callback of api-key ${target.apiKeyId} (${url.host}): ${String(err)}`);
    failure = isOutboundForbidden(err)
      ? OUTBOUND_ADDRESS_FORBIDDEN
      : PeppolCallbackErrors.CALLBACK_DELIVERY_FAILED.code;
  }
  await deps.callbacks.recordAttempt(target.tenantId, target.apiKeyId, failure ?? null);
  if (failure) throw new Error(failure);
}
