// node node.mjs <wasm-bindgen nodejs output, ledger off> <same, ledger on> <runs> <probe.js> <ledger on, exact mode>
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { run } from './suite.mjs';

const require = createRequire(import.meta.url);
const [, , off, on, runs, probe, exact] = process.argv;
// Node has no canvas: stand-ins with the methods the example calls, each
// doing nothing (the browser run draws on a real canvas).
globalThis.ImageData ??= class ImageData {
  constructor(data, width, height) { Object.assign(this, { data, width, height }); }
};
const stage = () => ({
  canvas: { addEventListener() {} },
  ctx: { putImageData() {}, fillText() {}, fillRect() {}, measureText: () => ({ width: 1 }), set fillStyle(_) {} },
});
const builds = { off: require(off), on: require(on) };
// The probe wraps the imports of modules instantiated after it: the build
// with exact mode.
await import(probe);
builds.exact = require(exact);
const result = run(builds, Number(runs || 7), () => performance.now(), stage);
console.log('BENCH ' + JSON.stringify(result));
