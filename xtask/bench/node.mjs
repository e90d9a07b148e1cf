// node node.mjs <dir of the builds> <runs> <release|debug>
// Each dir holds the wasm-bindgen nodejs output of the builds `off` (ledger
// off), `on` (ledger on, estimating: built without the probe) and `exact`
// (ledger on as it comes: its glue loads the truth probe).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { run } from './suite.mjs';

const require = createRequire(import.meta.url);
const [, , dir, runs, profile] = process.argv;
// Node has no canvas: stand-ins with the methods the example calls, each
// doing nothing (the browser run draws on a real canvas).
globalThis.ImageData ??= class ImageData {
  constructor(data, width, height) { Object.assign(this, { data, width, height }); }
};
const stage = () => ({
  canvas: { addEventListener() {} },
  ctx: { putImageData() {}, fillText() {}, fillRect() {}, measureText: () => ({ width: 1 }), set fillStyle(_) {} },
});
// The layout control is a release build only.
// The ledger's crate optimised in a debug build: a debug build only.
const names = profile === 'debug' ? ['off', 'on', 'exact', 'fast'] : ['off', 'on', 'exact', 'layout'];
const load = (dir) => Object.fromEntries(names.map((b) => [b, require(`${dir}/${b}/bench.js`)]));
const result = run(load(dir), Number(runs || 7), () => performance.now(), stage, profile === 'debug');
console.log('BENCH ' + JSON.stringify(result));
