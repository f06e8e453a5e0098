/**
 * Retries an assertion until it passes or the deadline runs out, then rethrows its last failure.
 * For outcomes that arrive asynchronously (subscriptions, projections); the deadline is a
 * safety net against hangs, never a performance assertion.
 */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
