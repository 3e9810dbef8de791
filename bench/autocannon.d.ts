// The part of autocannon v8's programmatic API the load generator uses (the package has no types).
declare module 'autocannon' {
  export interface AutocannonResult {
    duration: number;
    errors: number;
    timeouts: number;
    requests: { total: number; average: number };
  }
  export interface AutocannonInstance {
    on(event: 'response', cb: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
    on(event: 'done', cb: (result: AutocannonResult) => void): void;
    on(event: string, cb: (...args: unknown[]) => void): void;
    stop(): void;
  }
  export default function autocannon(opts: Record<string, unknown>, cb?: (err: unknown, result: AutocannonResult) => void): AutocannonInstance;
}
