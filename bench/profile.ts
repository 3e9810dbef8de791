// Where the server's time goes under a load: a V8 CPU profile (node --cpu-prof) summarised by
// component. Each sample is charged to the innermost frame that belongs to a known component, so
// a socket write made by the PostgreSQL driver counts as the driver's, and one made by Fastify as
// HTTP.
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const COMPONENTS: [string, RegExp][] = [
  ['email (outbox worker: nodemailer, .eml files)', /nodemailer|platform\/mail\.ts|platform\/jobs\.ts|notifications\/service\.ts/],
  ['logging (pino)', /\/pino\/|sonic-boom|pino-std-serializers/],
  ['validation (Ajv schemas, forms)', /\/ajv\/|ajv-formats|fast-uri/],
  ['database driver (Kysely, pg)', /\/kysely\/|\/pg\/|pg-protocol|pg-types|postgres-date|pg-pool/],
  ['HTTP (Node http, Fastify and plugins)', /fastify|find-my-way|avvio|light-my-request|helmet|fast-json-stringify|secure-json-parse|node:_http|node:http|cookie/],
  ['application code (apps/server, contracts)', /apps\/server\/src|packages\/contracts/],
];

export interface ProfileSummary {
  seconds: number;
  shares: { component: string; percent: number }[];
}

export function summariseProfile(file: string): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const componentOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const hit = componentOf.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    let c: string | undefined;
    if (n.callFrame.functionName === '(idle)') c = 'idle (waiting for PostgreSQL, locks, the network)';
    else if (n.callFrame.functionName === '(garbage collector)') c = 'garbage collection';
    else c = COMPONENTS.find(([, re]) => re.test(n.callFrame.url))?.[0];
    if (!c) {
      const up = parent.get(id);
      c = up === undefined ? 'other (Node.js internals, tsx, timers)' : resolve(up);
    }
    componentOf.set(id, c);
    return c;
  };
  const time = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const c = resolve(id);
    time.set(c, (time.get(c) ?? 0) + dt);
  });
  return {
    seconds: total / 1e6,
    shares: [...time].sort((a, b) => b[1] - a[1]).map(([component, t]) => ({ component, percent: (100 * t) / total })),
  };
}
