/** Injection tokens shared by the core module and the controllers it registers. */
export const CONFIG = Symbol('CONFIG');
export const EVENT_LOG = Symbol('EVENT_LOG');
