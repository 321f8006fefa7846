export * from './component-logger';
export * from './process-logger';
export * from './redaction';
export * from './request-context';
export * from './service-logger';
export * from './trace-fields';
