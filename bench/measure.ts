// Shared timing helpers for the benches: median of several rounds after a warm-up.
export function medianMs(rounds: number, fn: () => void): number {
  fn(); // warm-up: let the JIT see the code before timing it
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function line(name: string, value: number, bar: string, unit = ''): void {
  console.log(`${name.padEnd(58)} ${value.toFixed(3)}${unit}  (bar ${bar})`);
}
