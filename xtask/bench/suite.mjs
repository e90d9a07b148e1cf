// The measurement loop of `cargo xtask bench`, shared by Node and the
// browser page. Both builds (ledger off and on) are loaded in the same
// engine; every workload is warmed up with a full run, then the runs are
// interleaved (run 1 of every workload, then run 2...) so that drift and
// noise fall on all of them alike. The peers run in a second phase: the
// garbage tracing-wasm leaves (it never clears its performance marks)
// would otherwise slow whatever runs after it. Result: ns per iteration,
// median, min, max over the runs; then the ledger's memory after
// MEMORY_FRAMES frames of churn (the instrumented build).

export const PHASES = [
  [
    // name,                            build, export,          iterations
    ['plain crossing', 'off', 'plain_random', 2_000_000],
    // Instrumented, estimating: built with the probe left out.
    ['tracked crossing', 'on', 'tracked_random', 2_000_000],
    ['annotated crossing, ledger off', 'off', 'tracked_random', 2_000_000],
    // The instrumented build as it comes: its glue loads the truth probe,
    // which wraps every import and counts each call at its site.
    ['exact crossing', 'exact', 'tracked_random', 2_000_000],
    // Debug builds only: the same with the ledger's own crate optimised
    // (`[profile.dev.package.wasm-ledger] opt-level = 3`).
    ['exact crossing, runtime optimised', 'fast', 'tracked_random', 2_000_000],
    ['plain call', 'on', 'call_plain', 20_000_000],
    ['tracked call', 'on', 'call_tracked', 20_000_000],
  ],
  [
    ['puffin crossing', 'off', 'puffin_random', 100_000],
    ['tracing-wasm crossing', 'off', 'tracing_random', 5_000],
  ],
  [
    // examples/particles' frame (20,000 particles, a 480x320 pixel buffer
    // handed to the canvas in one call, a HUD); n frames per run.
    ['example frame', 'off', 'example_frames', 100],
    ['example frame, instrumented', 'exact', 'example_frames', 100],
    ['example frame, instrumented, runtime optimised', 'fast', 'example_frames', 100],
    // The same with the in-page HUD drawn at every frame.
    ['example frame, instrumented, HUD', 'exact', 'example_frames_hud', 100],
    // The plain code with one function out of line: code shape alone.
    ['example frame, layout control', 'layout', 'example_frames', 100],
    ['console report', 'exact', 'console_reports', 10],
  ],
  [
    // A framework's turn: JS calls into code that is not annotated, which
    // makes 64 calls into JS; n turns per run, each its own call from JS.
    // The whole app counted (every call by JS API, stacks sampled), or
    // only annotated code (Config::whole_app off), or the ledger off.
    ['library turn, ledger off', 'off', 'turns:library_turn', 2_000],
    ['library turn, whole app', 'exact', 'turns:library_turn:on', 2_000],
    ['library turn, annotated only', 'exact', 'turns:library_turn:off', 2_000],
  ],
];

/// Frames of churn after which the ledger's memory is read.
export const MEMORY_FRAMES = 100_000;

// `stage()`: a fresh `{ canvas, ctx }` for the example to draw on.
// `debug`: the builds are debug builds (what users run): a twentieth of the
// iterations, no peers, no memory reading.
export function run(builds, runs, now, stage, debug = false) {
  const out = {};
  const stages = Object.fromEntries(Object.keys(builds).map((b) => [b, stage()]));
  const time = (build, fn, n) => {
    if (fn.startsWith('turns:')) {
      // One call from JS per iteration: each is a turn.
      const [, name, whole] = fn.split(':');
      if (whole !== undefined) builds[build].set_whole_app(whole === 'on');
      const f = builds[build][name];
      const t0 = now();
      for (let i = 0; i < n; i++) f();
      return ((now() - t0) * 1e6) / n;
    }
    const t0 = now();
    if (fn.startsWith('example_frames')) builds[build][fn](stages[build].canvas, stages[build].ctx, n);
    else builds[build][fn](n);
    return ((now() - t0) * 1e6) / n;
  };
  // Workloads of the builds given (the debug run has no layout control).
  const phases = (debug
    ? PHASES.filter((p) => !p.some(([name]) => name.startsWith('puffin'))).map((p) =>
        p.map(([name, build, fn, n]) => [name, build, fn, Math.max(1, Math.round(n / 20))]),
      )
    : PHASES
  ).map((p) => p.filter(([, build]) => build in builds));
  for (const workloads of phases) {
    const samples = Object.fromEntries(workloads.map(([name]) => [name, []]));
    for (const [, build, fn, n] of workloads) time(build, fn, n); // warm up
    for (let r = 0; r < runs; r++) {
      for (const [name, build, fn, n] of workloads) samples[name].push(time(build, fn, n));
    }
    for (const [name, , , n] of workloads) {
      const s = samples[name].sort((a, b) => a - b);
      out[name] = { median: s[s.length >> 1], min: s[0], max: s[s.length - 1], runs, n };
    }
  }
  if (!debug) out.memory = JSON.parse(builds.exact.ledger_memory(MEMORY_FRAMES));
  builds.exact.set_whole_app(true);
  out.stack_capture_us = builds.exact.stack_capture_us();
  out.exact_is_exact = builds.exact.ledger_exact() && !builds.on.ledger_exact();
  out.checks = { off_is_off: !builds.off.ledger_on(), on_is_on: builds.on.ledger_on(), on_counted: builds.on.ledger_crossings() };
  return out;
}
