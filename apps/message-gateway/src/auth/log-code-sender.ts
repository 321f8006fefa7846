import { componentLogger } from '@app/platform';
import { CodeDelivery, CodeSender, maskedPhone } from './code-sender';

/** Development only (CODE_SENDER=log, refused in production): the code is written to the log. */
export class LogCodeSender implements CodeSender {
  private readonly logger = componentLogger('code-sender');

  async send({ phone, code, expiresAt }: CodeDelivery): Promise<void> {
    this.logger.warn({ msg: `login code ${code} for ${maskedPhone(phone)} (CODE_SENDER=log: development only)`, expires_at: expiresAt });
  }
}
