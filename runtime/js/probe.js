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
  // on in it: a u64 counter in wasm memory, as two u32 halves. The view of
  // memory is made once and again only when memory grew (growing detaches
  // the old buffer: its view's length drops to 0), not on every call.
  const countExact = (target) => {
    let words = target.words;
    if (words === undefined) return; // not a ledger-on build
    if (words.length === 0) {
      words = target.words = new Uint32Array(target.memory.buffer);
    }
    const slot = target.slot;
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

  // What a measurement (begin() .. end()) adds for one call: it counts only
  // if counting was on when the call started and is still on now.
  const tally = (name) => {
    if (state.active) {
      state.total++;
      state.counts.set(name, (state.counts.get(name) || 0) + 1);
    }
  };

  // The slow path, while a measurement runs: the count is taken even if
  // the import throws.
  const measured = (name, f, self, args) => {
    try {
      return f.apply(self, args);
    } finally {
      tally(name);
    }
  };

  // How many arguments `f` takes, when its declaration says so exactly: a
  // plain parameter list, and no `arguments` in its body (wasm-bindgen's
  // catching imports are `function() { return handleError(.., arguments) }`,
  // whose `length` is 0 whatever wasm passes). -1 when not sure.
  const exactArity = (f) => {
    let source;
    try {
      source = Function.prototype.toString.call(f);
    } catch {
      return -1;
    }
    const open = source.indexOf('(');
    const close = source.indexOf(')', open + 1);
    if (open < 0 || close < 0) return -1;
    const params = source.slice(open + 1, close);
    if (/[=.{\[]/.test(params) || /\barguments\b/.test(source)) return -1;
    return f.length;
  };

  // A wrapper per arity, so the common calls (nearly every import takes a
  // few fixed arguments) allocate nothing: no rest array, no `apply`, and
  // call the import plainly (wasm calls its imports with no `this`).
  // Anything else forwards every argument it is given.
  const wrap = (name, f, target) => {
    switch (exactArity(f)) {
      case 0:
        return function () {
          countExact(target);
          if (!state.active) return f();
          return measured(name, f, this, arguments);
        };
      case 1:
        return function (a) {
          countExact(target);
          if (!state.active) return f(a);
          return measured(name, f, this, arguments);
        };
      case 2:
        return function (a, b) {
          countExact(target);
          if (!state.active) return f(a, b);
          return measured(name, f, this, arguments);
        };
      case 3:
        return function (a, b, c) {
          countExact(target);
          if (!state.active) return f(a, b, c);
          return measured(name, f, this, arguments);
        };
      case 4:
        return function (a, b, c, d) {
          countExact(target);
          if (!state.active) return f(a, b, c, d);
          return measured(name, f, this, arguments);
        };
      default:
        return function () {
          countExact(target);
          if (!state.active) return f.apply(this, arguments);
          return measured(name, f, this, arguments);
        };
    }
  };

  const wrapNamespace = (mod, target) => {
    const wrapped = {};
    for (const name of Object.keys(mod)) {
      const f = mod[name];
      wrapped[name] = typeof f === 'function' ? wrap(name, f, target) : f;
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
      target.slot = ex.__wasm_ledger_exact_slot() >>> 2;
      target.words = new Uint32Array(ex.memory.buffer);
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
