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

const FRAMES = 120;
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
  ['work_ms', 'frame time', V.workMs, (v) => (v < 0 ? '–' : `${v.toFixed(1)} ms`)],
  ['memory', 'wasm memory', V.memory, (v) => bytes(v)],
];
const CORNERS = [
  { top: '8px', left: '8px' },
  { top: '8px', right: '8px' },
  { bottom: '8px', left: '8px' },
  { bottom: '8px', right: '8px' },
];
const MAX_WARNINGS = 8;

const count = (v) => (v < 0 ? '–' : Math.round(v).toLocaleString('en-US'));
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
  title.style.color = '#88c0d0';
  const move = doc.createElement('span');
  move.textContent = '⇱';
  move.title = 'move to the next corner';
  move.style.padding = '0 2px';
  head.append(title, move);
  panel.append(head);
  const rows = ROWS.map(([metric, label]) => {
    const row = doc.createElement('div');
    row.dataset.metric = metric;
    row.style.display = 'grid';
    row.style.gridTemplateColumns = '104px 70px 80px';
    row.style.whiteSpace = 'nowrap';
    row.style.alignItems = 'center';
    const name = doc.createElement('span');
    name.textContent = label;
    name.style.color = '#9aa5b8';
    const value = doc.createElement('span');
    value.style.textAlign = 'right';
    value.style.paddingRight = '6px';
    const graph = doc.createElement('canvas');
    graph.width = 80;
    graph.height = 16;
    row.append(name, value, graph);
    panel.append(row);
    return { row, value, graph, ctx: graph.getContext ? graph.getContext('2d') : null };
  });
  const warnings = doc.createElement('div');
  warnings.style.marginTop = '4px';
  panel.append(warnings);
  doc.body.append(panel);

  const h = {
    panel,
    title,
    rows,
    warningsBox: warnings,
    warnings: [],
    history: [],
    mode: 0,
    corner: -1,
    cornerSet: -1,
    lastDraw: -Infinity,
    pending: null,
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

function sparkline(r, values, index, v) {
  const ctx = r.ctx;
  if (!ctx) return;
  const w = r.graph.width;
  const hgt = r.graph.height;
  ctx.clearRect(0, 0, w, hgt);
  const n = values.length;
  if (n === 0) return;
  const budget = index === V.crossings ? v[V.budget] : 0;
  let max = budget > 0 ? budget * 1.25 : 0;
  for (const f of values) max = Math.max(max, f[index]);
  if (max <= 0) max = 1;
  const x = (i) => w - (n - i) * (w / FRAMES);
  const y = (value) => hgt - 1 - (Math.max(0, value) / max) * (hgt - 2);
  if (index === V.workMs) {
    // Long frames: a red bar under the line.
    ctx.fillStyle = 'rgba(191, 97, 106, 0.85)';
    for (let i = 0; i < n; i++) if (values[i][V.long] > 0) ctx.fillRect(x(i), 0, Math.max(1, w / FRAMES), hgt);
  }
  ctx.strokeStyle = '#a3be8c';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const py = y(values[i][index]);
    if (i === 0) ctx.moveTo(x(i), py);
    else ctx.lineTo(x(i), py);
  }
  ctx.stroke();
  if (budget > 0) {
    ctx.strokeStyle = '#ebcb8b';
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    ctx.moveTo(0, y(budget) + 0.5);
    ctx.lineTo(w, y(budget) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
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
  h.panel.dataset.frame = String(v[V.index]);
  h.panel.dataset.unit = unit;
  h.panel.dataset.long = v[V.long] > 0 ? 'true' : 'false';
  const long = v[V.long] > 0 ? ` · long (> ${v[V.longMs]} ms)` : '';
  h.title.textContent =
    h.mode === 2
      ? `wasm-ledger · ${count(v[V.crossings])} crossings/${unit}`
      : `wasm-ledger · ${unit} ${count(v[V.index])}${long}`;
  h.title.style.color = v[V.long] > 0 ? '#bf616a' : '#88c0d0';
  for (let i = 0; i < ROWS.length; i++) {
    const [, , index, format] = ROWS[i];
    const r = h.rows[i];
    r.row.style.display = h.mode === 2 ? 'none' : 'grid';
    r.row.dataset.value = String(v[index]);
    const over = index === V.crossings && v[V.budget] > 0 && v[index] > v[V.budget];
    r.value.textContent = format(v[index]);
    r.value.style.color = over || (index === V.workMs && v[V.long] > 0) ? '#bf616a' : '#eceff4';
    r.graph.style.display = h.mode === 0 ? '' : 'none';
    if (h.mode === 0) sparkline(r, h.history, index, v);
  }
  h.warningsBox.style.display = h.mode === 0 ? '' : 'none';
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
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    });
    // The kind and the place's last two path parts (the whole place is in
    // the title and what a click copies).
    const short = w.place.split('/').slice(-2).join('/');
    const label = `⚠ ${w.kind} ${short}`;
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
  const v = Array.from(values);
  hud.history.push(v);
  if (hud.history.length > FRAMES) hud.history.shift();
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
  redrawWarnings(hud);
}

/** The HUD was switched off: the panel goes. */
export function hudOff() {
  if (hud === null) return;
  if (hud.raf !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(hud.raf);
  hud.panel.remove();
  hud = null;
}
