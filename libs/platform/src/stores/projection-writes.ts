import { ProjectionRows } from '@app/projection';
import { StatementPart } from '../database/statement-parts';
import { chats } from './chats';
import { contactNames } from './contact-names';
import { linkSides } from './link-sides';
import { pendingContacts } from './pending-contacts';
import { users } from './users';

/** Every table a link-projection fold changed, each its store's part of one statement (the projector's batch, the monolith's import). */
export function projectionWriteParts(rows: ProjectionRows): (StatementPart | undefined)[] {
  return [
    linkSides.upsertPart([...rows.sides.values()]),
    users.insertRegisteredPart([...rows.users.values()]),
    chats.insertPart([...rows.chats.values()]),
    contactNames.upsertPart([...rows.names.values()]),
    pendingContacts.writePart(rows.pending),
  ];
}
