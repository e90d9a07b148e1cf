// Relays console output to the demo server, which prints it in the terminal.
(() => {
  const queue = [];
  const show = (v) => {
    if (typeof v === 'string') return v;
    try { return JSON.stringify(v); } catch { return String(v); }
  };
  // console.table of an array of objects, as aligned text columns.
  const table = (rows) => {
    if (!Array.isArray(rows) || rows.length === 0 || typeof rows[0] !== 'object') return [show(rows)];
    const cols = Object.keys(rows[0]);
    const cells = [cols, ...rows.map((r) => cols.map((c) => String(r[c])))];
    const width = cols.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
    const numeric = cols.map((c) => typeof rows[0][c] === 'number');
    return cells.map((row) => row.map((v, i) => (numeric[i] ? v.padStart(width[i]) : v.padEnd(width[i]))).join('  ').trimEnd());
  };
  let depth = 0;
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'table', 'group', 'groupCollapsed', 'groupEnd']) {
    const original = console[level];
    console[level] = function (...args) {
      const indent = '  '.repeat(depth);
      if (level === 'groupEnd') depth = Math.max(0, depth - 1);
      else if (level === 'table') for (const line of table(args[0])) queue.push(`${indent}${line}`);
      else queue.push(`${indent}[${level}] ${args.map(show).join(' ')}`);
      if (level === 'group' || level === 'groupCollapsed') depth++;
      return original.apply(this, args);
    };
  }
  addEventListener('error', (e) => queue.push(`[uncaught] ${e.message} at ${e.filename}:${e.lineno}:${e.colno}`));
  addEventListener('unhandledrejection', (e) => queue.push(`[unhandled rejection] ${show(e.reason && e.reason.stack || e.reason)}`));
  const flush = () => {
    if (queue.length === 0) return;
    const body = queue.splice(0).join('\n');
    // keepalive (for pagehide) takes bodies up to 64 KiB only; snapshots are larger.
    fetch('/__console', { method: 'POST', body, keepalive: body.length < 60000 }).catch(() => {});
  };
  setInterval(flush, 100);
  addEventListener('pagehide', flush);
})();
