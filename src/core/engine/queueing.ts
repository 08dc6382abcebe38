// Queueing for sizing to a latency percentile (capacity-model.md §3): Erlang C for c parallel
// servers (M/M/c), and the waiting-time tail P(Wq > t) = C(c, a)·e^{−(cμ−λ)t}. M/M/c is
// conservative for inference, whose service times vary less than exponential ones.

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ (a < c). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= c) return 1;
  // Erlang B by the stable recurrence, then C = B / (1 − ρ(1 − B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/**
 * Wait (seconds) not exceeded by a fraction q of arrivals, for c servers of rate μ (per second)
 * and arrivals λ (per second). Infinity when the servers cannot keep up.
 */
export function waitPercentile(c: number, mu: number, lambda: number, q: number): number {
  if (lambda <= 0) return 0;
  if (lambda >= c * mu) return Infinity;
  const pWait = erlangC(c, lambda / mu);
  const tail = 1 - q;
  if (pWait <= tail) return 0;
  return Math.log(pWait / tail) / (c * mu - lambda);
}

/**
 * Single-server wait percentile for a shared resource (a GPU) that spends `busySeconds` per request
 * at utilization u: the M/M/1 tail P(W > t) = u·e^{−(1−u)t/τ}.
 */
export function sharedWaitPercentile(utilization: number, busySeconds: number, q: number): number {
  if (utilization <= 0) return 0;
  if (utilization >= 1) return Infinity;
  const tail = 1 - q;
  if (utilization <= tail) return 0;
  return (busySeconds / (1 - utilization)) * Math.log(utilization / tail);
}
