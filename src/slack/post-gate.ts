// Pacing of the jobs' chat.postMessage calls, per channel and for the method as a whole, so one busy
// or stalled channel never takes every job slot and a channel Slack rate-limits is paced, not
// flooded. Slack allows about one message per second per channel (bursts tolerated); a 429 says how
// long to wait. A post that may not go now is handed back to the job queue with the time to come back
// (RetryLater without counting an attempt) — the report waits, it is never discarded.

export interface GateOptions {
  /** Posts in flight to one channel. */
  perChannel: number;
  /** chat.postMessage calls in flight in this process (the rest of the job slots stay free for other work). */
  perMethod: number;
  /** Spacing of posts to a channel after Slack rate-limited it. */
  spacingMs: number;
  /** How long a channel stays paced after its last 429. */
  hotMs: number;
}

export const DEFAULT_GATE: GateOptions = { perChannel: 2, perMethod: 24, spacingMs: 1100, hotMs: 60_000 };

interface ChannelState {
  inFlight: number;
  /** The next free slot while the channel is paced (epoch ms). */
  nextAt: number;
  hotUntil: number;
  /** Slots reserved for jobs told to come back (by job key). */
  reserved: Map<string, number>;
}

export type Admit = { ok: true; release: () => void } | { ok: false; waitMs: number };

export class PostGate {
  readonly #o: GateOptions;
  readonly #channels = new Map<string, ChannelState>();
  #inFlight = 0;

  constructor(o: Partial<GateOptions> = {}) {
    this.#o = { ...DEFAULT_GATE, ...o };
  }

  #state(channel: string): ChannelState {
    let st = this.#channels.get(channel);
    if (!st) this.#channels.set(channel, (st = { inFlight: 0, nextAt: 0, hotUntil: 0, reserved: new Map() }));
    return st;
  }

  /** May job `key` post to `channel` now? If not, when to come back. */
  admit(channel: string, key: string, now: number): Admit {
    const st = this.#state(channel);
    const jitter = () => Math.floor(Math.random() * 100);
    if (now < st.hotUntil) {
      // Paced: each job gets its own slot, one every spacingMs, kept until it comes back for it.
      let slot = st.reserved.get(key);
      if (slot === undefined) {
        slot = Math.max(now, st.nextAt);
        st.nextAt = slot + this.#o.spacingMs;
        st.reserved.set(key, slot);
      }
      if (slot > now + 20) return { ok: false, waitMs: slot - now };
      st.reserved.delete(key);
    }
    if (st.inFlight >= this.#o.perChannel || this.#inFlight >= this.#o.perMethod) return { ok: false, waitMs: 200 + jitter() };
    st.inFlight++;
    this.#inFlight++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        st.inFlight--;
        this.#inFlight--;
        if (st.inFlight === 0 && st.reserved.size === 0 && st.hotUntil < Date.now()) this.#channels.delete(channel);
      },
    };
  }

  /** Slack answered 429 for `channel`: nothing more until Retry-After, then paced. Returns the wait for job `key`. */
  rateLimited(channel: string, key: string, retryAfterMs: number, now: number): number {
    const st = this.#state(channel);
    st.hotUntil = now + retryAfterMs + this.#o.hotMs;
    st.nextAt = Math.max(st.nextAt, now + retryAfterMs);
    for (const [k, slot] of st.reserved) if (slot < st.nextAt) st.reserved.delete(k);
    const slot = st.nextAt;
    st.nextAt = slot + this.#o.spacingMs;
    st.reserved.set(key, slot);
    return slot - now;
  }
}
