// wasm-ledger truth probe.
//
// Counts every call from wasm into JS, per import name, by wrapping every
// function of the import object handed to WebAssembly.instantiate,
// instantiateStreaming or `new WebAssembly.Instance`. It must run before the
// wasm module is instantiated:
//   - a page:  <script type="module" src="probe.js"></script> before the app's module script;
//   - Node:    node --require ./probe.js app.js  (Node >= 20.19 loads ES modules with require);
//   - Rust:    the `probe` feature of wasm-ledger imports this file from the
//              wasm-bindgen glue, which evaluates it before instantiating.
//
// Counting is off until begin() and stops at end(). A call counts only if
// counting was on both when it started and when it returned, so the calls
// that switch counting on and off are never counted themselves.
//
// Exact mode: if the module exports `__wasm_ledger_exact_slot` (a build of
// wasm-ledger with the ledger on), the probe asks it for the slot where
// annotated code aims at the call site that is running, and adds every
// import call to that site's crossing counter in wasm memory: the ledger's
// per-site counts are then the true ones, whatever the call did inside.

const KEY = Symbol.for('wasm-ledger.probe');

function install() {
  const g = globalThis;
  if (g[KEY]) return g[KEY];
  const state = {
    active: false,
    total: 0,
    counts: new Map(),
    instances: 0,
  };
  // Exact mode, per instance being wrapped: the slot's address and memory.
  const exact = [];

  // One more crossing for the site the instance aims at, if exact mode is
  // on in it: a u64 counter in wasm memory, as two u32 halves.
  const countExact = (target) => {
    if (!target.memory) return;
    let words = target.words;
    if (!words || words.buffer !== target.memory.buffer) {
      words = target.words = new Uint32Array(target.memory.buffer);
    }
    const slot = target.slot >>> 2;
    if (words[slot + 1] === 0) return; // exact mode off
    const counter = words[slot] >>> 2;
    if (counter === 0) return; // no annotated call is running
    if (words[counter] === 0xffffffff) {
      words[counter] = 0;
      words[counter + 1] += 1;
    } else {
      words[counter] += 1;
    }
  };

  const wrapNamespace = (mod, target) => {
    const wrapped = {};
    for (const name of Object.keys(mod)) {
      const f = mod[name];
      if (typeof f !== 'function') {
        wrapped[name] = f;
        continue;
      }
      wrapped[name] = function (...args) {
        const was = state.active;
        countExact(target);
        try {
          return f.apply(this, args);
        } finally {
          if (was && state.active) {
            state.total++;
            state.counts.set(name, (state.counts.get(name) || 0) + 1);
          }
        }
      };
    }
    return wrapped;
  };

  // `target` gets the instance's slot and memory once it exists (imports
  // are not called before then).
  const wrapImports = (imports, target) => {
    if (!imports || typeof imports !== 'object') return imports;
    const out = {};
    for (const ns of Object.keys(imports)) {
      const mod = imports[ns];
      out[ns] = mod && typeof mod === 'object' ? wrapNamespace(mod, target) : mod;
    }
    state.instances++;
    return out;
  };

  // Exact mode for a new instance, if it is a ledger-on build.
  const attach = (instance, target) => {
    const ex = instance && instance.exports;
    if (ex && typeof ex.__wasm_ledger_exact_slot === 'function' && ex.memory) {
      target.memory = ex.memory;
      target.slot = ex.__wasm_ledger_exact_slot();
      exact.push(target);
    }
    return instance;
  };

  const WA = g.WebAssembly;
  const instantiate = WA.instantiate;
  WA.instantiate = function (source, imports, ...rest) {
    const target = {};
    return instantiate.call(this, source, wrapImports(imports, target), ...rest).then((result) => {
      attach(result instanceof WA.Instance ? result : result.instance, target);
      return result;
    });
  };
  if (typeof WA.instantiateStreaming === 'function') {
    const streaming = WA.instantiateStreaming;
    WA.instantiateStreaming = function (source, imports, ...rest) {
      const target = {};
      return streaming.call(this, source, wrapImports(imports, target), ...rest).then((result) => {
        attach(result.instance, target);
        return result;
      });
    };
  }
  const Instance = WA.Instance;
  WA.Instance = new Proxy(Instance, {
    construct(cls, args, newTarget) {
      const copy = Array.from(args);
      const target = {};
      copy[1] = wrapImports(copy[1], target);
      return attach(Reflect.construct(cls, copy, cls), target);
    },
  });

  const probe = {
    /** Zeroes the counts and starts counting. */
    begin() {
      state.counts.clear();
      state.total = 0;
      state.active = true;
    },
    /** Stops counting; returns { total, byImport: { importName: calls } }. */
    end() {
      state.active = false;
      return probe.counts();
    },
    /** The counts so far, without stopping. */
    counts() {
      const byImport = {};
      for (const [name, n] of state.counts) byImport[name] = n;
      return { total: state.total, byImport };
    },
    /** How many wasm instances had their imports wrapped. */
    instances() {
      return state.instances;
    },
    /** How many instances count crossings exactly (ledger-on builds). */
    exactInstances() {
      return exact.length;
    },
    /** `__wbg_random_df36b90cd78a7d54` -> `random`. */
    jsName(importName) {
      const m = /^__wbg_(.*)_[0-9a-f]{16}$/.exec(importName);
      return m ? m[1] : importName;
    },
  };
  Object.defineProperty(g, KEY, { value: probe });
  g.__wasmLedgerProbe = probe;
  return probe;
}

const probe = install();

export function probeBegin() {
  probe.begin();
}
export function probeEnd() {
  return probe.end();
}
export function probeInstances() {
  return probe.instances();
}
export function probeJsName(importName) {
  return probe.jsName(importName);
}
