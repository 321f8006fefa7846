/** The embedded process's service name (logs, traces); in a file of its own, so that tracing can start before anything loads. */
export const EMBEDDED_SERVICE = 'contact-links';
