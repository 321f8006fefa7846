import { createHmac, randomUUID } from 'node:crypto';
import { CodeDelivery, CodeDeliveryFailed, CodeSender } from './code-sender';

export interface WebhookSettings {
  readonly url: string;
  readonly secret: string;
  /** Tries per code, the first included. */
  readonly attempts: number;
}

/** A try that has not answered by then is abandoned (and retried while the deadline allows). */
const ATTEMPT_TIMEOUT_MS = 3_000;
const FIRST_BACKOFF_MS = 200;

/** Headers the receiver checks: HMAC-SHA256 of `<timestamp>.<body>` under CODE_WEBHOOK_SECRET. */
export const SIGNATURE_HEADER = 'x-contact-links-signature';
export const TIMESTAMP_HEADER = 'x-contact-links-timestamp';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What counts as worth another try: no answer, a 5xx, 408 or 429. Any other 4xx is the receiver's final word. */
function retryable(status: number | undefined): boolean {
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

/**
 * Production's code sender: POSTs `{phone, code, expires_at, lang_code, delivery_id}` as JSON to
 * the operator's SMS gateway (CODE_WEBHOOK_URL), signed, and retried with backoff. Only a 2xx is
 * a delivery; anything else, after the tries or at the deadline, is a CodeDeliveryFailed (the
 * client then gets 503 SMS_CODE_CREATE_FAILED), never a silent success. `delivery_id` is the same
 * on every try, so the receiver can drop repeats.
 */
export class WebhookCodeSender implements CodeSender {
  constructor(private readonly settings: WebhookSettings) {}

  async send(delivery: CodeDelivery, deadline: number): Promise<void> {
    const body = JSON.stringify({
      phone: delivery.phone,
      code: delivery.code,
      expires_at: delivery.expiresAt,
      lang_code: delivery.langCode,
      delivery_id: randomUUID(),
    });
    let last = 'no try made';
    for (let attempt = 0; attempt < this.settings.attempts; attempt++) {
      if (attempt > 0) {
        const pause = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
        if (Date.now() + pause >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const status = await this.post(body, Math.min(ATTEMPT_TIMEOUT_MS, remaining)).catch((error: Error) => {
        last = error.name === 'TimeoutError' ? 'no answer in time' : `unreachable (${error.message})`;
        return undefined;
      });
      if (status !== undefined && status >= 200 && status < 300) return;
      if (status !== undefined) last = `answered ${status}`;
      if (!retryable(status)) break;
    }
    throw new CodeDeliveryFailed(`SMS gateway ${new URL(this.settings.url).host}: ${last}`);
  }

  private async post(body: string, timeoutMs: number): Promise<number> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(this.settings.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined); // the body is not read, but the connection is freed
    return response.status;
  }
}
