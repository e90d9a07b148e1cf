// node node.mjs <wasm-bindgen nodejs output, ledger off> <same, ledger on> <runs>
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { run } from './suite.mjs';

const require = createRequire(import.meta.url);
const [, , off, on, runs] = process.argv;
const result = run({ off: require(off), on: require(on) }, Number(runs || 7), () => performance.now());
console.log('BENCH ' + JSON.stringify(result));
