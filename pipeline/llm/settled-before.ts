/**
 * The promise, or the signal's reason once it aborts, whichever comes first. For a model request the signal
 * also reaches fetch, but not every fetch stops reading a body it has begun (a mocked or proxied one may not):
 * the attempt ends on time regardless.
 */
export function settledBefore<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
