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
// and its release (drop, or finalization of one given away) at the same
// site. And it counts calls from JS into wasm: exported functions, per
// name, and closures, at the site that made them; and exported objects
// (`#[wasm_bindgen]` structs) made and freed, per type.
//
// The whole app: a call into JS made while no annotated code runs (library
// code, a framework's DOM work, code inside `view!`) is counted too, at a
// row of its JS API (`Node.appendChild`), in the ledger's row table in wasm
// memory; a closure made there is counted at a row of the Rust line that
// made it, found in its creation stack (the module's `name` section names
// the functions, its `.debug_line` DWARF section, where the build kept it,
// gives the lines). Stacks of such calls into JS are sampled, within a
// budget of the time spent in wasm, to say which Rust functions and lines
// made them. Only the ledger's own work (aimed at OWN_AIM) is not counted.

const KEY = Symbol.for('wasm-ledger.probe');
// The version of the slot's layout and meaning (runtime/src/exact.rs).
const PROBE_API = 11;
// This file's own functions, imported by the runtime: never counted.
const OWN = new Set([
  'probeBegin',
  'probeEnd',
  'probeInstances',
  'probeJsName',
  'probeLoaded',
  'probeExports',
  'probeObjects',
  'probeStartup',
  'probeRowName',
  'probeAttribution',
  'probeWholeApp',
  'probePageHeld',
  'probeJsFrees',
  'probePageNodes',
  'probeViewsDetached',
]);
// Slot words (u32): aim, on, unannotated, js calls (low, high), objects made,
// freed, closures followed, turns wanted, busy (microseconds, wrapping),
// whether an outermost call from JS runs (2: one that ends through
// `returned`), and when it began (microseconds
// since the time origin, wrapping); the whole-app row table's address, its
// capacity in rows, how many rows the probe has used, whether the whole
// app is counted (Config::whole_app), the microseconds the probe spent
// taking stacks (wrapping: the ledger's own time, not the app's), and those
// the ledger's work at the last turn's end took.
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
const ROWS = 12;
const ROWS_CAP = 13;
const ROWS_USED = 14;
const WHOLE = 15;
const PROBE_OWN = 16;
// The microseconds the ledger's work at the last turn's end took.
const TURN_OWN = 17;
// 1 while the ledger prints a report or draws the HUD; the ledger's own
// calls into JS (wrapping), outside that output and in it.
const OUTPUT = 18;
const OWN_CALLS = 19;
const OUTPUT_CALLS = 20;
// The aim while the ledger does its own work: nothing is counted.
const OWN_AIM = 1;
// Where the bytes the glue moves count while one of this file's own
// functions runs: nowhere.
const OWN_DEST = -3;
// A row of the table: crossings, closures created, released, called from
// JS, bytes to JS, bytes from JS, slices lent as views, views kept (u64
// each), at the offsets of a site's probe counters.
const ROW_WORDS = 16;
// A site's probe counters, in u32 words from the aimed address (u64 each,
// in the order of a row).
const CREATED = 2;
const RELEASED = 4;
const CALLED = 6;
const TO_JS = 8;
const FROM_JS = 10;
const LENT = 12;
const KEPT = 14;

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
  // Of `total`, the ledger's own calls (made while aimed at OWN_AIM), and
  // of those, the ones its output made (reports, the HUD).
  let own = 0;
  let ownOutput = 0;
  const counts = new Map();
  // `ownCall`: 0 the app's, 1 the ledger's own, 2 its output's.
  const tally = (name, ownCall) => {
    if (active) {
      total++;
      if (ownCall !== 0) own++;
      if (ownCall === 2) ownOutput++;
      counts.set(name, (counts.get(name) || 0) + 1);
    }
  };
  let instances = 0;
  let attached = 0;

  // The instance whose closures and objects the registries report (the
  // last ledger module attached: registries are the glue's, not a module's).
  let current = null;

  // ---- The whole app: which JS API a call is, and which Rust made it ----

  // Taking stacks may cost at most this share of the time spent in wasm.
  const BUDGET = 0.02;

  // The JS API an import calls, read once from the glue's source: a method
  // or property of its first argument (`arg0.appendChild(arg1)`, `const
  // ret = arg0.nodeValue`, `arg0.textContent = ..`), named by the class
  // that defines it on the receiver's prototype chain (`Node.appendChild`);
  // a constructor (`new Uint8Array`); a namespace's function
  // (`Math.random`); wasm-bindgen's own intrinsics; else the import's name.
  const INTRINSIC = /^__wbg___wbindgen_([A-Za-z0-9_]+?)_[0-9a-f]{16}$|^__wbindgen_([A-Za-z0-9_]+)$|^__wbg__wbg_([A-Za-z0-9_]+?)_[0-9a-f]{16}$/;
  // The receiver is the first argument, or the second where the first is
  // where to write a returned string (`const ret = arg1.namespaceURI`).
  const RECEIVER = /(?:\barg([0-3])|getObject\(arg([0-3])\))\.([A-Za-z_$][\w$]*)(\s*\()?(\s*=(?!=))?/;
  const INSTANCEOF = /\binstanceof\s+([A-Za-z_$][\w$]*)/;
  const CAST = /Cast intrinsic for `([^`]+)`/;
  // Which argument an import's receiver is (for its class), or 0.
  const receiverIndex = (f) => {
    const r = RECEIVER.exec(source(f));
    return r ? Number(r[1] || r[2]) : 0;
  };
  const NEW = /\bnew\s+([A-Za-z_$][\w$.]*)\s*\(/;
  const NAMESPACED = /\b((?!arg\d|getObject|wasm\b|ret\b|state\d|cached|real\b|obj\b)[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*)\s*\(/;
  const ownerOf = (receiver, member) => {
    try {
      if (receiver === null || (typeof receiver !== 'object' && typeof receiver !== 'function')) return null;
      for (let o = receiver; o !== null; o = Object.getPrototypeOf(o)) {
        if (!Object.prototype.hasOwnProperty.call(o, member)) continue;
        if (o === receiver) {
          if (typeof receiver === 'function') return receiver.name || null;
          return (receiver.constructor && receiver.constructor.name) || null;
        }
        return (o.constructor && o.constructor.name) || null;
      }
    } catch {
      // a proxy that refuses: the member alone
    }
    return null;
  };
  const apiName = (imp, receiver) => {
    const text = source(imp.f);
    let r = CAST.exec(text);
    if (r) return `wasm-bindgen cast ${r[1]}`;
    const m = INTRINSIC.exec(imp.name);
    if (m) return `wasm-bindgen ${m[1] || m[2] || m[3]}`;
    r = INSTANCEOF.exec(text);
    if (r) return `instanceof ${r[1]}`;
    r = RECEIVER.exec(text);
    if (r) {
      const member = r[3];
      const cls = ownerOf(receiver, member);
      const what = cls ? `${cls}.${member}` : member;
      return r[5] && !r[4] ? `set ${what}` : what;
    }
    r = NEW.exec(text);
    if (r) return `new ${r[1]}`;
    r = NAMESPACED.exec(text);
    if (r) return r[1];
    return probe.jsName(imp.name);
  };

  // The wasm frames of the current stack, innermost first, as [function
  // index, byte offset in the module]: V8 writes `at name (wasm://wasm/
  // <id>:wasm-function[12]:0x1a2b)`, SpiderMonkey `name@url:wasm-function
  // [12]:0x1a2b`. V8 keeps 10 frames unless told: 200 while it is taken.
  const WASM_FRAME = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;
  const stackFrames = () => {
    const E = g.Error;
    let limit;
    let text = '';
    try {
      limit = E.stackTraceLimit;
      E.stackTraceLimit = 200;
      text = String(new E().stack || '');
    } catch {
      // no stacks here: nothing located
    } finally {
      try {
        E.stackTraceLimit = limit;
      } catch {
        // a frozen Error: left as it was
      }
    }
    const frames = [];
    for (const line of text.split('\n')) {
      const m = WASM_FRAME.exec(line);
      if (m) frames.push([Number(m[1]), parseInt(m[2], 16)]);
    }
    return frames;
  };

  // Numbers and strings out of a module's bytes (little-endian, LEB128).
  const utf8 = typeof TextDecoder === 'function' ? new TextDecoder() : null;
  const decode = (bytes) => (utf8 ? utf8.decode(bytes) : String.fromCharCode.apply(null, Array.from(bytes)));
  const reader = (buf, at) => {
    const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const r = {
      b,
      at: at || 0,
      u8: () => b[r.at++],
      u16() {
        const v = dv.getUint16(r.at, true);
        r.at += 2;
        return v;
      },
      u32() {
        const v = dv.getUint32(r.at, true);
        r.at += 4;
        return v;
      },
      u64() {
        const v = dv.getUint32(r.at + 4, true) * 4294967296 + dv.getUint32(r.at, true);
        r.at += 8;
        return v;
      },
      uleb() {
        let v = 0;
        let mul = 1;
        let x;
        do {
          x = b[r.at++];
          v += (x & 0x7f) * mul;
          mul *= 128;
        } while (x & 0x80 && r.at < b.length);
        return v;
      },
      sleb() {
        let v = 0;
        let mul = 1;
        let x;
        do {
          x = b[r.at++];
          v += (x & 0x7f) * mul;
          mul *= 128;
        } while (x & 0x80 && r.at < b.length);
        return x & 0x40 ? v - mul : v;
      },
      cstr() {
        const from = r.at;
        while (r.at < b.length && b[r.at] !== 0) r.at++;
        const out = decode(b.subarray(from, r.at));
        r.at++;
        return out;
      },
      bytes(n) {
        const out = b.subarray(r.at, r.at + n);
        r.at += n;
        return out;
      },
    };
    return r;
  };
  const custom = (module, name) => {
    try {
      return module ? WA.Module.customSections(module, name)[0] || null : null;
    } catch {
      return null;
    }
  };
  // Where the code section's contents begin in the module's bytes: DWARF's
  // addresses count from there, the engines' offsets from the module's start.
  const codeStart = (bytes) => {
    try {
      const r = reader(bytes, 8);
      while (r.at < r.b.length) {
        const id = r.u8();
        const size = r.uleb();
        if (id === 10) return r.at;
        r.at += size;
      }
    } catch {
      // not a module we can read: no lines
    }
    return -1;
  };
  const codeStarts = new WeakMap();
  // Modules compiled from a stream: their bytes' copy, still being read.
  const codeStartPending = new WeakMap();
  const keepCodeStart = (module, bytes) => {
    try {
      if (custom(module, '.debug_line') !== null) codeStarts.set(module, codeStart(bytes));
    } catch {
      // nothing kept: no lines
    }
  };

  // The `name` section: the module's name and each function's.
  const nameSection = (module) => {
    const out = { module: '', fns: new Map() };
    const sec = custom(module, 'name');
    if (sec === null) return out;
    try {
      const r = reader(sec);
      while (r.at < r.b.length) {
        const id = r.u8();
        const size = r.uleb();
        const end = r.at + size;
        if (id === 0) out.module = decode(r.bytes(r.uleb()));
        else if (id === 1) {
          const n = r.uleb();
          for (let i = 0; i < n && r.at < end; i++) {
            const index = r.uleb();
            out.fns.set(index, decode(r.bytes(r.uleb())));
          }
        }
        r.at = end;
      }
    } catch {
      // a name section we cannot read: the names read so far
    }
    return out;
  };

  // Each compilation unit's directory (DW_AT_comp_dir), by the offset of
  // its line program (DW_AT_stmt_list): a crate's own files are named
  // relative to it in the line table, so it tells a registry crate's
  // `src/lib.rs` from the app's. Only each unit's first entry is read.
  const compDirs = (module) => {
    const out = new Map();
    const info = custom(module, '.debug_info');
    const abbrev = custom(module, '.debug_abbrev');
    if (info === null || abbrev === null) return out;
    const debugStr = custom(module, '.debug_str');
    const lineStr = custom(module, '.debug_line_str');
    const strAt = (sec, off) => (sec === null ? '' : reader(sec, off).cstr());
    const r = reader(info);
    while (r.at + 4 <= r.b.length) {
      let len = r.u32();
      let wide = false;
      if (len === 0xffffffff) {
        len = r.u64();
        wide = true;
      }
      const end = r.at + len;
      try {
        const version = r.u16();
        let addressSize;
        let abbrevOffset;
        if (version >= 5) {
          const unitType = r.u8();
          addressSize = r.u8();
          abbrevOffset = wide ? r.u64() : r.u32();
          if (unitType === 2 || unitType === 6) r.at += 16; // type units: signature, offset
          else if (unitType === 4 || unitType === 5) r.at += 8; // skeleton, split: dwo id
        } else {
          abbrevOffset = wide ? r.u64() : r.u32();
          addressSize = r.u8();
        }
        const code = r.uleb();
        // The abbreviation of the unit's entry, looked up by its code.
        const a = reader(abbrev, abbrevOffset);
        let specs = null;
        while (a.at < a.b.length) {
          const c = a.uleb();
          if (c === 0) break;
          a.uleb(); // tag
          a.u8(); // children
          const list = [];
          for (;;) {
            const name = a.uleb();
            const form = a.uleb();
            if (name === 0 && form === 0) break;
            list.push([name, form, form === 0x21 ? a.sleb() : 0]);
          }
          if (c === code) {
            specs = list;
            break;
          }
        }
        let dir = null;
        let stmt = -1;
        const os = wide ? 8 : 4;
        const value = (form) => {
          switch (form) {
            case 0x01: r.at += addressSize; return 0;
            case 0x03: r.at += r.u16(); return 0;
            case 0x04: r.at += r.u32(); return 0;
            case 0x05: return r.u16();
            case 0x06: return r.u32();
            case 0x07: return r.u64();
            case 0x08: return r.cstr();
            case 0x09: case 0x18: r.at += r.uleb(); return 0;
            case 0x0a: r.at += r.u8(); return 0;
            case 0x0b: case 0x0c: case 0x11: return r.u8();
            case 0x0d: return r.sleb();
            case 0x0e: return strAt(debugStr, os === 8 ? r.u64() : r.u32());
            case 0x1f: return strAt(lineStr, os === 8 ? r.u64() : r.u32());
            case 0x0f: case 0x15: case 0x1a: case 0x1b: case 0x22: case 0x23: return r.uleb();
            case 0x10: case 0x17: case 0x1d: return os === 8 ? r.u64() : r.u32();
            case 0x12: return r.u16();
            case 0x13: case 0x1c: return r.u32();
            case 0x14: case 0x20: return r.u64();
            case 0x16: return value(r.uleb());
            case 0x19: case 0x21: return 0;
            case 0x1e: r.at += 16; return 0;
            case 0x25: case 0x29: return r.u8();
            case 0x26: case 0x2a: return r.u16();
            case 0x27: case 0x2b: r.at += 3; return 0;
            case 0x28: case 0x2c: return r.u32();
            default: throw new Error(`DWARF form ${form}`);
          }
        };
        for (const [name, form] of specs || []) {
          const v = value(form);
          if (name === 0x1b && typeof v === 'string') dir = v;
          else if (name === 0x10 && typeof v === 'number') stmt = v;
        }
        if (dir !== null && stmt >= 0) out.set(stmt, dir);
      } catch {
        // a unit we cannot read: its files stay as named
      }
      r.at = end;
    }
    return out;
  };

  // The DWARF line table (`.debug_line`, versions 2 to 5) as sorted rows:
  // code address -> file, line, column. Sequences of code the linker
  // dropped (address 0) are left out. null without the section.
  const lineTable = (module) => {
    const dl = custom(module, '.debug_line');
    if (dl === null) return null;
    const lineStr = custom(module, '.debug_line_str');
    const debugStr = custom(module, '.debug_str');
    const strAt = (sec, off) => (sec === null ? '' : reader(sec, off).cstr());
    const dirsOf = compDirs(module);
    // A file: as the compiler was given it (as `file!()` gives it), and
    // whether it is library code (by its full path: the unit's directory
    // joined in).
    const files = [];
    const fileIds = new Map();
    const join = (dir, file) => (dir === '' || file.startsWith('/') ? file : `${dir}/${file}`);
    const intern = (path, compDir) => {
      const full = join(compDir, path);
      let id = fileIds.get(full);
      if (id === undefined) {
        id = files.length;
        const library = LIBRARY_FILE.test(full);
        files.push({ shown: library ? shortFile(full) : path, library });
        fileIds.set(full, id);
      }
      return id;
    };
    const seqs = [];
    const r = reader(dl);
    while (r.at + 4 <= r.b.length) {
      const unit = r.at;
      const compDir = dirsOf.get(unit) || '';
      let len = r.u32();
      let wide = false;
      if (len === 0xffffffff) {
        len = r.u64();
        wide = true;
      }
      const end = r.at + len;
      try {
        const version = r.u16();
        if (version < 2 || version > 5) {
          r.at = end;
          continue;
        }
        let addressSize = 4;
        if (version >= 5) {
          addressSize = r.u8();
          r.u8(); // segment selector size
        }
        const headerLength = wide ? r.u64() : r.u32();
        const program = r.at + headerLength;
        const minInst = r.u8();
        if (version >= 4) r.u8(); // maximum operations per instruction
        r.u8(); // default is_stmt
        const lineBase = (r.u8() << 24) >> 24;
        const lineRange = r.u8();
        const opcodeBase = r.u8();
        const lengths = [0];
        for (let i = 1; i < opcodeBase; i++) lengths.push(r.uleb());
        const unitFiles = [];
        const offset = () => (wide ? r.u64() : r.u32());
        const form = (f) => {
          switch (f) {
            case 0x08:
              return r.cstr();
            case 0x1f:
              return strAt(lineStr, offset());
            case 0x0e:
              return strAt(debugStr, offset());
            case 0x0f:
              return r.uleb();
            case 0x0b:
              return r.u8();
            case 0x05:
              return r.u16();
            case 0x06:
              return r.u32();
            case 0x07:
              return r.u64();
            case 0x1e:
              r.at += 16;
              return 0;
            case 0x09:
              r.at += r.uleb();
              return 0;
            default:
              throw new Error(`DWARF form ${f}`);
          }
        };
        if (version >= 5) {
          const entries = () => {
            const formats = [];
            const count = r.u8();
            for (let i = 0; i < count; i++) formats.push([r.uleb(), r.uleb()]);
            const out = [];
            const n = r.uleb();
            for (let i = 0; i < n; i++) {
              const e = { path: '', dir: 0 };
              for (const [what, f] of formats) {
                const v = form(f);
                if (what === 1) e.path = String(v);
                else if (what === 2) e.dir = Number(v);
              }
              out.push(e);
            }
            return out;
          };
          // Directory 0 is the compilation directory: paths under it are
          // kept as the compiler was given them (as `file!()` gives them).
          const dirs = entries().map((d, i) => (i === 0 ? '' : d.path));
          for (const f of entries()) unitFiles.push(intern(join(dirs[f.dir] || '', f.path), compDir));
        } else {
          const dirs = [''];
          for (let d = r.cstr(); d !== ''; d = r.cstr()) dirs.push(d);
          unitFiles.push(-1); // files count from 1
          for (let f = r.cstr(); f !== ''; f = r.cstr()) {
            const dir = r.uleb();
            r.uleb(); // modification time
            r.uleb(); // length
            unitFiles.push(intern(join(dirs[dir] || '', f), compDir));
          }
        }
        r.at = program;
        let address = 0;
        let file = 1;
        let line = 1;
        let column = 0;
        let seq = [];
        const row = (endOfSequence) => {
          seq.push(address, endOfSequence ? -1 : unitFiles[file] ?? -1, line, column);
        };
        while (r.at < end) {
          const op = r.u8();
          if (op >= opcodeBase) {
            const adjusted = op - opcodeBase;
            address += Math.floor(adjusted / lineRange) * minInst;
            line += lineBase + (adjusted % lineRange);
            row(false);
          } else if (op === 0) {
            const n = r.uleb();
            const next = r.at + n;
            const sub = r.u8();
            if (sub === 1) {
              row(true);
              if (seq[0] !== 0 && seq[0] < 0xfffffff0) seqs.push(seq);
              seq = [];
              address = 0;
              file = 1;
              line = 1;
              column = 0;
            } else if (sub === 2) {
              address = addressSize === 8 ? r.u64() : r.u32();
            }
            r.at = next;
          } else if (op === 1) row(false);
          else if (op === 2) address += r.uleb() * minInst;
          else if (op === 3) line += r.sleb();
          else if (op === 4) file = r.uleb();
          else if (op === 5) column = r.uleb();
          else if (op === 8) address += Math.floor((255 - opcodeBase) / lineRange) * minInst;
          else if (op === 9) address += r.u16();
          else for (let i = 0; i < lengths[op]; i++) r.uleb();
        }
      } catch {
        // a unit we cannot read: the others still count
      }
      r.at = end;
    }
    seqs.sort((a, b) => a[0] - b[0]);
    let n = 0;
    for (const q of seqs) n += q.length / 4;
    const addr = new Float64Array(n);
    const fileOf = new Int32Array(n);
    const lineOf = new Uint32Array(n);
    const colOf = new Uint32Array(n);
    let i = 0;
    for (const q of seqs) {
      for (let k = 0; k < q.length; k += 4, i++) {
        addr[i] = q[k];
        fileOf[i] = q[k + 1];
        lineOf[i] = q[k + 2];
        colOf[i] = q[k + 3];
      }
    }
    return {
      files,
      rows: n,
      // The row for code address `a`: file, line and column, or null.
      at(a) {
        let lo = 0;
        let hi = n - 1;
        let found = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (addr[mid] <= a) {
            found = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        if (found < 0 || fileOf[found] < 0 || lineOf[found] === 0) return null;
        const file = files[fileOf[found]];
        return { file: file.shown, library: file.library, line: lineOf[found], column: colOf[found] };
      },
    };
  };

  // Library code, by its file: the registry's and git checkouts' sources,
  // Rust's own library (`/rustc/<hash>/library`, a `rust-src` tree).
  const LIBRARY_FILE = /(^|[\\/])\.cargo[\\/](registry|git)[\\/]|^\/rustc\/|^\/rust\/deps\/|[\\/]lib[\\/]rustlib[\\/]src[\\/]|[\\/]library[\\/](core|alloc|std|proc_macro)[\\/]/;
  // Crates that are the boundary itself, never the place to name.
  const BINDING = new Set(['core', 'alloc', 'std', 'web_sys', 'js_sys', 'wasm_bindgen', 'wasm_bindgen_futures', 'dlmalloc', 'wasm_ledger']);
  const crateOf = (name) => {
    const m = /^[<&\s]*(?:(?:mut|dyn|impl)\s+)*([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
    return m ? m[1] : '';
  };
  // A registry path shortened to the crate's folder: `tachys-0.2.1/src/..`.
  const shortFile = (file) => {
    const m = /[\\/]\.cargo[\\/](?:registry[\\/]src|git[\\/]checkouts)[\\/][^\\/]+[\\/](.*)$/.exec(file);
    if (m) return m[1];
    // Rust's own library's vendored crates (`/rust/deps/hashbrown-0.16.1/..`).
    const d = /^\/rust\/deps\/(.*)$/.exec(file);
    if (d) return d[1];
    const l = /[\\/](library[\\/].*)$/.exec(file);
    return l && LIBRARY_FILE.test(file) ? l[1] : file;
  };

  // Names and lines of one module, read when first needed: `locate` turns
  // a stack into the place to name.
  const wholeApp = (module, codeStartOf) => {
    const names = nameSection(module);
    // The app's own crate: the one the module is named after (`todo.wasm`:
    // `todo`); with DWARF, any code whose file is not a library's.
    // (A test binary's name ends in cargo's hash: `probe_sees-05b81bba00874aa6`.)
    const appCrate = names.module
      .replace(/\.wasm$/, '')
      .replace(/-[0-9a-f]{16}$/, '')
      .replace(/-/g, '_');
    let lines = null;
    let linesTried = false;
    let linesMs = 0;
    const table = () => {
      if (!linesTried && codeStartOf() >= 0) {
        linesTried = true;
        const began = now();
        try {
          lines = lineTable(module);
        } catch {
          lines = null;
        }
        linesMs = now() - began;
      }
      return lines;
    };
    const frames = new Map();
    // One wasm frame: its function's name (hash dropped), whether it is
    // the app's own code, and its line where DWARF has it.
    const frame = (index, offset) => {
      const key = `${index}:${offset}`;
      let f = frames.get(key);
      if (f !== undefined) return f;
      const raw = names.fns.get(index);
      // The legacy hash and v0 crate disambiguators (`std[a543..]::`) are
      // noise to a reader.
      const fn = raw === undefined ? '' : raw.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '');
      const crate = crateOf(fn);
      const lt = table();
      const start = codeStartOf();
      const at = lt !== null && start >= 0 ? lt.at(offset - start) : null;
      // The app's own code: by its file where DWARF has it (any crate of
      // the app's, not the registry's nor Rust's), else by its crate.
      const shim = / shim$/.test(fn);
      const own = fn !== '' && !shim && !BINDING.has(crate) && (at !== null ? !at.library : crate === appCrate);
      f = {
        key,
        fn,
        own,
        // wasm-bindgen's generated shims (no crate path, or named `..
        // externref shim`, with no line) are the bindings.
        binding: crate === '' || BINDING.has(crate) || shim,
        file: at === null ? '' : at.file,
        line: at === null ? 0 : at.line,
        column: at === null ? 0 : at.column,
      };
      frames.set(key, f);
      return f;
    };
    return {
      prepare: table,
      names: names.fns.size > 0,
      appCrate,
      lines: () => table() !== null,
      lineRows: () => (lines === null ? 0 : lines.rows),
      linesMs: () => linesMs,
      dwarf: () => custom(module, '.debug_line') !== null,
      // The first frame of the app's own code (from the innermost), and
      // the innermost library frame inside it that is not the bindings
      // themselves (or the innermost frame, where there is none).
      locate(stack) {
        let app = null;
        let lib = null;
        let inner = null;
        let outer = null;
        for (const [index, offset] of stack) {
          const f = frame(index, offset);
          if (f.fn === '') continue;
          if (inner === null) inner = f;
          if (f.own) {
            app = f;
            break;
          }
          if (lib === null && !f.binding) lib = f;
          if (f.binding && crateOf(f.fn) !== '' && (outer === null || outer.line === 0 || f.line > 0)) outer = f;
        }
        // Only the bindings: the outermost of them with a line names the
        // entry (the futures queue's run) better than the innermost.
        if (lib === null) lib = outer !== null ? outer : inner;
        if (app === null && lib === null) return { key: '', app, lib };
        return { key: `${app ? app.key : '-'}|${lib ? lib.fn : '-'}`, app, lib };
      },
    };
  };

  // One ledger module: its slot, and memory as u32 words. The view is made
  // again only when memory grew (growing detaches the old buffer: reading
  // it gives `undefined`), not on every call.
  const newTarget = () => {
    const t = {
      words: new Uint32Array(1), // before attach: aim 0, no site
      slot: 0,
      memory: null,
      module: null,
      // The instance's own exports, unwrapped.
      raw: {},
      closuresSeen: false,
      liveCount: null,
      byExport: new Map(),
      turn: null,
      // Calls from JS into wasm under way, and the milliseconds spent in
      // the outermost ones (the thread busy in wasm), written to the slot
      // as wrapping microseconds when one returns.
      depth: 0,
      busy: 0,
      callStart: 0,
      // Start-up: the phases before the first Rust ran (see `phases`).
      startup: null,
      // When a call from JS first entered this instance.
      firstCall: -1,
      // The whole app (see `wholeApp`): rows used, by JS API and by
      // creating line; the sampled stacks of calls into JS made where no
      // annotated code ran.
      imports: [],
      rows: [],
      apiRows: new Map(),
      madeRows: new Map(),
      // Closures alive per site (counter word), for `pageHeld`.
      alive: new Map(),
      where: null,
      samples: new Map(),
      period: 1,
      captures: 0,
      captureMs: 0,
      // The outermost call from JS began at `start` (ms) / returned after
      // `ms`: the ledger adds the part of a call under way itself.
      began(start, returns) {
        t.callStart = start;
        t.aim(); // refresh the view if memory grew
        t.words[t.slot + CALL_START] = Math.floor(start * 1000);
        // 2: this call ends through `returned`, which may call the ledger.
        t.words[t.slot + IN_CALL] = returns ? 2 : 1;
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
      // Where the import running counts (a site's or a row's first word),
      // for the bytes the glue moves inside it; -1 while none runs.
      dest: -1,
      // `n` (an integer, possibly negative: a `realloc` that shrinks) more
      // in the u64 at word `i`.
      add(i, n) {
        t.aim();
        const w = t.words;
        const v = w[i] + n;
        if (v >= 0 && v < 4294967296) {
          w[i] = v;
        } else {
          const carry = Math.floor(v / 4294967296);
          w[i] = v - carry * 4294967296;
          w[i + 1] += carry;
        }
      },
      // Bytes JS wrote into wasm memory through the module's allocator
      // (`passStringToWasm0`, `passArray8ToWasm0`): at the import running;
      // with none running, where annotated code is aimed, else at the row
      // of calls from JS (the arguments of an export or a closure); never
      // for the ledger's own work.
      fromJs(n) {
        let d = t.dest;
        if (d < 0) {
          if (d === OWN_DEST) return;
          const aim = t.aim();
          if (aim === OWN_AIM || t.slot === 0) return;
          if (aim > OWN_AIM) d = aim >>> 2;
          else if (t.words[t.slot + WHOLE] !== 0) d = t.argsRow();
          if (d < 0) return;
        }
        t.add(d + FROM_JS, n);
      },
      argsWord: -2,
      // The views of wasm memory JS keeps (a view cast, an `ImageData` on a
      // Rust slice), with the word of the site or row that made them, to
      // tell which Rust still holds once memory grew (see `viewsDetached`);
      // `keptAt`: where the one being made counts.
      kept: [],
      keptAt: -1,
      keep(view) {
        const at = t.keptAt;
        t.keptAt = -1;
        if (at < 0 || view === null || typeof view !== 'object' || typeof g.WeakRef !== 'function') return;
        if (t.kept.length >= 512) t.kept = t.kept.filter((k) => k.ref.deref() !== undefined).slice(-256);
        t.kept.push({ ref: new g.WeakRef(view), word: at });
      },
      argsRow() {
        if (t.argsWord === -2) t.argsWord = t.newRow({ kind: 'api', name: '(strings and arrays passed to calls from JS)' });
        return t.argsWord;
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
      // A stack taken in `ms`: the probe's own time.
      took(ms) {
        t.captures++;
        t.captureMs += ms;
        t.aim();
        t.words[t.slot + PROBE_OWN] = Math.floor(t.captureMs * 1000);
      },
      // The u64 at word `i` (exact below 2^53).
      read(i) {
        t.aim();
        return t.words[i + 1] * 4294967296 + t.words[i];
      },
      // A new row of the table for `info` (its word), or the last row, the
      // overflow's, once the table is full; -1 without a table.
      newRow(info) {
        t.aim();
        const cap = t.words[t.slot + ROWS_CAP];
        if (cap === 0) return -1;
        let i = t.rows.length;
        if (i >= cap - 1) {
          i = cap - 1;
          info = { kind: 'api', name: '(APIs beyond the ledger\'s rows)' };
        }
        if (t.rows[i] === undefined) {
          t.rows[i] = info;
          t.words[t.slot + ROWS_USED] = t.rows.length;
        }
        return (t.words[t.slot + ROWS] >>> 2) + i * ROW_WORDS;
      },
      // A call into JS made while no annotated code ran: one more at its
      // JS API's row, and now and then its stack (see `sample`).
      elsewhere(imp, receiver) {
        if (imp.row < 0) {
          const name = apiName(imp, receiver);
          let row = t.apiRows.get(name);
          if (row === undefined) {
            row = t.newRow({ kind: 'api', name });
            t.apiRows.set(name, row);
          }
          imp.row = row;
          imp.api = name;
          if (row < 0) return;
        }
        t.bump(imp.row);
        if (--imp.left <= 0) t.sample(imp);
      },
      // Takes the stack of a call into JS, to say which Rust function and
      // line made it. Each import is sampled at its 1st, 2nd, 4th, 8th...
      // call, then every `period` calls; a sample stands for the calls
      // since the one before (its weight). The period doubles while taking
      // stacks costs more than BUDGET of the time spent in wasm, and halves
      // while it costs less than a quarter of that.
      sample(imp) {
        const start = now();
        const weight = imp.step;
        const place = t.locate(stackFrames());
        const key = `${imp.row}|${place.key}`;
        let s = t.samples.get(key);
        if (s === undefined) {
          s = { imp, place, weight: 0, samples: 0 };
          t.samples.set(key, s);
        }
        s.weight += weight;
        s.samples++;
        imp.weight += weight;
        const spent = now() - start;
        t.took(spent);
        const busy = t.busy + (t.depth > 0 ? start - t.callStart : 0);
        if (t.captureMs > BUDGET * busy) t.period = Math.min(t.period * 2, 1 << 24);
        else if (t.captureMs < (BUDGET / 4) * busy && t.period > 1) t.period >>= 1;
        imp.step = Math.min(imp.step * 2, t.period);
        imp.left = imp.step;
      },
      // The Rust functions of a stack (innermost first), and the place to
      // name: the first frame in the app's own code, and the innermost
      // library frame inside it (see `wholeApp.locate`).
      locate(frames) {
        if (t.where === null) t.where = wholeApp(t.module, () => (t.module ? (codeStarts.get(t.module) ?? -1) : -1));
        return t.where.locate(frames);
      },
      // Where a closure made now is counted: the running site's counter;
      // where no annotated code runs, the row of the line that made it
      // (from its creation stack), or the `(unannotated)` row when the
      // stack names no Rust function.
      creator() {
        const aim = t.aim();
        if (aim > OWN_AIM) return aim >>> 2;
        const lumped = t.words[t.slot + UNANNOTATED] >>> 2;
        if (aim === OWN_AIM || t.words[t.slot + WHOLE] === 0) return lumped;
        return t.lineRow(lumped);
      },
      // The row of the Rust line running now (the first frame of its stack
      // in the app's own code), or `otherwise` when the stack names none.
      lineRow(otherwise) {
        const start = now();
        const place = t.locate(stackFrames());
        t.took(now() - start);
        if (place.key === '') return otherwise;
        let row = t.madeRows.get(place.key);
        if (row === undefined) {
          row = t.newRow({ kind: 'made', place });
          t.madeRows.set(place.key, row);
        }
        return row < 0 ? otherwise : row;
      },
      // Where the import `imp` that just ran counted (as `count` decided
      // before the call): the site aimed at, or its JS API's row where no
      // annotated code runs; -1 for the ledger's own work.
      destNow(imp) {
        const aim = t.aim();
        if (aim > OWN_AIM) return aim >>> 2;
        if (aim !== 0 || t.slot === 0 || t.words[t.slot + WHOLE] === 0) return -1;
        return imp.row;
      },
      // A view JS keeps, made by the import `imp` that counts at `d`: one
      // more there, or, where no annotated code runs (`d` is its JS API's
      // row), at the line that made it; `keep` then follows the view.
      keptView(imp, d) {
        const at = d === imp.row ? t.viewRow(imp) : d;
        t.keptAt = at;
        t.add(at + KEPT, 1);
      },
      // Where a view JS keeps, made while no annotated code runs, counts:
      // at the row of the line that made it, as a closure is (its stack is
      // taken for an import's first 16 views, then at its 32nd, 64th...;
      // the views between count where the last one did).
      viewRow(imp) {
        const n = ++imp.views;
        if (imp.viewRow < 0 || n <= 16 || (n & (n - 1)) === 0) imp.viewRow = t.lineRow(imp.row);
        return imp.viewRow;
      },
      // A call from JS into wasm that began with no annotated code running
      // (and no call from JS under way) returned: the end of a turn, if the
      // ledger wants turns (no frames). The ledger's own work is aimed at
      // OWN_AIM while it runs, and no site is aimed at after it, as before
      // the call.
      returned() {
        t.aim();
        if (t.words[t.slot + TURNS] !== 0 && t.words[t.slot + ON] !== 0) {
          t.words[t.slot] = 0;
          // The turn's end gets the time, and the time its own work took
          // is written for the next one: the ledger calls no clock of JS.
          const start = now();
          try {
            // And the live handle count, where the glue counts them in JS
            // (wasm-bindgen before the externref pass kept it in wasm):
            // asked here, by JS, not by a call from wasm. -1: not given.
            let live = -1;
            if (t.liveCount !== null) {
              try {
                live = t.liveCount();
              } catch {
                live = -1;
              }
            }
            t.turn(start, typeof live === 'number' && live >= 0 ? live : -1);
          } catch {
            // the ledger never throws on its own account; nothing to add
          }
          t.aim();
          t.words[t.slot + TURN_OWN] = Math.floor((now() - start) * 1000);
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
  // Closures by their JS function, for the calls that hand one to JS.
  const byFn = new WeakMap();
  const made = (key, state, fn) => {
    const t = current;
    if (t === null || t.memory === null) return;
    const site = t.creator();
    if (site === 0) return;
    // `registered`: made through wasm-bindgen's finalization registry (an
    // owned closure), which frees it once JS lets go of its function; the
    // function held weakly, to tell whether Rust still holds it.
    const c = {
      t,
      site,
      data: state ? state.a : 0,
      target: null,
      registered: state !== null,
      // Handed to a timer (`setTimeout`, `requestAnimationFrame`...): its
      // key in `timers` while it waits; `letGo`, once the timer fired or was
      // cancelled (JS holds it no longer, unless it holds it elsewhere too).
      timer: null,
      once: true,
      letGo: false,
      fn: typeof fn === 'function' && typeof g.WeakRef === 'function' ? new g.WeakRef(fn) : null,
    };
    closures.set(key, c);
    if (typeof fn === 'function') byFn.set(fn, c);
    if (state && state.a) byData.set(state.a, c);
    let alive = t.alive.get(site);
    if (alive === undefined) {
      alive = new Set();
      t.alive.set(site, alive);
    }
    alive.add(c);
    t.bump(site + CREATED);
  };
  const released = (key) => {
    const c = closures.get(key);
    if (c === undefined) return;
    closures.delete(key);
    if (c.data) byData.delete(c.data);
    if (c.timer !== null) timers.delete(c.timer);
    const alive = c.t.alive.get(c.site);
    if (alive !== undefined) alive.delete(c);
    c.t.aim(); // refresh the view if memory grew
    c.t.bump(c.site + RELEASED);
  };
  // Closures handed to timers, by the timer's kind and id: `setTimeout`
  // and `setInterval` share their ids (`clearTimeout` clears either).
  const TIMERS = {
    setTimeout: ['timeout', true],
    setInterval: ['timeout', false],
    requestAnimationFrame: ['frame', true],
    requestIdleCallback: ['idle', true],
  };
  const CANCELS = {
    clearTimeout: 'timeout',
    clearInterval: 'timeout',
    cancelAnimationFrame: 'frame',
    cancelIdleCallback: 'idle',
  };
  const timers = new Map();
  const scheduled = (kind, once, args, ret) => {
    // Node's timers are objects whose number is their id.
    const id = typeof ret === 'number' ? ret : ret !== null && typeof ret === 'object' ? Number(ret) : NaN;
    if (!Number.isFinite(id)) return;
    for (const a of args) {
      const c = typeof a === 'function' ? byFn.get(a) : undefined;
      if (c === undefined) continue;
      if (c.timer !== null) timers.delete(c.timer);
      c.timer = `${kind}:${id}`;
      c.once = once;
      c.letGo = false;
      timers.set(c.timer, c);
    }
  };
  const ranOut = (c) => {
    if (!c.once) return;
    timers.delete(c.timer);
    c.timer = null;
    c.letGo = true;
  };
  const cancelled = (kind, id) => {
    const key = `${kind}:${id}`;
    const c = timers.get(key);
    if (c === undefined) return;
    timers.delete(key);
    c.timer = null;
    c.letGo = true;
  };
  // A closure handed to an event target (`addEventListener`, `onclick =`):
  // the target, held weakly, says whether the page still holds it.
  const listened = (args) => {
    if (typeof g.WeakRef !== 'function') return;
    const target = args[0];
    if (target === null || typeof target !== 'object') return;
    for (let i = 1; i < args.length; i++) {
      const c = typeof args[i] === 'function' ? byFn.get(args[i]) : undefined;
      if (c !== undefined) c.target = new g.WeakRef(target);
    }
  };
  // How many of a site's closures alive are held by nodes of the page
  // (connected DOM nodes they listen on), at most PER_TARGET per node: a
  // list item's own listeners grow with the page, not as a leak does.
  const PER_TARGET = 4;
  const pageHeld = (t, site) => {
    const alive = t.alive.get(site);
    const NodeClass = g.Node;
    if (alive === undefined || typeof NodeClass !== 'function') return 0;
    const per = new Map();
    let held = 0;
    for (const c of alive) {
      const target = c.target === null ? undefined : c.target.deref();
      if (target === undefined || !(target instanceof NodeClass) || !target.isConnected) continue;
      const n = per.get(target) || 0;
      if (n < PER_TARGET) {
        per.set(target, n + 1);
        held++;
      }
    }
    return held;
  };
  // How many of a site's closures alive JS has let go of, so that its
  // garbage collector frees them when it runs: made through wasm-bindgen's
  // finalization registry, handed to a timer that has since fired or been
  // cancelled, their JS function not in the module's externref table (a
  // `forget`-ed `Closure`, or one Rust keeps, holds its function there for
  // good: `Closure::once_into_js` keeps itself so until it runs), and
  // listening on no target still there. A `Closure::into_js_value` given
  // to a timeout that was cleared is one; one JS keeps in an array or as a
  // listener is not (the probe cannot see the array let go).
  // -1 when the probe cannot tell: no externref table (older glue keeps
  // handles in a JS array), no WeakRef.
  const jsFrees = (t, site) => {
    const alive = t.alive.get(site);
    if (alive === undefined || alive.size === 0) return 0;
    if (typeof g.WeakRef !== 'function' || t.raw === null || t.liveCount !== null) return -1;
    // The functions Rust holds, in the tables that hold JS values (an
    // externref table holds objects too; a funcref table, wasm functions only).
    const held = new Set();
    let externref = false;
    eachHandle(t, (v) => {
      if (typeof v === 'function') held.add(v);
      else externref = true;
    });
    if (!externref) return -1;
    const NodeClass = g.Node;
    let n = 0;
    for (const c of alive) {
      if (!c.registered || c.fn === null || !c.letGo) continue;
      const f = c.fn.deref();
      if (f !== undefined && held.has(f)) continue;
      const target = c.target === null ? undefined : c.target.deref();
      const gone =
        target === undefined ||
        (typeof NodeClass === 'function' && target instanceof NodeClass && !target.isConnected);
      if (gone) n++;
    }
    return n;
  };
  // Of the handles in the module's tables (wasm-bindgen keeps every JS
  // value wasm holds in an externref table; a funcref table holds wasm
  // functions, neither nodes nor the glue's closures), those of the page:
  // connected DOM nodes (a list's rows), and closures listening on one.
  // They grow with the page, not as a leak does. A scan of the tables: the
  // ledger asks only once live handles have kept growing.
  const pageHandles = (t) => {
    const NodeClass = g.Node;
    if (typeof NodeClass !== 'function' || t.raw === null) return 0;
    const connected = (v) => v instanceof NodeClass && v.isConnected;
    let n = 0;
    eachHandle(t, (v) => {
      if (connected(v)) n++;
      else if (typeof v === 'function') {
        const c = byFn.get(v);
        const target = c === undefined || c.target === null ? undefined : c.target.deref();
        if (target !== undefined && connected(target)) n++;
      }
    });
    return n;
  };
  // Calls `visit` with each JS value in the module's tables; how many
  // tables there were.
  const eachHandle = (t, visit) => {
    let tables = 0;
    for (const name of Object.keys(t.raw)) {
      const table = t.raw[name];
      if (!(table instanceof WA.Table)) continue;
      tables++;
      for (let i = 0; i < table.length; i++) {
        let v;
        try {
          v = table.get(i);
        } catch {
          break;
        }
        if (v !== null && v !== undefined) visit(v);
      }
    }
    return tables;
  };
  // The views JS kept that Rust still holds (in the module's externref
  // table) and that are detached (made on a buffer that memory's growth
  // replaced: they read zeros), as `word=count` lines by the site or row
  // that made them; '' when there are none, '?' when the module keeps its
  // handles in no table the probe can read (it cannot tell).
  const viewsDetached = (t) => {
    if (t.kept.length === 0 || t.memory === null) return '';
    const live = new Map();
    for (const k of t.kept) {
      const v = k.ref.deref();
      if (v !== undefined) live.set(v, k.word);
    }
    t.kept = t.kept.filter((k) => k.ref.deref() !== undefined);
    if (live.size === 0) return '';
    const buffer = (v) => (ArrayBuffer.isView(v) ? v.buffer : v.data && v.data.buffer);
    const now = t.memory.buffer;
    const per = new Map();
    const tables = eachHandle(t, (v) => {
      const word = typeof v === 'object' ? live.get(v) : undefined;
      if (word === undefined) return;
      let b;
      try {
        b = buffer(v);
      } catch {
        return;
      }
      if (b !== undefined && b !== now) per.set(word, (per.get(word) || 0) + 1);
    });
    if (tables === 0) return '?';
    return Array.from(per, ([word, n]) => `${word}=${n}`).join('\n');
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
          made(held, held, target);
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

  // What an import's glue copies across, read from its source once: each
  // `getStringFromWasm0(argP, argN)` decodes N bytes of a `&str` (to JS);
  // each `getArray<T>FromWasm0(argP, argN)` is N elements of a Rust slice:
  // copied to JS when the glue copies it (`.slice()`: a `Vec` passed by
  // value; `.set(..)` into a typed array, a typed array's constructor),
  // copied from JS when JS writes into it (`T.prototype.set.call(view, ..)`,
  // js-sys's `copy_to`), kept by JS when a cast makes it a view
  // (`Uint8Array::view`) or an `ImageData` is made on it, and otherwise lent
  // for the call alone (zero-copy). Strings and arrays JS hands to wasm are
  // counted where they are written (the allocator's exports, see `attach`).
  // `null` when the import moves nothing; else [argument index of the
  // length, element size, counter word].
  const STRING_ARG = /getStringFromWasm0\(\s*arg(\d+)\s*,\s*arg(\d+)\s*\)/g;
  const SLICE_ARG =
    /(\.prototype\.set\.call\(\s*|\.set\(\s*|new\s+([A-Za-z_$][\w$]*)\(\s*)?get(?:Clamped)?Array(\w+?)FromWasm0\(\s*arg(\d+)\s*,\s*arg(\d+)\s*\)(\.slice\(\))?/g;
  const ELEMENT = { U8: 1, I8: 1, U16: 2, I16: 2, U32: 4, I32: 4, F32: 4, F64: 8, BigInt64: 8, BigUint64: 8 };
  const bytesPlan = (f) => {
    const text = source(f);
    if (text.indexOf('FromWasm0') < 0) return null;
    const plan = [];
    for (const m of text.matchAll(STRING_ARG)) plan.push([Number(m[2]), 1, TO_JS]);
    const cast = CAST.test(text);
    for (const m of text.matchAll(SLICE_ARG)) {
      const size = ELEMENT[m[3]];
      if (size === undefined) continue; // JS values: handles, not bytes
      const [, before, made] = m;
      let word = LENT;
      if (m[6] !== undefined) word = TO_JS;
      else if (before !== undefined && before.startsWith('.prototype')) word = FROM_JS;
      else if (before !== undefined && before.startsWith('.set')) word = TO_JS;
      else if (made !== undefined && /Array$/.test(made)) word = TO_JS;
      else if (made === 'ImageData' || (before === undefined && cast)) word = KEPT;
      plan.push([Number(m[5]), size, word]);
    }
    return plan.length > 0 ? plan : null;
  };

  // A wrapper per arity, so the common calls (nearly every import takes a
  // few fixed arguments) allocate nothing: no rest array, no `apply`, no
  // `arguments`, and call the import plainly (wasm calls its imports with
  // no `this`). The count is one read of the aim and one add in wasm
  // memory: at the site aimed at, or at the row of the import's JS API
  // when no annotated code runs (the first argument, the receiver of a
  // method, names the API's class once).
  const wrapPlain = (name, f, t) => {
    const imp = { name, f, row: -1, api: '', left: 1, step: 1, weight: 0, views: 0, viewRow: -1, plan: null };
    t.imports.push(imp);
    const plan = bytesPlan(f);
    imp.plan = plan;
    // Counts the call, and where it counts is where the bytes the glue
    // moves inside it count (`t.dest`); 0 for the app's, 1 for the
    // ledger's own, 2 for its output's (counted apart in the slot).
    const count = (receiver) => {
      let aim = t.words[t.slot];
      if (aim === undefined) aim = t.aim();
      if (aim > OWN_AIM) {
        t.bump(aim >>> 2);
        t.dest = aim >>> 2;
      } else if (aim === 0) {
        if (t.slot !== 0 && t.words[t.slot + WHOLE] !== 0) {
          t.elsewhere(imp, receiver);
          t.dest = imp.row;
        } else t.dest = -1;
      } else {
        t.dest = -1;
        if (t.slot === 0) return 1;
        const output = t.words[t.slot + OUTPUT] !== 0;
        t.words[t.slot + (output ? OUTPUT_CALLS : OWN_CALLS)]++; // u32, wrapping
        return output ? 2 : 1;
      }
      return 0;
    };
    // The bytes its arguments move (`args`: an array-like of them).
    const moved = (args) => {
      const d = t.dest;
      if (d < 0) return;
      for (const [k, size, word] of plan) {
        const n = args[k];
        if (typeof n !== 'number' || n <= 0) continue;
        if (word === KEPT) t.keptView(imp, d);
        else t.add(d + word, word === LENT ? 1 : (n >>> 0) * size);
      }
    };
    // After the call: no import runs (bytes JS writes into wasm memory from
    // now on are not this call's).
    const done = (ret) => {
      t.dest = -1;
      return ret;
    };
    const wrapper = wrapArity(f, name, count, plan, moved, done);
    // What it counted, for a wrapper around it (see `destNow`).
    wrapper.imp = imp;
    return wrapper;
  };
  const wrapArity = (f, name, count, plan, moved, done) => {
    const ri = receiverIndex(f);
    switch (exactArity(f)) {
      case 0:
        return function () {
          const ownCall = count(undefined);
          if (plan !== null) moved([]);
          if (!active) return done(f());
          try {
            return done(f());
          } finally {
            tally(name, ownCall);
          }
        };
      case 1:
        return function (a) {
          const ownCall = count(a);
          if (plan !== null) moved([a]);
          if (!active) return done(f(a));
          try {
            return done(f(a));
          } finally {
            tally(name, ownCall);
          }
        };
      case 2:
        return function (a, b) {
          const ownCall = count(ri === 1 ? b : a);
          if (plan !== null) moved([a, b]);
          if (!active) return done(f(a, b));
          try {
            return done(f(a, b));
          } finally {
            tally(name, ownCall);
          }
        };
      case 3:
        return function (a, b, c) {
          const ownCall = count(ri === 1 ? b : ri === 2 ? c : a);
          if (plan !== null) moved([a, b, c]);
          if (!active) return done(f(a, b, c));
          try {
            return done(f(a, b, c));
          } finally {
            tally(name, ownCall);
          }
        };
      case 4:
        return function (a, b, c, d) {
          const ownCall = count(ri === 1 ? b : ri === 2 ? c : ri === 3 ? d : a);
          if (plan !== null) moved([a, b, c, d]);
          if (!active) return done(f(a, b, c, d));
          try {
            return done(f(a, b, c, d));
          } finally {
            tally(name, ownCall);
          }
        };
      default:
        return function (...args) {
          const ownCall = count(args[ri]);
          if (plan !== null) moved(args);
          if (!active) return done(f(...args));
          try {
            return done(f(...args));
          } finally {
            tally(name, ownCall);
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
    const js = probe.jsName(name);
    if (/^(addEventListener|set_on[a-z]+)$/.test(js)) return 'listen';
    if (Object.hasOwn(TIMERS, js)) return 'schedule';
    if (Object.hasOwn(CANCELS, js)) return 'cancel';
    return null;
  };
  // A typed array's constructor given a buffer (`new Uint8Array(buffer,
  // offset, length)`): on wasm memory's buffer it makes a view JS keeps
  // (js-sys's `view` before its one-call cast, or code of the app's own).
  const VIEW_CTOR =
    /\bnew\s+(?:Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64|BigInt64|BigUint64)Array\(\s*arg\d+\s*,/;
  const wrap = (name, f, t) => {
    const inner = wrapPlain(name, f, t);
    const plan = inner.imp.plan;
    if (plan !== null && plan.some((p) => p[2] === KEPT)) {
      return function (...args) {
        const ret = inner(...args);
        t.keep(ret);
        return ret;
      };
    }
    if (VIEW_CTOR.test(source(f))) {
      return function (...args) {
        const ret = inner(...args);
        if (ArrayBuffer.isView(ret) && t.memory !== null && ret.buffer === t.memory.buffer) {
          const d = t.destNow(inner.imp);
          if (d >= 0) {
            t.keptView(inner.imp, d);
            t.keep(ret);
          }
        }
        return ret;
      };
    }
    switch (closureImport(name, f)) {
      case 'borrowed':
        return function (...args) {
          const ret = inner(...args);
          if (typeof ret === 'function') made(ret, null, ret);
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
      case 'listen':
        return function (...args) {
          const ret = inner(...args);
          listened(args);
          return ret;
        };
      case 'schedule': {
        const [kind, once] = TIMERS[probe.jsName(name)];
        return function (...args) {
          const ret = inner(...args);
          scheduled(kind, once, args, ret);
          return ret;
        };
      }
      case 'cancel': {
        const kind = CANCELS[probe.jsName(name)];
        return function (...args) {
          const ret = inner(...args);
          for (const a of args) {
            const id = typeof a === 'number' ? a : a !== null && typeof a === 'object' ? Number(a) : NaN;
            if (Number.isFinite(id)) cancelled(kind, id);
          }
          return ret;
        };
      }
      default:
        return inner;
    }
  };

  // This file's own functions, called by the runtime: never counted, nor
  // the strings their glue writes into wasm memory (a report's text).
  const ownImport = (f, t) =>
    function (...args) {
      const d = t.dest;
      t.dest = OWN_DEST;
      try {
        return f(...args);
      } finally {
        t.dest = d;
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
        // The glue's own count of live handles (older releases): the turn's
        // end gets it from here, without a call from wasm.
        if (/externref_heap_live_count/.test(name) && typeof f === 'function') t.liveCount = f;
        if (typeof f !== 'function') wrapped[name] = f;
        else if (OWN.has(probe.jsName(name))) wrapped[name] = ownImport(f, t);
        else wrapped[name] = wrap(name, f, t);
      }
      out[ns] = wrapped;
    }
    instances++;
    return out;
  };

  // Calls from JS into wasm: exported functions (not wasm-bindgen's and the
  // test harness' own plumbing), counted per name; a call into a closure
  // (its Rust data pointer first) at the site that made it. A call that
  // comes while no annotated code is aimed at (an event handler, a timer,
  // a promise continuation, an export called by JS) begins a turn, which
  // ends when it returns (see `returned`), whatever ran in it (the start
  // function's is start-up, frame 0, which the first boundary ends); so
  // does one that code which is not annotated made happen
  // (a listener of its `dispatchEvent`: wasm-bindgen-test runs each test
  // inside a task of its own, and the events a test dispatches are turns).
  // A call made while annotated code runs is part of that code's turn.
  const plumbing = /^(__(wbindgen|externref|wasm_ledger|wbgtest|wbg_test|wbgbench|wbgt)|wasmbindgentestcontext_)/;
  // wasm-bindgen's own exports through which JS calls a closure.
  const closureLike = /closure|invoke|adapter|shim/i;
  // `turn`: whether a call begins a turn; the start function's does not:
  // start-up is frame 0, until the first boundary (a turn's end, a frame's).
  const wrapExport = (name, f, t, counted, turn = true) => {
    const closure = closureLike.test(name);
    // A closure whose site is not known (made before the probe could see
    // it, or a borrowed one) is named as one, never by its mangled export.
    const shown = closure ? '(closures of no known site)' : name;
    return function (...args) {
      const top = t.depth === 0;
      const begins = turn && t.aim() === 0 && t.turn !== null;
      if (counted) {
        t.bump(t.slot + JS_CALLS);
        const c = closure ? byData.get(args[0]) : undefined;
        if (c !== undefined) {
          c.t.bump(c.site + CALLED);
          // A one-shot timer's callback runs: the timer lets go of it.
          if (c.timer !== null) ranOut(c);
        }
        else t.byExport.set(shown, (t.byExport.get(shown) || 0) + 1);
      }
      if (!begins && !top) return f(...args);
      // The outermost call is timed (the end of a turn after it, so the
      // ledger's own work at a turn's end is not the turn's).
      const start = top ? now() : 0;
      if (top) {
        if (t.firstCall < 0) t.firstCall = start;
        if (t.slot !== 0) t.began(start, begins);
      }
      t.depth++;
      try {
        return f(...args);
      } finally {
        t.depth--;
        if (top && t.slot !== 0) t.ran(now() - start);
        if (begins) t.returned();
      }
    };
  };

  // The allocator's exports, through which the glue writes what JS hands
  // to wasm (a string encoded at its UTF-8 length, a vector's elements):
  // what they allocate is what JS copied in. A `realloc` counts its change
  // in size (`passStringToWasm0` grows a non-ASCII string's room, then
  // shrinks it to the bytes written).
  const allocates = (malloc, t) =>
    function (size, align) {
      if (size > 0) t.fromJs(size);
      return malloc(size, align);
    };
  const reallocates = (realloc, t) =>
    function (ptr, old, size, align) {
      if (size !== old) t.fromJs(size - old);
      return realloc(ptr, old, size, align);
    };

  // Exact mode for a new instance of a ledger build: its slot and memory,
  // and its exports wrapped (the glue reads `instance.exports` once).
  const attach = (instance, t, module) => {
    const ex = instance.exports;
    if (typeof ex.__wasm_ledger_exact_slot !== 'function' || !(ex.memory instanceof WA.Memory)) return instance;
    const slot = ex.__wasm_ledger_exact_slot(PROBE_API) >>> 2;
    if (slot === 0) return instance;
    t.memory = ex.memory;
    t.module = module;
    t.raw = ex;
    t.slot = slot;
    t.words = new Uint32Array(ex.memory.buffer);
    if (t.closuresSeen) t.words[slot + CLOSURES_SEEN] = 1;
    if (typeof ex.__wasm_ledger_turn === 'function') t.turn = ex.__wasm_ledger_turn;
    // The module's names and DWARF lines, read now (part of instantiating,
    // not of the app's first turn).
    try {
      t.locate([]);
      t.where.prepare();
    } catch {
      // read when first needed, or never
    }
    current = t;
    attached++;
    const out = {};
    for (const name of Object.keys(ex)) {
      const v = ex[name];
      if (typeof v !== 'function') out[name] = v;
      else if (!plumbing.test(name)) out[name] = wrapExport(name, v, t, true);
      else if (name === '__wbindgen_start') out[name] = wrapExport(name, v, t, false, false);
      else if (name === '__wbindgen_malloc') out[name] = allocates(v, t);
      else if (name === '__wbindgen_realloc') out[name] = reallocates(v, t);
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
  // `bytes`: the module's, where they are at hand (for DWARF's addresses).
  const compiled = (module, how, began, extra, bytes) => {
    const info = { how, compileStart: began, compileEnd: now(), ...extra };
    if (bytes !== undefined && bytes !== null) keepCodeStart(module, bytes);
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
    const go = () => {
      const t = newTarget();
      const began = now();
      return instantiateModule.call(self, module, wrapImports(imports, t), ...rest).then((instance) => {
        instantiated(t, module, began);
        return attach(instance, t, module);
      });
    };
    const pending = codeStartPending.get(module);
    return pending === undefined ? go() : pending.then(go);
  };
  WA.instantiate = function (source, imports, ...rest) {
    if (source instanceof Module) return instantiateCompiled(this, source, imports, rest);
    // Bytes: compiled first, to look at the module before instantiating.
    const began = now();
    return compileBytes
      .call(WA, source, ...rest)
      .then((module) => compiled(module, 'bytes', began, {}, source))
      .then((module) => instantiateCompiled(this, module, imports, rest).then((instance) => ({ module, instance })));
  };
  WA.compile = function (source, ...rest) {
    const began = now();
    return compileBytes.call(WA, source, ...rest).then((module) => compiled(module, 'bytes', began, {}, source));
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
        // A copy of the bytes, read only if the module has DWARF lines
        // (their addresses count from the code section, which only the
        // bytes place), else let go.
        let copy = null;
        try {
          copy = response.clone();
        } catch {
          // a body already read: no lines
        }
        return compileStreaming.call(WA, response, ...rest).then(
          (module) => {
            compiled(module, 'streaming', began, { contentType: type, url, ...download(url) });
            if (copy !== null) {
              if (custom(module, '.debug_line') !== null) {
                // Instantiating waits for it (the copy is in memory by now).
                codeStartPending.set(
                  module,
                  copy.arrayBuffer().then(
                    (b) => keepCodeStart(module, b),
                    () => {},
                  ),
                );
              } else if (copy.body && typeof copy.body.cancel === 'function') {
                copy.body.cancel().catch(() => {});
              }
            }
            return instantiateCompiled(this, module, imports, rest).then((instance) => ({ module, instance }));
          },
          (e) => {
            if (copy !== null && copy.body && typeof copy.body.cancel === 'function') copy.body.cancel().catch(() => {});
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
      return compiled(Reflect.construct(cls, args, newTarget_), 'sync', began, {}, args[0]);
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
      return attach(instance, t, copy[0]);
    },
  });

  const probe = {
    /** Zeroes the counts and starts counting. */
    begin() {
      counts.clear();
      total = 0;
      own = 0;
      ownOutput = 0;
      active = true;
    },
    /** Stops counting; returns { total, own, ownOutput, byImport: {
     * importName: calls } } (`own`: of `total`, the ledger's own calls;
     * `ownOutput`: of those, its reports' and its HUD's). */
    end() {
      active = false;
      return probe.counts();
    },
    /** The counts so far, without stopping. */
    counts() {
      const byImport = {};
      for (const [name, n] of counts) byImport[name] = n;
      return { total, own, ownOutput, byImport };
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
    /** What row `i` of the last ledger instance's table is, as the
     * ledger reads it: kind, function, file, line, column, label
     * (tab-separated). An `api` row is a JS API called where no annotated
     * code ran; a `made` row the Rust line whose code made closures. */
    rowName(i) {
      const info = current === null ? undefined : current.rows[i];
      if (info === undefined) return '';
      if (info.kind === 'api') return ['api', '(not annotated)', info.name, 0, 0, ''].join('\t');
      const { app, lib } = info.place;
      const at = app !== null ? app : lib;
      const label = app !== null && lib !== null && lib !== app ? lib.fn : '';
      const file = at.file !== '' ? at.file : at.fn;
      return ['made', at.fn, file, at.line, at.column, label].join('\t');
    },
    /** The sampled places of calls into JS made where no annotated code
     * ran, busiest first (at most `limit`): a header line `#`, then per
     * place the estimated calls (the JS API's exact count shared by the
     * samples' weights), samples, JS API, and the app's function and
     * place and the library function and place (empty where unknown). */
    attribution(limit) {
      const t = current;
      if (t === null) return '';
      const rows = [];
      let weights = 0;
      let named = 0;
      let app = 0;
      let line = 0;
      let samples = 0;
      for (const s of t.samples.values()) {
        const calls = s.imp.row >= 0 ? t.read(s.imp.row) : 0;
        // The import's calls shared among its samples by weight: exact
        // where every call was sampled.
        const est = s.imp.weight > 0 ? (s.weight * calls) / Math.max(s.imp.weight, 1) : 0;
        const { app: a, lib: l } = s.place;
        weights += est;
        samples += s.samples;
        if (a !== null || l !== null) named += est;
        if (a !== null) app += est;
        if ((a !== null && a.line > 0) || (a === null && l !== null && l.line > 0)) line += est;
        const where = (f) => (f === null || f.line === 0 ? '' : `${f.file}:${f.line}`);
        rows.push([
          est,
          s.samples,
          s.imp.api,
          a === null ? '' : a.fn,
          where(a),
          l === null ? '' : l.fn,
          where(l),
        ]);
      }
      rows.sort((x, y) => y[0] - x[0]);
      const n = limit > 0 ? Math.min(limit, rows.length) : rows.length;
      const out = [['#', Math.round(weights), samples, Math.round(named), Math.round(app), Math.round(line)].join('\t')];
      for (let i = 0; i < n; i++) out.push([Math.round(rows[i][0]), ...rows[i].slice(1)].join('\t'));
      return out.join('\n');
    },
    /** How the last ledger instance locates Rust code: `key=value` lines
     * (names, dwarf, lines, line_rows, lines_ms, app_crate, stacks,
     * capture_us, period). */
    wholeApp() {
      const t = current;
      if (t === null) return '';
      if (t.where === null) t.locate([]);
      const w = t.where;
      const keep = {
        names: w.names ? 1 : 0,
        dwarf: w.dwarf() ? 1 : 0,
        lines: w.lines() ? 1 : 0,
        line_rows: w.lineRows(),
        lines_ms: Math.round(w.linesMs()),
        app_crate: w.appCrate,
        stacks: t.captures,
        capture_us: t.captures > 0 ? Math.round((t.captureMs * 1000) / t.captures) : 0,
        period: t.period,
      };
      return lines(keep);
    },
    /** The last ledger instance's `wasm_ledger::snapshot().to_json()`, for
     * tools and the devtools console (`__wasmLedgerProbe.snapshot()`);
     * '' where there is none. Not a turn, and not counted. */
    snapshot() {
      const t = current;
      if (t === null || typeof t.raw.__wasm_ledger_snapshot_json !== 'function') return '';
      const at = t.raw.__wasm_ledger_snapshot_json() >>> 2;
      if (at === 0) return '';
      t.aim();
      const ptr = t.words[at];
      const len = t.words[at + 1];
      return decode(new Uint8Array(t.memory.buffer, ptr, len));
    },
    /** Of the module's live JS handles (its externref table's slots), how
     * many are of the page: connected DOM nodes, and closures listening on
     * one (see `pageHandles`). */
    pageHandles() {
      const t = current;
      return t === null ? 0 : pageHandles(t);
    },
    /** Of the closures alive that the site or row whose crossing counter
     * is at `word` (its address / 4) made, how many nodes of the page hold
     * (see `pageHeld`). */
    pageHeld(word) {
      const t = current;
      if (t === null) return 0;
      t.aim();
      return pageHeld(t, word);
    },
    /** How many elements the page has (-1: no document). */
    pageNodes() {
      const d = g.document;
      if (!d || typeof d.getElementsByTagName !== 'function') return -1;
      try {
        return d.getElementsByTagName('*').length;
      } catch {
        return -1;
      }
    },
    /** Of the closures alive that the site or row whose crossing counter
     * is at `word` made, how many JS alone holds, for its garbage collector
     * to free (see `jsFrees`); -1: it cannot tell. */
    jsFrees(word) {
      const t = current;
      if (t === null) return -1;
      t.aim();
      return jsFrees(t, word);
    },
    /** The views JS kept that Rust still holds and that are detached, by
     * the word of the site or row that made them (see `viewsDetached`). */
    viewsDetached() {
      const t = current;
      return t === null ? '' : viewsDetached(t);
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
// As text, read by the ledger in one call (an object would take calls into
// JS to read).
export function probeEnd() {
  const c = probe.end();
  return [`total=${c.total}`, `own=${c.own}`, `own_output=${c.ownOutput}`, lines(c.byImport)].filter((l) => l !== '').join('\n');
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
export function probeRowName(i) {
  return probe.rowName(i);
}
export function probeAttribution(limit) {
  return probe.attribution(limit);
}
export function probePageHandles() {
  return probe.pageHandles();
}
export function probePageHeld(word) {
  return probe.pageHeld(word);
}
export function probePageNodes() {
  return probe.pageNodes();
}
export function probeJsFrees(word) {
  return probe.jsFrees(word);
}
export function probeViewsDetached() {
  return probe.viewsDetached();
}
export function probeWholeApp() {
  return probe.wholeApp();
}
