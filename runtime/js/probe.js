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

  const wrapNamespace = (mod) => {
    const wrapped = {};
    for (const name of Object.keys(mod)) {
      const f = mod[name];
      if (typeof f !== 'function') {
        wrapped[name] = f;
        continue;
      }
      wrapped[name] = function (...args) {
        const was = state.active;
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

  const wrapImports = (imports) => {
    if (!imports || typeof imports !== 'object') return imports;
    const out = {};
    for (const ns of Object.keys(imports)) {
      const mod = imports[ns];
      out[ns] = mod && typeof mod === 'object' ? wrapNamespace(mod) : mod;
    }
    state.instances++;
    return out;
  };

  const WA = g.WebAssembly;
  const instantiate = WA.instantiate;
  WA.instantiate = function (source, imports, ...rest) {
    return instantiate.call(this, source, wrapImports(imports), ...rest);
  };
  if (typeof WA.instantiateStreaming === 'function') {
    const streaming = WA.instantiateStreaming;
    WA.instantiateStreaming = function (source, imports, ...rest) {
      return streaming.call(this, source, wrapImports(imports), ...rest);
    };
  }
  const Instance = WA.Instance;
  WA.Instance = new Proxy(Instance, {
    construct(target, args) {
      const copy = Array.from(args);
      copy[1] = wrapImports(copy[1]);
      return Reflect.construct(target, copy, target);
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
