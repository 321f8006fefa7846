import { Module } from '@nestjs/common';
import { ServiceCoreModule, UserDirectory } from '@app/platform';
import { SignIn } from './methods/auth.sign-in';
import { SignUp } from './methods/auth.sign-up';
import { DeleteContact } from './methods/contacts.delete-contact';
import { GetContacts } from './methods/contacts.get-contacts';
import { ImportContacts } from './methods/contacts.import-contacts';
import { Block, DeleteContacts, Unblock } from './methods/contacts.user-facts';
import { CreateChat } from './methods/messages.create-chat';
import { ForwardMessages } from './methods/messages.forward-messages';
import { GetHistory } from './methods/messages.get-history';
import { SendMedia } from './methods/messages.send-media';
import { SendMessage } from './methods/messages.send-message';
import { GetDifference } from './methods/updates.get-difference';
import { GetState } from './methods/updates.get-state';
import { GetFullUser } from './methods/users.get-full-user';
import { GetUsers } from './methods/users.get-users';
import { CommandLog } from './pipeline/command-log';
import { Feed } from './pipeline/feed';
import { Notifications } from './pipeline/notifications';
import { Peers } from './pipeline/peers';
import { SendPipeline } from './pipeline/send-pipeline';
import { Sessions } from './pipeline/sessions';
import { RPC_METHODS } from './rpc/rpc-method';
import { RpcController } from './rpc/rpc.controller';
import { UpdatesStreamController } from './rpc/updates-stream.controller';

export const GATEWAY_DEFAULT_PORT = 3000;

const METHODS = [
  SignUp, SignIn, ImportContacts, DeleteContact, DeleteContacts, GetContacts, Block, Unblock,
  GetUsers, GetFullUser, SendMessage, SendMedia, ForwardMessages, CreateChat, GetHistory, GetState, GetDifference,
];

/** The API: controllers, methods and the send pipeline, on whatever core the process provides. */
@Module({
  controllers: [RpcController, UpdatesStreamController],
  providers: [
    UserDirectory, Sessions, Notifications, CommandLog, Peers, SendPipeline, Feed,
    ...METHODS,
    { provide: RPC_METHODS, inject: METHODS, useFactory: (...methods: unknown[]) => methods },
  ],
})
export class GatewayApiModule {}

/** The message-gateway service on its own. */
@Module({ imports: [ServiceCoreModule.forService('message-gateway', GATEWAY_DEFAULT_PORT), GatewayApiModule] })
export class GatewayModule {}
