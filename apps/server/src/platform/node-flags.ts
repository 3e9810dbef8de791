// The V8 flags the server runs with, kept in one place: package.json's `start` script. The tests
// and the benchmark start the real server with the same flags (its heap limit, which keeps the
// process's memory under 300 MB, and its young-generation size; docs/BENCHMARKS.md), so what they
// measure is what runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts.start ?? '').match(/--max-[a-z-]+=\d+/g) ?? [];
}
