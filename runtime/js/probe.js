// wasm-ledger truth probe.
//
// Counts every call from wasm into JS, per import name, by wrapping every
// function of the import object handed to WebAssembly.instantiate,
// instantiateStreaming or `new WebAssembly.Instance`, for the modules of
// wasm-ledger builds (those that export `__wasm_ledger_exact_slot` or
// import from this file); other modules are left alone. It must run before
// the module is instantiated, and does by itself: wherever the ledger is
// on, the wasm-bindgen glue imports this file (web, bundler, nodejs, deno
// targets), and a module's imports are evaluated before its body. It can
// also be loaded by hand: `<script type="module" src="probe.js">` before the
// app's module, or `node --require ./probe.js app.js` (Node >= 20.19).
//
// Measurements: counting per import is off until begin() and stops at
// end(). A call counts only if counting was on both when it started and
// when it returned, so the calls that switch counting on and off are never
// counted themselves.
//
// Exact mode: the module's `__wasm_ledger_exact_slot` gives the slot where
// annotated code aims at the call site that is running; every import call
// adds one to that site's crossing counter in wasm memory, so the ledger's
// per-site counts are the true ones, whatever the call did inside. The
// probe also sees closures (wasm-bindgen's finalization registry and its
// closure imports): each is counted at the site aimed at when it was made,
// or at the `(unannotated)` row, and its release (drop, or finalization of
// one given away) at the same site. And it counts calls from JS into wasm:
// exported functions, per name, and closures, at the site that made them;
// and exported objects (`#[wasm_bindgen]` structs) made and freed, per type.

const KEY = Symbol.for('wasm-ledger.probe');
// The version of the slot's layout and meaning (runtime/src/exact.rs).
const PROBE_API = 4;
// This file's own functions, imported by the runtime: never counted.
const OWN = new Set(['probeBegin', 'probeEnd', 'probeInstances', 'probeJsName', 'probeLoaded', 'probeExports', 'probeObjects', 'probeStartup']);
// Slot words (u32): aim, on, unannotated, js calls (low, high), objects made,
// freed, closures followed, turns wanted, busy (microseconds, wrapping),
// whether an outermost call from JS runs, and when it began (microseconds
// since the time origin, wrapping).
const AIM = 0;
const ON = 1;
const UNANNOTATED = 2;
const JS_CALLS = 3;
const OBJECTS_MADE = 5;
const OBJECTS_FREED = 6;
const CLOSURES_SEEN = 7;
const TURNS = 8;
const BUSY = 9;
const IN_CALL = 10;
const CALL_START = 11;
// A site's probe counters, in u32 words from the aimed address: crossings,
// closures created, released, called from JS (u64 each).
const CREATED = 2;
const RELEASED = 4;
const CALLED = 6;

function install() {
  const g = globalThis;
  if (g[KEY]) return g[KEY];
  const WA = g.WebAssembly;
  // Milliseconds since the page (or process) began.
  const perf = g.performance;
  const now = perf && typeof perf.now === 'function' ? () => perf.now() : () => Date.now();

  // Measurements.
  let active = false;
  let total = 0;
  const counts = new Map();
  const tally = (name) => {
    if (active) {
      total++;
      counts.set(name, (counts.get(name) || 0) + 1);
    }
  };
  let instances = 0;
  let attached = 0;

  // The instance whose closures and objects the registries report (the
  // last ledger module attached: registries are the glue's, not a module's).
  let current = null;

  // One ledger module: its slot, and memory as u32 words. The view is made
  // again only when memory grew (growing detaches the old buffer: reading
  // it gives `undefined`), not on every call.
  const newTarget = () => {
    const t = {
      words: new Uint32Array(1), // before attach: aim 0, no site
      slot: 0,
      memory: null,
      closuresSeen: false,
      byExport: new Map(),
      // Whether annotated code counted at a site during the call from JS
      // into wasm that began a turn; the ledger's end of turn.
      dirty: false,
      turn: null,
      // Calls from JS into wasm under way, and the milliseconds spent in
      // the outermost ones (the thread busy in wasm), written to the slot
      // as wrapping microseconds when one returns.
      depth: 0,
      busy: 0,
      // Start-up: the phases before the first Rust ran (see `phases`).
      startup: null,
      // When a call from JS first entered this instance.
      firstCall: -1,
      // The outermost call from JS began at `start` (ms) / returned after
      // `ms`: the ledger adds the part of a call under way itself.
      began(start) {
        t.aim(); // refresh the view if memory grew
        t.words[t.slot + CALL_START] = Math.floor(start * 1000);
        t.words[t.slot + IN_CALL] = 1;
      },
      ran(ms) {
        t.busy += ms;
        t.aim();
        t.words[t.slot + BUSY] = Math.floor(t.busy * 1000);
        t.words[t.slot + IN_CALL] = 0;
      },
      aim() {
        let aim = t.words[t.slot];
        if (aim === undefined) {
          t.words = new Uint32Array(t.memory.buffer);
          aim = t.words[t.slot];
        }
        return aim;
      },
      // One more in the u64 at word `i`.
      bump(i) {
        const w = t.words;
        const v = w[i] + 1;
        if (v === 4294967296) {
          w[i] = 0;
          w[i + 1] += 1;
        } else {
          w[i] = v;
        }
      },
      // Where a closure made now is counted: the running site's counter,
      // or the `(unannotated)` row.
      creator() {
        const aim = t.aim();
        if (aim !== 0) t.dirty = true;
        return aim !== 0 ? aim >>> 2 : t.words[t.slot + UNANNOTATED] >>> 2;
      },
      // A call from JS into wasm that began with no annotated code running
      // returned: the end of a turn, if annotated code counted in it and the
      // ledger wants turns (no frames). The ledger's own work is aimed at no
      // site, and no site is aimed at after it, as before the call. `outer`:
      // whether the call this one is nested in had counted.
      returned(outer) {
        if (!t.dirty) {
          t.dirty = outer;
          return;
        }
        t.dirty = false;
        t.aim();
        if (t.words[t.slot + TURNS] !== 0 && t.words[t.slot + ON] !== 0) {
          t.words[t.slot] = 0;
          try {
            t.turn();
          } catch {
            // the ledger never throws on its own account; nothing to add
          }
          t.aim();
        }
        t.words[t.slot] = 0;
      },
    };
    return t;
  };

  // Closures, by wasm-bindgen's state object (owned closures) or JS
  // function (borrowed ones): the target and counter word of the site
  // that made them. Deleted on release, so nothing is counted twice.
  const closures = new WeakMap();
  // Closures' Rust data pointers, for the calls from JS into them.
  const byData = new Map();
  const made = (key, state) => {
    const t = current;
    if (t === null || t.memory === null) return;
    const site = t.creator();
    if (site === 0) return;
    closures.set(key, { t, site, data: state ? state.a : 0 });
    if (state && state.a) byData.set(state.a, { t, site });
    t.bump(site + CREATED);
  };
  const released = (key) => {
    const c = closures.get(key);
    if (c === undefined) return;
    closures.delete(key);
    if (c.data) byData.delete(c.data);
    c.t.aim(); // refresh the view if memory grew
    c.t.bump(c.site + RELEASED);
    c.t.dirty = true;
  };
  const isClosureState = (held) =>
    held !== null && typeof held === 'object' && 'cnt' in held && 'a' in held && 'b' in held;

  // Exported objects (`#[wasm_bindgen]` structs JS holds), by JS object.
  const objects = new WeakMap();
  const objectsByPtr = new Map();
  const liveByType = new Map();
  const object = (t, type, delta) => {
    liveByType.set(type, (liveByType.get(type) || 0) + delta);
    t.aim();
    t.words[t.slot + (delta > 0 ? OBJECTS_MADE : OBJECTS_FREED)] += 1;
  };
  const freed = (key) => {
    const o = objects.get(key);
    if (o === undefined) return;
    objects.delete(key);
    objectsByPtr.delete(o.ptr);
    object(o.t, o.type, -1);
  };

  // wasm-bindgen keeps closures and exported objects in finalization
  // registries it makes when the glue is evaluated (after this file):
  // registering is making, unregistering is releasing, a finalization is
  // JS letting go. Only registries made from now on are watched.
  const FR = g.FinalizationRegistry;
  if (typeof FR === 'function') {
    g.FinalizationRegistry = class FinalizationRegistry extends FR {
      constructor(cleanup) {
        super(
          typeof cleanup === 'function'
            ? (held) => {
                if (isClosureState(held)) released(held);
                else if (typeof held === 'number' && objectsByPtr.has(held)) freed(objectsByPtr.get(held));
                return cleanup(held);
              }
            : cleanup,
        );
      }
      register(target, held, token) {
        if (isClosureState(held)) {
          made(held, held);
        } else if (typeof held === 'number' && target && target.__wbg_ptr === held && current !== null) {
          const type = (target.constructor && target.constructor.name) || 'Object';
          objects.set(target, { t: current, type, ptr: held });
          objectsByPtr.set(held, target);
          object(current, type, +1);
        }
        return super.register(target, held, token);
      }
      unregister(token) {
        if (isClosureState(token)) released(token);
        else freed(token);
        return super.unregister(token);
      }
    };
  }

  // How many arguments `f` takes, when its declaration says so exactly: a
  // plain parameter list, and no `arguments` in its body (wasm-bindgen's
  // catching imports are `function() { return handleError(.., arguments) }`,
  // whose `length` is 0 whatever wasm passes). -1 when not sure.
  const source = (f) => {
    try {
      return Function.prototype.toString.call(f);
    } catch {
      return '';
    }
  };
  const exactArity = (f) => {
    const text = source(f);
    const open = text.indexOf('(');
    const close = text.indexOf(')', open + 1);
    if (open < 0 || close < 0) return -1;
    const params = text.slice(open + 1, close);
    if (/[=.{\[]/.test(params) || /\barguments\b/.test(text)) return -1;
    return f.length;
  };

  // A wrapper per arity, so the common calls (nearly every import takes a
  // few fixed arguments) allocate nothing: no rest array, no `apply`, no
  // `arguments`, and call the import plainly (wasm calls its imports with
  // no `this`). The count is one read of the aim and, when a site is
  // aimed at, one add in wasm memory.
  const wrapPlain = (name, f, t) => {
    const count = () => {
      let aim = t.words[t.slot];
      if (aim === undefined) aim = t.aim();
      if (aim !== 0) {
        t.bump(aim >>> 2);
        t.dirty = true;
      }
    };
    switch (exactArity(f)) {
      case 0:
        return function () {
          count();
          if (!active) return f();
          try {
            return f();
          } finally {
            tally(name);
          }
        };
      case 1:
        return function (a) {
          count();
          if (!active) return f(a);
          try {
            return f(a);
          } finally {
            tally(name);
          }
        };
      case 2:
        return function (a, b) {
          count();
          if (!active) return f(a, b);
          try {
            return f(a, b);
          } finally {
            tally(name);
          }
        };
      case 3:
        return function (a, b, c) {
          count();
          if (!active) return f(a, b, c);
          try {
            return f(a, b, c);
          } finally {
            tally(name);
          }
        };
      case 4:
        return function (a, b, c, d) {
          count();
          if (!active) return f(a, b, c, d);
          try {
            return f(a, b, c, d);
          } finally {
            tally(name);
          }
        };
      default:
        return function (...args) {
          count();
          if (!active) return f(...args);
          try {
            return f(...args);
          } finally {
            tally(name);
          }
        };
    }
  };

  // The imports that make or release closures get a wrapper that looks at
  // what they pass and return (they are not the hot path).
  const closureImport = (name, f) => {
    const text = source(f);
    // A borrowed closure (`ScopedClosure::borrow`, `borrow_mut`): made by
    // the import, released by the drop's `_wbg_cb_unref`, never registered.
    if (/_wbg_cb_unref\s*=\s*\(\)\s*=>\s*state/.test(text)) return 'borrowed';
    if (/_wbg_cb_unref/.test(name)) return 'unref';
    // wasm-bindgen before 0.2.115: the drop calls `__wbindgen_cb_drop`,
    // which returns whether this was the last reference.
    if (name === '__wbindgen_cb_drop') return 'drop';
    return null;
  };
  const wrap = (name, f, t) => {
    const inner = wrapPlain(name, f, t);
    switch (closureImport(name, f)) {
      case 'borrowed':
        return function (...args) {
          const ret = inner(...args);
          if (typeof ret === 'function') made(ret, null);
          return ret;
        };
      case 'unref':
        return function (js) {
          const ret = inner(js);
          released(js);
          return ret;
        };
      case 'drop':
        return function (js) {
          const ret = inner(js);
          if (ret === true && js && js.original) released(js.original);
          return ret;
        };
      default:
        return inner;
    }
  };

  const wrapImports = (imports, t) => {
    if (!imports || typeof imports !== 'object') return imports;
    const out = {};
    for (const ns of Object.keys(imports)) {
      const mod = imports[ns];
      if (!mod || typeof mod !== 'object') {
        out[ns] = mod;
        continue;
      }
      const wrapped = {};
      for (const name of Object.keys(mod)) {
        const f = mod[name];
        // wasm-bindgen 0.2.115 on: every closure's release goes through
        // `_wbg_cb_unref`, so the probe can follow closures.
        if (/_wbg_cb_unref/.test(name)) t.closuresSeen = true;
        wrapped[name] = typeof f === 'function' && !OWN.has(probe.jsName(name)) ? wrap(name, f, t) : f;
      }
      out[ns] = wrapped;
    }
    instances++;
    return out;
  };

  // Calls from JS into wasm: exported functions (not wasm-bindgen's and the
  // test harness' own plumbing), counted per name; a call into a closure
  // (its Rust data pointer first) at the site that made it. A call that
  // comes while no annotated code runs (no site aimed at: an event
  // handler, a timer, a promise continuation, an export called by JS)
  // begins a turn, which ends when it returns (see `returned`); so does the
  // start function, plumbing otherwise and not counted. A call made while
  // annotated code runs (a listener of a `dispatchEvent` it made) is part
  // of that code's turn.
  // (wasm-bindgen-test's context is the harness, not the app.)
  const plumbing = /^(__(wbindgen|externref|wasm_ledger|wbgtest|wbg_test|wbgbench|wbgt)|wasmbindgentestcontext_)/;
  const wrapExport = (name, f, t, counted) => {
    const closureLike = /closure|invoke|adapter|shim/i.test(name);
    return function (...args) {
      const top = t.depth === 0;
      const begins = t.aim() === 0 && t.turn !== null;
      const outer = t.dirty;
      if (begins) t.dirty = false;
      if (counted) {
        t.bump(t.slot + JS_CALLS);
        const c = closureLike ? byData.get(args[0]) : undefined;
        if (c !== undefined) {
          c.t.bump(c.site + CALLED);
          c.t.dirty = true;
        } else t.byExport.set(name, (t.byExport.get(name) || 0) + 1);
      }
      if (!begins && !top) return f(...args);
      // The outermost call is timed (the end of a turn after it, so the
      // ledger's own work at a turn's end is not the turn's).
      const start = top ? now() : 0;
      if (top) {
        if (t.firstCall < 0) t.firstCall = start;
        if (t.slot !== 0) t.began(start);
      }
      t.depth++;
      try {
        return f(...args);
      } finally {
        t.depth--;
        if (top && t.slot !== 0) t.ran(now() - start);
        if (begins) t.returned(outer);
      }
    };
  };

  // Exact mode for a new instance of a ledger build: its slot and memory,
  // and its exports wrapped (the glue reads `instance.exports` once).
  const attach = (instance, t) => {
    const ex = instance.exports;
    if (typeof ex.__wasm_ledger_exact_slot !== 'function' || !(ex.memory instanceof WA.Memory)) return instance;
    const slot = ex.__wasm_ledger_exact_slot(PROBE_API) >>> 2;
    if (slot === 0) return instance;
    t.memory = ex.memory;
    t.slot = slot;
    t.words = new Uint32Array(ex.memory.buffer);
    if (t.closuresSeen) t.words[slot + CLOSURES_SEEN] = 1;
    if (typeof ex.__wasm_ledger_turn === 'function') t.turn = ex.__wasm_ledger_turn;
    current = t;
    attached++;
    const out = {};
    for (const name of Object.keys(ex)) {
      const v = ex[name];
      if (typeof v !== 'function') out[name] = v;
      else if (!plumbing.test(name)) out[name] = wrapExport(name, v, t, true);
      else if (name === '__wbindgen_start') out[name] = wrapExport(name, v, t, false);
      else out[name] = v;
    }
    const view = Object.create(Object.getPrototypeOf(instance));
    Object.defineProperty(view, 'exports', { value: Object.freeze(out), enumerable: true });
    return view;
  };

  // A module of a wasm-ledger build: it has the slot, or imports the probe.
  const isLedger = (module) => {
    try {
      return (
        WA.Module.exports(module).some((e) => e.name === '__wasm_ledger_exact_slot') ||
        WA.Module.imports(module).some((i) => OWN.has(probe.jsName(i.name)))
      );
    } catch {
      return false;
    }
  };
  // Start-up, per compiled module (all in milliseconds since the page's,
  // or process', time origin): how it was compiled (`streaming` from a
  // Response, from `bytes`, or `sync`, by `new WebAssembly.Module`), the
  // download as Resource Timing saw it (where the page has it), compiling;
  // then, per instance, instantiating and the first call into it.
  const compiledAs = new WeakMap();
  // The last Response that instantiateStreaming refused for its
  // Content-Type: wasm-bindgen's glue then downloads it whole and compiles
  // the bytes.
  let refused = null;
  let warned = false;
  const download = (url) => {
    try {
      const all = url && perf && typeof perf.getEntriesByName === 'function' ? perf.getEntriesByName(url) : [];
      const e = all[all.length - 1];
      return e ? { fetchStart: e.startTime, fetchEnd: e.responseEnd } : {};
    } catch {
      return {};
    }
  };
  const ms = (x) => (Math.round(x * 10) / 10).toFixed(1);
  const compiled = (module, how, began, extra) => {
    const info = { how, compileStart: began, compileEnd: now(), ...extra };
    if (how === 'bytes' && refused !== null) {
      Object.assign(info, download(refused.url), { refusedType: refused.type, url: refused.url });
      refused = null;
      if (!warned) {
        warned = true;
        const waited = info.fetchEnd !== undefined ? ` (downloaded by ${ms(info.fetchEnd)} ms)` : '';
        info.warning =
          `served as ${info.refusedType || 'no Content-Type'}: compile waited for the whole download${waited}, ` +
          `then took ${ms(info.compileEnd - info.compileStart)} ms; WebAssembly.instantiateStreaming compiles while ` +
          `the bytes arrive, but only for Content-Type application/wasm. Serve ${info.url || 'the .wasm file'} as application/wasm.`;
        try {
          console.warn(`wasm-ledger start-up: ${info.warning}`);
        } catch {
          // no console: the report and the JSON still say it
        }
      }
    }
    try {
      compiledAs.set(module, info);
    } catch {
      // not a module: nothing to remember
    }
    return module;
  };
  const instantiated = (t, module, began) => {
    t.startup = { ...(compiledAs.get(module) || { how: 'unknown' }), instantiateStart: began, instantiateEnd: now() };
  };

  const Instance = WA.Instance;
  const Module = WA.Module;
  const instantiateModule = WA.instantiate;
  const compileBytes = WA.compile;
  const compileStreaming = WA.compileStreaming;
  // Instantiates a compiled module, wrapped if it is a ledger build.
  const instantiateCompiled = (self, module, imports, rest) => {
    if (!isLedger(module)) return instantiateModule.call(self, module, imports, ...rest);
    const t = newTarget();
    const began = now();
    return instantiateModule.call(self, module, wrapImports(imports, t), ...rest).then((instance) => {
      instantiated(t, module, began);
      return attach(instance, t);
    });
  };
  WA.instantiate = function (source, imports, ...rest) {
    if (source instanceof Module) return instantiateCompiled(this, source, imports, rest);
    // Bytes: compiled first, to look at the module before instantiating.
    const began = now();
    return compileBytes
      .call(WA, source, ...rest)
      .then((module) => compiled(module, 'bytes', began))
      .then((module) => instantiateCompiled(this, module, imports, rest).then((instance) => ({ module, instance })));
  };
  WA.compile = function (source, ...rest) {
    const began = now();
    return compileBytes.call(WA, source, ...rest).then((module) => compiled(module, 'bytes', began));
  };
  if (typeof WA.instantiateStreaming === 'function' && typeof compileStreaming === 'function') {
    // Still streaming: compileStreaming compiles as the bytes arrive. A
    // Response it refuses (not application/wasm) is remembered: the glue's
    // fallback compiles its bytes next.
    WA.instantiateStreaming = function (source, imports, ...rest) {
      const began = now();
      return Promise.resolve(source).then((response) => {
        let type = null;
        let url = null;
        try {
          type = response.headers.get('Content-Type');
          url = response.url || null;
        } catch {
          // not a Response: compileStreaming says what is wrong
        }
        return compileStreaming.call(WA, response, ...rest).then(
          (module) => {
            compiled(module, 'streaming', began, { contentType: type, url, ...download(url) });
            return instantiateCompiled(this, module, imports, rest).then((instance) => ({ module, instance }));
          },
          (e) => {
            if (!/^application\/wasm\b/i.test(type || '')) refused = { type, url };
            throw e;
          },
        );
      });
    };
  }
  WA.Module = new Proxy(Module, {
    construct(cls, args, newTarget_) {
      const began = now();
      return compiled(Reflect.construct(cls, args, newTarget_), 'sync', began);
    },
  });
  WA.Instance = new Proxy(Instance, {
    construct(cls, args, newTarget_) {
      const copy = Array.from(args);
      if (!isLedger(copy[0])) return Reflect.construct(cls, copy, newTarget_);
      const t = newTarget();
      copy[1] = wrapImports(copy[1], t);
      const began = now();
      const instance = Reflect.construct(cls, copy, cls);
      instantiated(t, copy[0], began);
      return attach(instance, t);
    },
  });

  const probe = {
    /** Zeroes the counts and starts counting. */
    begin() {
      counts.clear();
      total = 0;
      active = true;
    },
    /** Stops counting; returns { total, byImport: { importName: calls } }. */
    end() {
      active = false;
      return probe.counts();
    },
    /** The counts so far, without stopping. */
    counts() {
      const byImport = {};
      for (const [name, n] of counts) byImport[name] = n;
      return { total, byImport };
    },
    /** How many wasm instances had their imports wrapped. */
    instances() {
      return instances;
    },
    /** How many instances count crossings exactly (ledger-on builds). */
    exactInstances() {
      return attached;
    },
    /** Calls from JS into each export of the last ledger instance. */
    exports() {
      return current === null ? {} : Object.fromEntries(current.byExport);
    },
    /** Exported objects alive, per type. */
    objects() {
      return Object.fromEntries(liveByType);
    },
    /** Start-up of the last ledger instance: its phases (ms since the time
     * origin), how it was compiled, and the warning, if any. */
    startup() {
      if (current === null || current.startup === null) return {};
      const s = { ...current.startup };
      if (current.firstCall >= 0) s.firstRust = current.firstCall;
      return s;
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

const lines = (o) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

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
export function probeLoaded() {
  return true;
}
export function probeExports() {
  return lines(probe.exports());
}
export function probeObjects() {
  return lines(probe.objects());
}
export function probeStartup() {
  return lines(probe.startup());
}
