/** Postgres errors that a fresh attempt of the same transaction can get past. */
const TRANSIENT = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export async function withTransientRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= attempts || !TRANSIENT.has(code ?? '')) throw error;
    }
  }
}
