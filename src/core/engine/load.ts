// The traffic an option must serve, after the cache takes its share. Autoscaled fleets and per-second
// serverless billing follow a two-level day: the peak level for a fraction of the time, a low level
// (half the average) for the rest, chosen so the month's average is the stated one.
import { SECONDS_PER_MONTH, type Workload } from '../workload.ts';

export interface Load {
  /** Requests a month that reach the model (after cache hits). */
  requestsPerMonth: number;
  avgRps: number;
  peakRps: number;
  lowRps: number;
  /** Share of the month spent at the peak level. */
  peakShare: number;
  /** Requests a month the user sends in total (before cache), for cost per 1K requests. */
  userRequestsPerMonth: number;
}

export function loadOf(w: Workload): Load {
  const served = 1 - w.cacheHitRate;
  return loadFor(w.requestsPerMonth * served, w.peakToAverage, w.requestsPerMonth);
}

export function loadFor(requestsPerMonth: number, peakToAverage: number, userRequestsPerMonth = requestsPerMonth): Load {
  const avgRps = requestsPerMonth / SECONDS_PER_MONTH;
  const peakRps = avgRps * peakToAverage;
  if (peakToAverage <= 1.01) return { requestsPerMonth, avgRps, peakRps, lowRps: avgRps, peakShare: 1, userRequestsPerMonth };
  const lowRps = avgRps * 0.5;
  const peakShare = (avgRps - lowRps) / (peakRps - lowRps);
  return { requestsPerMonth, avgRps, peakRps, lowRps, peakShare, userRequestsPerMonth };
}

export const HOURS_PER_MONTH = 730;
