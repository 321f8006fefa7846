export * from './pair';
export * from './link-events';
export * from './link-rule';
export * from './evolve';
export * from './link-view';
export * from './message-outcome';
export * from './send-result';
