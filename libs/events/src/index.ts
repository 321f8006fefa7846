export * from './envelope';
export * from './payloads';
export * from './codec';
export * from './topics';
export * from './catalog';
export * from './names';
export * from './trace-context';
