// An explain trace: the checks a verdict made, in order, as the verdict itself made them (so
// `policy explain` cannot disagree with the verdict). Verdicts take an optional trace and add to it.
export interface ExplainStep {
  check: string;
  result: string;
}

export type Trace = ExplainStep[];

/** Adds a step when a trace is being kept; the result is built only then. */
export function traceStep(trace: Trace | undefined, check: string, result: () => string): void {
  if (trace) trace.push({ check, result: result() });
}
