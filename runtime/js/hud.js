// wasm-ledger HUD: a small panel in a corner of the page, drawn by the
// ledger at the frame (or turn) boundary (runtime/src/panel.rs). It keeps the
// last FRAMES frames' values and draws them as numbers and sparklines,
// with the warnings, newest first. Nothing here calls into wasm, and the
// ledger aims at no site while it calls here: the HUD's DOM work is never
// counted as the app's crossings.
//
// Click the panel: graphs and warnings -> numbers only -> one line. The
// corner button moves it to the next corner. A click on a warning copies
// its file:line:col. For tests and tools the panel carries data-*
// attributes: data-frame on the panel, data-metric/data-value per row,
// data-kind/data-place per warning.

// One graph column a frame: the graphs show FRAMES pixels.
const FRAMES = 80;
const ID = 'wasm-ledger-hud';
// The values the ledger hands over, in this order (panel.rs `values`).
const V = {
  index: 0,
  turn: 1,
  crossings: 2,
  live: 3,
  closures: 4,
  jsCalls: 5,
  bytes: 6,
  workMs: 7,
  ledgerMs: 8,
  memory: 9,
  long: 10,
  longMs: 11,
  budget: 12,
  corner: 13,
  minInterval: 14,
};
// The rows: metric name (data-metric), label, value index, formatting.
const ROWS = [
  ['crossings', 'crossings', V.crossings, (v) => count(v)],
  ['live_handles', 'live handles', V.live, (v) => count(v)],
  ['closures_alive', 'closures alive', V.closures, (v) => count(v)],
  ['js_calls', 'JS→wasm calls', V.jsCalls, (v) => count(v)],
  ['bytes', 'bytes copied', V.bytes, (v) => bytes(v)],
  // 'frame time' or 'turn time', by what the app is measured by.
  ['work_ms', 'time', V.workMs, (v) => (v < 0 ? '–' : `${v.toFixed(1)} ms`)],
  ['memory', 'wasm memory', V.memory, (v) => bytes(v)],
];
const CORNERS = [
  { top: '8px', left: '8px' },
  { top: '8px', right: '8px' },
  { bottom: '8px', left: '8px' },
  { bottom: '8px', right: '8px' },
];
const MAX_WARNINGS = 8;
// A row's height; its graph is the band of the canvas beside it.
const ROW = 18;
const BAND = 16;

// 1234567 -> "1,234,567" (toLocaleString costs microseconds a call).
const count = (v) => (v < 0 ? '–' : String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
const bytes = (v) => {
  if (v < 0) return '–';
  if (v < 1024) return `${Math.round(v)} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${(v / 1024 / 1024).toFixed(1)} MiB`;
};

let hud = null;

function make() {
  const doc = globalThis.document;
  if (!doc || typeof doc.createElement !== 'function' || !doc.body) return null;
  const panel = doc.createElement('div');
  panel.id = ID;
  panel.setAttribute('role', 'status');
  panel.title = 'wasm-ledger: click to cycle; ⇱ moves it';
  Object.assign(panel.style, {
    position: 'fixed',
    zIndex: '2147483647',
    width: '262px',
    padding: '6px 8px',
    background: 'rgba(12, 14, 22, 0.9)',
    color: '#d8dee9',
    font: '11px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    border: '1px solid #3b4252',
    borderRadius: '4px',
    boxShadow: '0 2px 8px rgba(0,0,0,0.5)',
    cursor: 'pointer',
    userSelect: 'none',
  });
  const head = doc.createElement('div');
  head.style.display = 'flex';
  head.style.justifyContent = 'space-between';
  const title = doc.createElement('span');
  // Text that changes every frame is a text node's data: set in place
  // (textContent would replace the node).
  const titleText = doc.createTextNode('');
  title.append(titleText);
  title.style.color = '#88c0d0';
  const move = doc.createElement('span');
  move.textContent = '⇱';
  move.title = 'move to the next corner';
  move.style.padding = '0 2px';
  head.append(title, move);
  panel.append(head);
  // The rows, and over their third column one canvas with every graph,
  // a band per row: a frame costs the page one put of pixels.
  const box = doc.createElement('div');
  box.style.position = 'relative';
  const rows = ROWS.map(([metric, label]) => {
    const row = doc.createElement('div');
    row.dataset.metric = metric;
    Object.assign(row.style, {
      display: 'grid',
      gridTemplateColumns: `104px 70px ${FRAMES}px`,
      height: `${ROW}px`,
      whiteSpace: 'nowrap',
      alignItems: 'center',
    });
    const name = doc.createElement('span');
    name.textContent = metric === 'work_ms' ? `frame ${label}` : label;
    name.style.color = '#9aa5b8';
    const value = doc.createElement('span');
    const text = doc.createTextNode('');
    value.append(text);
    value.style.textAlign = 'right';
    value.style.paddingRight = '6px';
    row.append(name, value);
    box.append(row);
    return { row, name, label, value, text, last: {}, scale: 0, drawn: -1 };
  });
  const graph = doc.createElement('canvas');
  graph.width = 2 * FRAMES;
  graph.height = ROWS.length * ROW;
  Object.assign(graph.style, {
    position: 'absolute',
    top: '0px',
    left: '174px',
    width: `${FRAMES}px`,
    height: `${graph.height}px`,
    objectFit: 'none',
    objectPosition: '0px 0px',
    // The page's own canvas style is not ours.
    border: '0',
    margin: '0',
    padding: '0',
    background: 'transparent',
  });
  box.append(graph);
  panel.append(box);
  const ctx = graph.getContext ? graph.getContext('2d') : null;
  // The graphs' pixels, kept here: a frame changes two columns of them.
  const img = ctx && ctx.createImageData ? ctx.createImageData(graph.width, graph.height) : null;
  const warnings = doc.createElement('div');
  warnings.style.marginTop = '4px';
  panel.append(warnings);
  doc.body.append(panel);

  const h = {
    panel,
    title,
    titleText,
    rows,
    box,
    graph,
    ctx: img ? ctx : null,
    img,
    warningsBox: warnings,
    warnings: [],
    history: [],
    pushed: 0,
    panelState: { last: {} },
    mode: 0,
    corner: -1,
    cornerSet: -1,
    lastDraw: -Infinity,
    raf: 0,
  };
  panel.addEventListener('click', () => {
    h.mode = (h.mode + 1) % 3;
    draw(h, h.history[h.history.length - 1]);
  });
  move.addEventListener('click', (e) => {
    e.stopPropagation();
    place(h, (h.corner + 1) % 4);
  });
  return h;
}

function place(h, corner) {
  h.corner = corner;
  for (const side of ['top', 'right', 'bottom', 'left']) h.panel.style[side] = '';
  Object.assign(h.panel.style, CORNERS[corner]);
}

// The graphs: a band per row of one canvas, one column a frame, in a ring.
// The canvas is twice as wide as it is shown and holds the ring twice
// over; a frame writes its column at its place in both copies, puts the
// pixels once and slides the shown window (object-position) so that the
// newest column is at the right edge. Nothing is copied or redrawn while a
// band's scale holds; the whole band is redrawn when its scale changes,
// after the graphs were hidden, or when frames went undrawn.
const nice = (v) => {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
};
const GREEN = [163, 190, 140, 255];
const RED = [191, 97, 106, 217];
const YELLOW = [235, 203, 139, 255];
const NONE = [0, 0, 0, 0];

function scaleOf(h, index, budget) {
  let max = budget > 0 ? budget * 1.25 : 0;
  const hist = h.history;
  for (let i = 0; i < hist.length; i++) if (hist[i][index] > max) max = hist[i][index];
  return nice(max);
}

// Frame `f`'s column of row `i`'s band into the pixels (`h.img`, kept in
// JS), at its ring place `ring` in both copies of the ring.
function column(h, i, ring, f, index, scale, budget) {
  const px = h.img.data;
  const stride = h.img.width * 4;
  const top = i * ROW + (ROW - BAND) / 2;
  const bar = f[index] > 0 ? Math.max(1, Math.round((f[index] / scale) * (BAND - 1))) : 0;
  // Long frames: the column is red behind its bar.
  const back = index === V.workMs && f[V.long] > 0 ? RED : NONE;
  // The budget line, dashed by frame so that it scrolls with the bars.
  const line = budget > 0 && f[V.index] % 4 < 2 ? BAND - 1 - Math.round((budget / scale) * (BAND - 1)) : -1;
  for (let y = 0; y < BAND; y++) {
    const c = y === line ? YELLOW : y >= BAND - bar ? GREEN : back;
    for (const x of [ring, ring + FRAMES]) {
      const at = (top + y) * stride + x * 4;
      px[at] = c[0];
      px[at + 1] = c[1];
      px[at + 2] = c[2];
      px[at + 3] = c[3];
    }
  }
}

// Row `i`'s band: the newest column, or the whole band when its scale
// changed or frames went undrawn. True when the whole band was drawn.
function band(h, i, index, v) {
  const r = h.rows[i];
  const budget = index === V.crossings ? v[V.budget] : 0;
  const scale = scaleOf(h, index, budget);
  const n = h.history.length;
  const whole = !(scale === r.scale && r.drawn === h.pushed - 1);
  if (whole) {
    const px = h.img.data;
    const stride = h.img.width * 4;
    px.fill(0, i * ROW * stride, (i + 1) * ROW * stride);
    for (let k = 0; k < n; k++) column(h, i, (h.pushed - n + k) % FRAMES, h.history[k], index, scale, budget);
    r.scale = scale;
  } else {
    column(h, i, (h.pushed - 1) % FRAMES, h.history[n - 1], index, scale, budget);
  }
  r.drawn = h.pushed;
  return whole;
}

function graphs(h, v) {
  if (!h.ctx || h.history.length === 0) return;
  let whole = false;
  for (let i = 0; i < ROWS.length; i++) whole = band(h, i, ROWS[i][2], v) || whole;
  if (whole) h.ctx.putImageData(h.img, 0, 0);
  // One put: the columns from the newest to its twin.
  else h.ctx.putImageData(h.img, 0, 0, (h.pushed - 1) % FRAMES, 0, FRAMES + 1, h.img.height);
  // The window ends at the newest column.
  h.graph.style.objectPosition = `${-(h.pushed % FRAMES)}px 0px`;
}

// DOM writes only where something changed: a write that changes nothing
// still costs the page a style pass.
function set(r, key, value, write) {
  if (r.last[key] !== value) {
    r.last[key] = value;
    write(value);
  }
}

function draw(h, v) {
  if (!v) return;
  h.lastDraw = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const unit = v[V.turn] > 0 ? 'turn' : 'frame';
  if (h.cornerSet !== v[V.corner]) {
    h.cornerSet = v[V.corner];
    place(h, v[V.corner]);
  }
  const p = h.panelState;
  const ds = h.panel.dataset;
  const long = v[V.long] > 0;
  set(p, 'frame', String(v[V.index]), (x) => (ds.frame = x));
  set(p, 'unit', unit, (x) => {
    ds.unit = x;
    // The time row says what the app is measured by.
    for (const [i, [metric]] of ROWS.entries()) {
      if (metric === 'work_ms') h.rows[i].name.textContent = `${x} ${h.rows[i].label}`;
    }
  });
  set(p, 'long', long ? 'true' : 'false', (x) => (ds.long = x));
  set(
    p,
    'title',
    h.mode === 2
      ? `wasm-ledger · ${count(v[V.crossings])} crossings/${unit}`
      : `wasm-ledger · ${unit} ${count(v[V.index])}${long ? ` · long (> ${v[V.longMs]} ms)` : ''}`,
    (x) => (h.titleText.data = x),
  );
  set(p, 'color', long ? '#bf616a' : '#88c0d0', (x) => (h.title.style.color = x));
  const full = h.mode === 0;
  set(p, 'rows', h.mode === 2 ? 'none' : '', (x) => (h.box.style.display = x));
  for (let i = 0; i < ROWS.length; i++) {
    const [, , index, format] = ROWS[i];
    const r = h.rows[i];
    set(r, 'value', String(v[index]), (x) => (r.row.dataset.value = x));
    set(r, 'text', format(v[index]), (x) => (r.text.data = x));
    const over = index === V.crossings && v[V.budget] > 0 && v[index] > v[V.budget];
    set(r, 'color', over || (index === V.workMs && long) ? '#bf616a' : '#eceff4', (x) => (r.value.style.color = x));
    if (!full) r.drawn = -1;
  }
  set(p, 'graphs', full ? '' : 'none', (x) => (h.graph.style.display = x));
  if (full) graphs(h, v);
  set(p, 'warnings', full ? '' : 'none', (x) => (h.warningsBox.style.display = x));
}

function redrawWarnings(h) {
  const doc = globalThis.document;
  h.warningsBox.replaceChildren();
  const shown = h.warnings.slice(-MAX_WARNINGS).reverse();
  for (const w of shown) {
    const line = doc.createElement('div');
    line.dataset.kind = w.kind;
    line.dataset.place = w.place;
    line.title = `${w.message}\n(click: copy ${w.place || 'the message'})`;
    Object.assign(line.style, {
      color: '#ebcb8b',
      borderTop: '1px solid #3b4252',
      paddingTop: '2px',
      marginTop: '2px',
      // The whole place, wrapped where it is long (and the message in the
      // title and what a click copies).
      whiteSpace: 'normal',
      overflowWrap: 'anywhere',
    });
    const label = `⚠ ${w.kind} ${w.place}`;
    line.textContent = label;
    line.addEventListener('click', (e) => {
      e.stopPropagation();
      const text = w.place || w.message;
      const done = () => {
        line.textContent = `✓ copied ${text}`;
        setTimeout(() => (line.textContent = label), 1200);
      };
      try {
        navigator.clipboard.writeText(text).then(done, () => {});
      } catch {
        // no clipboard here: the title still shows the place
      }
    });
    h.warningsBox.append(line);
  }
  const more = h.warnings.length - shown.length;
  if (more > 0) {
    const rest = doc.createElement('div');
    rest.style.color = '#9aa5b8';
    rest.textContent = `+${more} more in the console`;
    h.warningsBox.append(rest);
  }
}

/** A finished frame (values in the order of `V`). False: no page to draw in. */
export function hudFrame(values) {
  if (hud === null) hud = make();
  if (hud === null) return false;
  // The oldest row is reused for the newest: no allocation a frame.
  const v = hud.history.length >= FRAMES ? hud.history.shift() : new Float64Array(values.length);
  v.set(values);
  hud.history.push(v);
  hud.pushed += 1;
  const now = typeof performance !== 'undefined' ? performance.now() : Date.now();
  if (now - hud.lastDraw >= v[V.minInterval]) {
    draw(hud, v);
  } else if (hud.raf === 0 && typeof requestAnimationFrame === 'function') {
    // Turns faster than the interval: the last one is drawn at the next
    // animation frame.
    const h = hud;
    h.raf = requestAnimationFrame(() => {
      h.raf = 0;
      if (hud === h) draw(h, h.history[h.history.length - 1]);
    });
  }
  return true;
}

/** A warning, first raised: kind, file:line:col (or ''), the message. */
export function hudWarning(kind, place, message) {
  if (hud === null) hud = make();
  if (hud === null) return;
  hud.warnings.push({ kind, place, message });
  redrawWarnings(hud);
}

/** The ledger was reset: its warnings are gone. */
export function hudClear() {
  if (hud === null) return;
  hud.warnings = [];
  hud.history = [];
  for (const r of hud.rows) r.drawn = -1;
  redrawWarnings(hud);
}

/** The HUD was switched off: the panel goes. */
export function hudOff() {
  if (hud === null) return;
  if (hud.raf !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(hud.raf);
  hud.panel.remove();
  hud = null;
}
