/** Records the first argument of every `new Worker(...)` on this page while `body` runs. */
export async function recordWorkers<T>(body: () => Promise<T>): Promise<{ result: T; urls: string[] }> {
  const Native = window.Worker;
  const urls: string[] = [];
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      urls.push(String(url));
      super(url, options);
    }
  } as typeof Worker;
  try {
    return { result: await body(), urls };
  } finally {
    window.Worker = Native;
  }
}
