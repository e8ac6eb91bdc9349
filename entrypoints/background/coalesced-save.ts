// Saves state the worker keeps in memory (typed-value hashes, the audit throttle) to storage at once, one
// write at a time: a change made while a write is running is written right after it. A worker stopped
// between two changes then loses at most the write in flight, not a whole debounce window.

/** Returns `save()`: call it after each change; `write` must write the state as it is when it runs. */
export function coalescedSave(write: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = () => {
    running = true;
    again = false;
    void write()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) run();
      });
  };
  return () => {
    if (running) again = true;
    else run();
  };
}
