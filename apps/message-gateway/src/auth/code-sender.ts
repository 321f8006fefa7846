/** A login code on its way to a phone. */
export interface CodeDelivery {
  readonly phone: string;
  readonly code: string;
  /** When the code stops working (unix seconds). */
  readonly expiresAt: number;
  /** The client's language (auth.sendCode's lang_code), for the SMS text. */
  readonly langCode: string;
}

/** The delivery failed for good; the reason names no phone and no code. */
export class CodeDeliveryFailed extends Error {}

/** The code-sender port: hands a login code to whatever reaches the phone. */
export interface CodeSender {
  /** Resolves once the code is accepted for delivery; rejects with CodeDeliveryFailed, by `deadline` (epoch ms) at the latest. */
  send(delivery: CodeDelivery, deadline: number): Promise<void>;
}

export const CODE_SENDER = Symbol('CODE_SENDER');

/** A phone as logs may show it: the last two digits only. */
export function maskedPhone(phone: string): string {
  return `…${phone.slice(-2)}`;
}
