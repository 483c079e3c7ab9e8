// Percentiles as bench:lsp prints them (p50/p90/p99 in ms).
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
export const f = (x: number) => x.toFixed(2).padStart(7);
export const line = (xs: number[]) => `p50 ${f(pct(xs, 50))} ms  p90 ${f(pct(xs, 90))} ms  p99 ${f(pct(xs, 99))} ms`;
