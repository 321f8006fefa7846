export * from './link-sides';
export * from './link-projection';
export * from './pending-contacts';
export * from './mailbox-changes';
export * from './projector-core';
export * from './message-body';
export * from './assembly';
