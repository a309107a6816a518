import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks 1.0 signing: the secret is `whsec_` + base64 of the key bytes; a
 * message is signed as HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>` and sent
 * as `webhook-signature: v1,<base64>`. Receivers verify with any implementation of the spec.
 */
export const SECRET_PREFIX = 'whsec_';

/** A new secret with 32 random key bytes. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function signatureFor(secret: string, webhookId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${webhookId}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The three headers of one attempt (the id is the same on every attempt; the timestamp is now). */
export function webhookHeaders(
  secret: string,
  webhookId: string,
  body: string,
  now: Date,
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureFor(secret, webhookId, timestamp, body),
  };
}
