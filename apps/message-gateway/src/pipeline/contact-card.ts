import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageContent } from '@app/events';
import { users } from '@app/platform';
import type { InputMedia } from '@app/tl';
import { RateLimits } from '../auth/rate-limits';
import { CallContext } from '../rpc/rpc-method';

type ContactMedia = Extract<InputMedia, { _: 'inputMediaContact' }>;

/** A contact card as a send stores it (sendMedia, sendBroadcast): messageMediaContact with the registered user's id, or 0. */
@Injectable()
export class ContactCards {
  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: RateLimits,
  ) {}

  async content(call: CallContext, { phone_number, first_name, last_name }: ContactMedia, text = ''): Promise<MessageContent> {
    // The card's user_id tells whether the phone has an account: a phone lookup like any other.
    await this.limits.take(this.limits.lookupsBy(call));
    const owner = await users.byPhone(this.dataSource, phone_number);
    return { kind: 'contact', text, phone_number, first_name, last_name, user_id: owner?.id ?? 0 };
  }
}
