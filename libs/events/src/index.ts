export * from './envelope';
export * from './payloads';
export * from './codec';
export * from './topics';
export * from './keys';
export * from './pair-event';
export * from './trace-context';
