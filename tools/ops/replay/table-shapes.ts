import { TableShape, chatsTable, contactNamesTable, ledgerTable, linkSidesTable, pendingContactsTable, usersTable } from '@app/platform';

/** The link projector's tables a replay rebuilds, with its ledger (needed for a safe promote); each shape is its store's. */
export const REBUILT_TABLES: readonly TableShape[] = [
  usersTable,
  chatsTable,
  linkSidesTable,
  contactNamesTable,
  pendingContactsTable,
  ledgerTable,
];

/** The tables verify compares and promote replaces (the ledger is promoted on its own). */
export const TABLE_SHAPES: readonly TableShape[] = [linkSidesTable, usersTable, chatsTable, contactNamesTable, pendingContactsTable];
