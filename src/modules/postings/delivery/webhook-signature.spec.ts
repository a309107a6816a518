import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureFor, webhookHeaders } from './webhook-signature.js';

describe('Standard Webhooks signature', () => {
  it('matches the example of the specification', () => {
    // The example the Standard Webhooks specification gives for its reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(signatureFor(secret, id, 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('makes secrets of 32 key bytes and signs what it sends', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const h = webhookHeaders(secret, 'msg_1', '{}', new Date(1_700_000_000_500));
    expect(h['webhook-timestamp']).toBe('1700000000');
    const key = Buffer.from(secret.slice(6), 'base64');
    const mac = createHmac('sha256', key).update('msg_1.1700000000.{}').digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${mac}`);
  });
});
