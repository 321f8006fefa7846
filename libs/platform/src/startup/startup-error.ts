/**
 * A start that cannot succeed as configured, told in one sentence that names the cause and what to
 * do (a dependency that does not answer, a port in use). runService logs it as one line and exits 1.
 */
export class StartupError extends Error {}
