// The load generator, run as its own process so it never shares an event loop with the server or
// the bench runner: autocannon (closed loop: each connection sends its next request when the answer
// arrives) against one loopback URL, with a list of prepared requests taken in order (each
// submission uses its own citizen session, upload and Idempotency-Key); or, for latency at a given
// rate, a paced open-loop sender (openLoopRate). Every response's latency is recorded here, so
// p50/p95/p99 are exact rather than read off autocannon's buckets.
//
//   node --import tsx bench/load.ts spec.json   → prints one JSON line with the result
import fs from 'node:fs';
import http from 'node:http';
// autocannon ships no types; the little used here is declared in ./autocannon.d.ts.
import autocannon, { type AutocannonResult } from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** http://127.0.0.1:port — loopback only. */
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /**
   * A fixed arrival rate (requests/s), open loop: requests leave on schedule whether or not earlier
   * ones have answered, over at most `connections` keep-alive sockets, and each latency is counted
   * from the request's scheduled time (a request that waits for a free socket waits on the clock).
   * Not autocannon's overallRate, which sends as fast as it can until the second's quota is spent
   * and then pauses: bursts at the top of every second, i.e. saturation latency.
   */
  openLoopRate?: number;
  /** Taken in order; wraps around when `cycle`, otherwise the last one repeats (and shows as errors). */
  requests: LoadRequest[];
  cycle: boolean;
  /** Stop once this many requests have been sent (bounds open-loop runs too). */
  maxRequests?: number;
  timeoutSeconds?: number;
}

export interface LoadResult {
  sent: number;
  completed: number;
  ok: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  /** 2xx responses per second. */
  rps: number;
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** Share of all the machine's cores busy during the load (set by bench/lib.ts#runLoad). */
  machineBusy?: number;
  /** Open loop only: how late the sender itself sent requests (its process shares the cores too). */
  sendLagMs?: { p50: number; p99: number; max: number };
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function summarise(latencies: number[], statusCounts: Record<string, number>, sent: number, seconds: number, errors: number, timeouts: number): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statusCounts).reduce((n, [st, c]) => n + (st.startsWith('2') ? c : 0), 0);
  return {
    sent,
    completed: latencies.length,
    ok,
    statusCounts,
    errors,
    timeouts,
    seconds,
    rps: ok / seconds,
    latencyMs: {
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : 0,
    },
  };
}

async function openLoop(spec: LoadSpec, take: () => LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  // Two seconds at the same rate first, not counted: the sockets open and the sender's code is
  // compiled (without it the first second, with its new connections, set the p99).
  await paced(spec, take, agent, Math.min(2, spec.duration));
  const result = await paced(spec, take, agent, spec.duration);
  agent.destroy();
  return result;
}

async function paced(spec: LoadSpec, take: () => LoadRequest, agent: http.Agent, duration: number): Promise<LoadResult> {
  const url = new URL(spec.url);
  const total = Math.floor(spec.openLoopRate! * duration);
  const intervalNs = 1e9 / spec.openLoopRate!;
  const latencies: number[] = [];
  const lags: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let sent = 0;
  let finished = 0;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const done = () => {
      if (++finished === total) resolve();
    };
    const tick = () => {
      const now = process.hrtime.bigint();
      while (sent < total && start + BigInt(Math.round(sent * intervalNs)) <= now) {
        const scheduled = start + BigInt(Math.round(sent * intervalNs));
        lags.push(Number(now - scheduled) / 1e6);
        const r = take();
        sent++;
        const req = http.request({ agent, host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, timeout: (spec.timeoutSeconds ?? 10) * 1000 }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - scheduled) / 1e6);
            statusCounts[res.statusCode!] = (statusCounts[res.statusCode!] ?? 0) + 1;
            done();
          });
        });
        req.on('timeout', () => {
          timeouts++;
          req.destroy();
        });
        req.on('error', () => {
          errors++;
          done();
        });
        req.end(r.body);
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const sortedLags = Float64Array.from(lags).sort();
  return {
    ...summarise(latencies, statusCounts, sent, Number(process.hrtime.bigint() - start) / 1e9, errors, timeouts),
    sendLagMs: { p50: percentile(sortedLags, 50), p99: percentile(sortedLags, 99), max: sortedLags.length ? sortedLags[sortedLags.length - 1]! : 0 },
  };
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(spec.url)) throw new Error(`loopback only: ${spec.url}`);
  let next = 0;
  const take = () => {
    const i = next < spec.requests.length ? next : spec.cycle ? next % spec.requests.length : spec.requests.length - 1;
    next++;
    return spec.requests[i]!;
  };
  if (spec.openLoopRate) {
    process.stdout.write(`${JSON.stringify(await openLoop(spec, take))}\n`);
    return;
  }
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const started = performance.now();
  const instance = autocannon(
    {
      url: spec.url,
      connections: spec.connections,
      duration: spec.duration,
      maxOverallRequests: spec.maxRequests,
      timeout: spec.timeoutSeconds ?? 10,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => {
            const r = take();
            return { ...req, method: r.method, path: r.path, headers: r.headers ?? {}, body: r.body };
          },
        },
      ],
    },
    () => {},
  );
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  });
  const result = await new Promise<AutocannonResult>((resolve) => instance.on('done', resolve));
  const seconds = (performance.now() - started) / 1000;
  const out = summarise(latencies, statusCounts, next, result.duration || seconds, result.errors, result.timeouts);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
