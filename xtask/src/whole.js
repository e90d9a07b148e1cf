// The whole app, measured (`cargo xtask wholeapp`): the truth probe counts
// every call from wasm into JS from before the module is instantiated to
// the end of the drive; the ledger's totals (every site and every row of
// the whole app) must equal it, the ledger's own calls apart. Prints one
// `app-whole: {json}` line for the terminal.
const probe = () => globalThis.__wasmLedgerProbe;

export function begin() {
  if (probe()) probe().begin();
}

export function finish() {
  const p = probe();
  if (!p) {
    console.log('app-whole: ' + JSON.stringify({ error: 'the probe did not load' }));
    return;
  }
  const truth = p.end();
  let snap;
  try {
    snap = JSON.parse(p.snapshot());
  } catch (e) {
    console.log('app-whole: ' + JSON.stringify({ error: `no snapshot: ${e}` }));
    return;
  }
  const sites = snap.sites;
  const sum = (pick) => sites.filter(pick).reduce((a, s) => a + s.total.crossings, 0);
  const rows = sites
    .filter((s) => s.origin === 'api')
    .sort((a, b) => b.total.crossings - a.total.crossings)
    .slice(0, 10)
    .map((s) => [s.file, s.total.crossings]);
  const made = sites
    .filter((s) => s.origin === 'made' && s.total.closures_created > 0)
    .map((s) => [s.line > 0 ? `${s.file}:${s.line}` : s.file, s.function, s.total.closures_created, s.total.closures_released]);
  const w = snap.whole_app || {};
  console.log(
    'app-whole: ' +
      JSON.stringify({
        mode: snap.mode,
        truth: truth.total,
        own: truth.own,
        own_output: truth.ownOutput,
        ledger: sum(() => true),
        annotated: sum((s) => s.origin === 'annotated'),
        turns: snap.frames_total,
        apis: rows,
        made,
        whole: {
          names: w.names,
          dwarf: w.dwarf,
          lines: w.lines,
          missing: w.missing,
          stacks: w.stacks,
          capture_us: w.capture_us,
          period: w.period,
          sampled: w.sampled_calls,
          samples: w.samples,
          named: w.named_calls,
          app: w.app_calls,
          line: w.line_calls,
          places: (w.places || []).slice(0, 40),
        },
        warnings: snap.warnings.map((x) => {
          const s = x.site === null ? null : sites[x.site];
          return { kind: x.kind, at: s ? (s.line > 0 ? `${s.file}:${s.line}` : s.file) : null, message: x.message };
        }),
      }),
  );
}
