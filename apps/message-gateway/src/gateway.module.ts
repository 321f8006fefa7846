import { Module } from '@nestjs/common';
import { AppConfig, CONFIG, ConfigError, ServiceCoreModule, UserDirectory } from '@app/platform';
import { Authorizations } from './auth/authorization';
import { CODE_SENDER, CodeSender } from './auth/code-sender';
import { LogCodeSender } from './auth/log-code-sender';
import { LoginCodes } from './auth/login-codes';
import { Presence } from './auth/presence';
import { RateLimits } from './auth/rate-limits';
import { Sessions } from './auth/sessions';
import { WebhookCodeSender } from './auth/webhook-code-sender';
import { CheckPhone } from './methods/auth.check-phone';
import { LogOut } from './methods/auth.log-out';
import { ResetAuthorizations } from './methods/auth.reset-authorizations';
import { SendCode } from './methods/auth.send-code';
import { SignIn } from './methods/auth.sign-in';
import { SignUp } from './methods/auth.sign-up';
import { DeleteContact } from './methods/contacts.delete-contact';
import { GetBlocked } from './methods/contacts.get-blocked';
import { GetContacts } from './methods/contacts.get-contacts';
import { GetStatuses } from './methods/contacts.get-statuses';
import { ImportContacts } from './methods/contacts.import-contacts';
import { Block, DeleteContacts, Unblock } from './methods/contacts.user-facts';
import { CreateChat } from './methods/messages.create-chat';
import { ForwardMessage } from './methods/messages.forward-message';
import { ForwardMessages } from './methods/messages.forward-messages';
import { GetHistory } from './methods/messages.get-history';
import { SendBroadcast } from './methods/messages.send-broadcast';
import { SendMedia } from './methods/messages.send-media';
import { SendMessage } from './methods/messages.send-message';
import { GetDifference } from './methods/updates.get-difference';
import { GetState } from './methods/updates.get-state';
import { GetFullUser } from './methods/users.get-full-user';
import { GetUsers } from './methods/users.get-users';
import { CommandLog } from './pipeline/command-log';
import { ContactCards } from './pipeline/contact-card';
import { Housekeeping } from './pipeline/housekeeping';
import { Notifications } from './pipeline/notifications';
import { OpenApiController } from './openapi/openapi.controller';
import { Peers } from './pipeline/peers';
import { SendPipeline } from './pipeline/send-pipeline';
import { RPC_METHODS } from './rpc/rpc-method';
import { CALL_ADMISSION } from './rpc/call-admission';
import { RpcController } from './rpc/rpc.controller';
import { UpdatesStreamController } from './rpc/updates-stream.controller';

export const GATEWAY_DEFAULT_PORT = 3000;

/** Every method the gateway serves (one file each in methods/). */
export const METHODS = [
  SendCode,
  SignIn,
  SignUp,
  CheckPhone,
  LogOut,
  ResetAuthorizations,
  ImportContacts,
  DeleteContact,
  DeleteContacts,
  GetContacts,
  Block,
  Unblock,
  GetBlocked,
  GetStatuses,
  GetUsers,
  GetFullUser,
  SendMessage,
  SendMedia,
  ForwardMessages,
  ForwardMessage,
  SendBroadcast,
  CreateChat,
  GetHistory,
  GetState,
  GetDifference,
];

/** CODE_SENDER picks the adapter: `webhook` (the operator's SMS gateway) or `log` (development). */
export function codeSender(config: AppConfig): CodeSender {
  if (config.auth.codeSender === 'log') return new LogCodeSender();
  const { url } = config.auth.codeWebhook;
  if (!/^https?:\/\/\S+$/.test(url)) {
    throw new ConfigError('CODE_SENDER=webhook needs CODE_WEBHOOK_URL, the http(s) URL of the SMS gateway that delivers login codes');
  }
  return new WebhookCodeSender(config.auth.codeWebhook);
}

/** The API: controllers, methods and the send pipeline, on whatever core the process provides. */
@Module({
  controllers: [RpcController, UpdatesStreamController, OpenApiController],
  providers: [
    UserDirectory,
    Sessions,
    Presence,
    LoginCodes,
    RateLimits,
    Authorizations,
    Notifications,
    CommandLog,
    Peers,
    SendPipeline,
    ContactCards,
    Housekeeping,
    CALL_ADMISSION,
    { provide: CODE_SENDER, inject: [CONFIG], useFactory: codeSender },
    ...METHODS,
    { provide: RPC_METHODS, inject: METHODS, useFactory: (...methods: unknown[]) => methods },
  ],
})
export class GatewayApiModule {}

/** The message-gateway service on its own. */
@Module({ imports: [ServiceCoreModule.forService('message-gateway', GATEWAY_DEFAULT_PORT), GatewayApiModule] })
export class GatewayModule {}
