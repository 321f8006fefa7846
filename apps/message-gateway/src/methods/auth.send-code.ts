import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import type { TlObjectOf } from '@app/tl';
import { AppConfig, FLOOD_WAIT_N, InjectConfig, componentLogger, users } from '@app/platform';
import { CODE_SENDER, CodeDeliveryFailed, CodeSender } from '../auth/code-sender';
import { newLoginCode, testNumberCode } from '../auth/login-code';
import { LoginCodes } from '../auth/login-codes';
import { RateLimits } from '../auth/rate-limits';
import { codeNotSent } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { int32, phoneNumber, text } from '../rpc/tl-inputs';

/** api_id/api_hash identify the client app in Telegram; this server has no app registry and only checks their types. */
const params = z.object({
  phone_number: phoneNumber,
  sms_type: int32.default(0),
  api_id: int32.default(0),
  api_hash: text({ invalid: 'API_HASH_INVALID' }, { max: 128 }).default(''),
  lang_code: text({ invalid: 'LANG_CODE_INVALID' }, { max: 16 }).default(''),
});

/**
 * Step one of Telegram's layer-1 login: a one-time code goes to the phone (through the code-sender
 * port) and the client gets the phone_code_hash to sign in or up with. It tells whether the phone
 * has an account, so it is rate-limited per client address and per phone.
 */
@Injectable()
export class SendCode implements RpcMethod<typeof params> {
  readonly name = 'auth.sendCode';
  readonly params = params;
  readonly requiresAuth = false;
  readonly results = ['auth.sentCode'] as const;
  readonly errors = [FLOOD_WAIT_N, 'SMS_CODE_CREATE_FAILED'] as const;
  private readonly logger = componentLogger('auth.sendCode');

  constructor(
    private readonly dataSource: DataSource,
    private readonly codes: LoginCodes,
    private readonly limits: RateLimits,
    @Inject(CODE_SENDER) private readonly sender: CodeSender,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<TlObjectOf<'auth.sentCode'>> {
    const phone = input.phone_number;
    await this.limits.take([...this.limits.lookupsFrom(call), this.limits.codesTo(phone)]);
    const registered = (await users.byPhone(this.dataSource, phone)) !== undefined;
    const testCode = this.config.auth.testNumbers ? testNumberCode(phone) : undefined;
    const code = testCode ?? newLoginCode();
    const { phoneCodeHash, expiresAt } = await this.codes.issue(phone, code);
    if (!testCode) {
      try {
        await this.sender.send({ phone, code, expiresAt, langCode: input.lang_code }, call.deadline);
      } catch (error) {
        await this.codes.discard(phoneCodeHash);
        if (!(error instanceof CodeDeliveryFailed)) throw error;
        this.logger.error({ msg: 'login code not delivered', reason: error.message });
        throw codeNotSent();
      }
    }
    return { _: 'auth.sentCode', phone_registered: registered, phone_code_hash: phoneCodeHash };
  }
}
