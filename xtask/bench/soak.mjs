// node --expose-gc soak.mjs <wasm-bindgen nodejs output, ledger on> <frames> <every>
// Runs the churn workload for <frames> frames in steps of <every>, and
// prints one JSON line per step: the ledger's and the engine's memory.
// The console reports the ledger prints every 60 frames go to no-op
// consoles (the arguments are still built and handed over), so the run's
// output stays readable and what the JS heap holds is what the ledger left.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [, , pkg, frames, every] = process.argv;
for (const level of ['log', 'info', 'warn', 'table', 'group', 'groupCollapsed', 'groupEnd']) console[level] = () => {};
const wasm = require(pkg);
const reading = (frame) => {
  globalThis.gc?.();
  const r = JSON.parse(wasm.soak_reading());
  return { frame, ...r, js_heap_bytes: process.memoryUsage().heapUsed };
};
const out = [reading(0)];
for (let done = 0; done < Number(frames); ) {
  const step = Math.min(Number(every), Number(frames) - done);
  wasm.soak_frames(step);
  done += step;
  out.push(reading(done));
}
process.stdout.write('SOAK ' + JSON.stringify(out) + '\n');
