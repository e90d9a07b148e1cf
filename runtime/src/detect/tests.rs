//! The detectors, each fed finished frames through [`Detectors`].

use super::*;
use crate::frame::SiteTally;
use crate::site::Origin;
use crate::tally::Tally;

static MAKER: Site = Site::new("on_click", "src/app.rs", 40, 9);
static ONCE: Site = Site::new("start", "src/app.rs", 10, 5);
static VIEW: Site = Site::new("upload", "src/app.rs", 70, 13);
static READ_VIEW: Site = Site::new("serialize_bytes", "src/ser.rs", 392, 41).dropping_its_views();

fn frame(index: u64, sites: Vec<SiteTally>, live: u32, growth: u64) -> Frame {
    let mut tally = Tally::default();
    for s in &sites {
        tally.add(&s.tally);
    }
    Frame {
        index,
        tally,
        sites,
        elsewhere: Tally::default(),
        elsewhere_sites: Vec::new(),
        memory_growth: growth,
        live_handles: Some(live),
        duration_ms: None,
        overflow_sites: 0,
        js_calls: 0,
        live_objects: None,
        turn: false,
        work_ms: None,
        ledger_ms: None,
        memory_bytes: None,
    }
}

/// Closures made and released at `site`; those not released were
/// handed to JS for good (`forget`).
fn closures(site: &'static Site, created: u64, released: u64) -> SiteTally {
    SiteTally {
        site,
        tally: Tally {
            closures_created: created,
            closures_released: released,
            closures_given: created - released,
            ..Tally::default()
        },
    }
}

/// Closures made and released at `site`, kept by Rust (never given).
fn kept(site: &'static Site, created: u64, released: u64) -> SiteTally {
    SiteTally {
        site,
        tally: Tally {
            closures_created: created,
            closures_released: released,
            ..Tally::default()
        },
    }
}

fn run(frames: Vec<Frame>, config: &Config) -> Detectors {
    run_asking(frames, config, &NOTHING)
}

/// [`run`], with what the detectors ask of the probe answered by `ask`.
fn run_asking(frames: Vec<Frame>, config: &Config, ask: &Ask<'_>) -> Detectors {
    let mut d = Detectors::default();
    let mut history = VecDeque::new();
    for f in frames {
        history.push_back(f.clone());
        d.observe(&f, &history, Some(16), config, ask, Mode::default());
    }
    d
}

#[test]
fn long_frames_warn_when_they_recur_or_freeze_the_page_and_never_for_the_ledgers_own_work() {
    let _serial = crate::tests::serial();
    static BUSY: Site = Site::new("draw", "src/draw.rs", 12, 9);
    let crossing = |n: u64| SiteTally {
        site: &BUSY,
        tally: Tally {
            crossings: n,
            ..Tally::default()
        },
    };
    // (index, work, the ledger's part of it).
    let timed = |i: u64, work: f64, ledger: f64| Frame {
        work_ms: Some(work),
        ledger_ms: Some(ledger),
        ..frame(i, vec![crossing(5000)], 10, 0)
    };
    let config = Config::default();
    let long = |frames: Vec<Frame>| -> Vec<Warning> {
        run(frames, &config)
            .warnings
            .into_iter()
            .filter(|w| w.kind == WarningKind::LongFrame)
            .collect()
    };
    // Start-up (frame 0) is the start-up line's; one 60 ms frame now
    // and then, or 70 ms of which 30 the ledger's, is nothing.
    let quiet: Vec<Frame> = (0..200)
        .map(|i| match i {
            0 => timed(i, 400.0, 0.0),
            50 | 180 => timed(i, 60.0, 0.0),
            _ => timed(i, 70.0, 30.0),
        })
        .collect();
    assert!(long(quiet).is_empty());
    // Three long frames within the window: warned at the busiest site.
    let recurring: Vec<Frame> = (0..80)
        .map(|i| {
            if i % 10 == 5 {
                timed(i, 80.0, 1.0)
            } else {
                timed(i, 10.0, 1.0)
            }
        })
        .collect();
    let w = long(recurring);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(core::ptr::eq(w[0].site.unwrap(), &BUSY));
    assert_eq!(w[0].first_frame, 55, "the warm-up's 5, 15, 25 do not count");
    assert!(
        w[0].message
            .starts_with("frame 75 took 79.0 ms of work, over the 50 ms line"),
        "{}",
        w[0].message
    );
    assert!(
        w[0].message.contains("draw (src/draw.rs:12:9) 5000"),
        "{}",
        w[0].message
    );
    // Every frame slow (150 ms, a page frozen for seconds): the
    // warm-up ends after 2 s of frames, long before 30 of them.
    let slow: Vec<Frame> = (0..25).map(|i| timed(i, 150.0, 0.0)).collect();
    let w = long(slow);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].first_frame, 16, "2 s after start: frames 14, 15, 16");
    // One frame over four times the line: at once.
    let frozen = vec![
        timed(0, 1.0, 0.0),
        timed(1, 10.0, 0.0),
        timed(2, 250.0, 0.0),
    ];
    assert_eq!(long(frozen).len(), 1);
    // Off with a line of 0.
    let off = Config {
        long_frame_ms: 0,
        ..Config::default()
    };
    let frozen = vec![timed(0, 1.0, 0.0), timed(1, 900.0, 0.0)];
    assert!(run(frozen, &off)
        .warnings
        .iter()
        .all(|w| w.kind != WarningKind::LongFrame));
}

#[test]
fn exported_objects_that_only_grow_are_warned_and_a_freed_pool_is_not() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    let config = Config {
        live_window: 10,
        live_growth: 20,
        ..Config::default()
    };
    let objects = |counts: &dyn Fn(u64) -> u64| {
        let mut d = Detectors::default();
        let mut history = VecDeque::new();
        for i in 0..30 {
            let f = Frame {
                live_objects: Some(counts(i)),
                ..frame(i, vec![], 10, 0)
            };
            history.push_back(f.clone());
            d.observe(
                &f,
                &history,
                Some(16),
                &config,
                &Ask {
                    objects_by_type: &|| vec![("Particle".to_string(), counts(i))],
                    page_held: &|_| None,
                    js_frees: &|_| None,
                    page_handles: &|| None,
                    detached_views: &|| None,
                    cache_lens: &cache_lens,
                    heap: &Vec::new,
                    page_nodes: &|| None,
                },
                Mode::default(),
            );
        }
        d.warnings
    };
    let growing = objects(&|i| 3 * i);
    assert_eq!(growing.len(), 1, "{growing:?}");
    assert_eq!(growing[0].kind, WarningKind::ExportedObjectsGrowing);
    assert!(
        growing[0].message.contains("Particle"),
        "{}",
        growing[0].message
    );
    assert!(
        objects(&|i| 50 + i % 7).is_empty(),
        "made and freed: no warning"
    );
    assert!(objects(&|_| 400).is_empty(), "many, but not growing");
}

#[test]
fn a_closure_made_every_frame_and_kept_is_an_unreleased_callback() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    let d = run(
        (0..5)
            .map(|i| frame(i, vec![closures(&MAKER, 1, 0)], 10, 0))
            .collect(),
        &Config::default(),
    );
    assert_eq!(d.warnings.len(), 1);
    let w = &d.warnings[0];
    assert_eq!(
        (w.kind, w.site.map(|s| s.line())),
        (WarningKind::UnreleasedCallback, Some(40))
    );
    assert!(
        w.message
            .starts_with("5 closures made, 5 still alive, over 5 frames"),
        "{}",
        w.message
    );
    assert_eq!(
        (w.first_frame, w.last_frame),
        (1, 4),
        "found in the second frame, kept up to date"
    );
}

/// A row of the whole app, as `rows` makes them.
fn made_row(line: u32) -> &'static Site {
    Box::leak(Box::new(Site::whole_app(
        Origin::Made,
        "app::view::{{closure}}",
        "src/view.rs",
        line,
        9,
        "lib::listen",
    )))
}

/// Runs frames in which `row` makes one closure every 5th frame (and
/// releases one when `release` says so), the rest idle (a framework's
/// microtask turns); `held`: how many nodes of the page hold.
fn made_every_fifth(
    row: &'static Site,
    frames: u64,
    release: &dyn Fn(u64) -> bool,
    held: &dyn Fn(&'static Site) -> Option<u64>,
) -> Vec<Warning> {
    let frames = (0..frames)
        .map(|i| {
            let mut f = frame(i, vec![], 10, 0);
            if i % 5 == 0 {
                let mut t = closures(row, 1, u64::from(release(i))).tally;
                t.closures_given = 0;
                f.elsewhere_sites = vec![SiteTally {
                    site: row,
                    tally: t,
                }];
            }
            f
        })
        .collect();
    let ask = Ask {
        objects_by_type: &Vec::new,
        page_held: held,
        js_frees: &|_| None,
        page_handles: &|| None,
        detached_views: &|| None,
        cache_lens: &cache_lens,
        heap: &Vec::new,
        page_nodes: &|| None,
    };
    run_asking(frames, &Config::default(), &ask).warnings
}

#[test]
fn closures_made_outside_annotated_code_are_judged_by_their_changes_per_line() {
    // One closure per user action, five turns per action: 40 actions
    // are 200 turns, the growth of 40 spread thinly over any window of
    // turns; the line's own changes show the pile.
    let leak = made_row(30);
    let w = made_every_fifth(leak, 200, &|_| false, &|_| Some(0));
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].kind, WarningKind::UnreleasedCallback);
    assert_eq!(w[0].site.map(|s| s.line()), Some(30));
    assert!(w[0].message.contains("not annotated"), "{}", w[0].message);
    // The same line releasing as it makes (items removed with their
    // listeners) is not a pile; nor are listeners each on its own node
    // of the page (a list that grows with the page).
    let replaced = made_row(31);
    assert!(made_every_fifth(replaced, 200, &|i| i % 10 == 0, &|_| Some(0)).is_empty());
    let page = made_row(32);
    assert!(made_every_fifth(page, 200, &|_| false, &|_| Some(40)).is_empty());
    // A row with no line is never judged: there is no place to act on.
    static LUMPED: Site =
        Site::whole_app(Origin::Lumped, "(unannotated)", "(unannotated)", 0, 0, "");
    assert!(made_every_fifth(&LUMPED, 200, &|_| false, &|_| Some(0)).is_empty());
}

#[test]
fn closures_rust_keeps_are_judged_by_growth_not_by_piling() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    static ITEM: Site = Site::new("add", "src/todo.rs", 64, 47);
    let config = Config {
        cache_window: 20,
        cache_growth: 5,
        ..Config::default()
    };
    // A list whose items keep their listeners: six added, two removed,
    // then quiet.
    let mut frames: Vec<Frame> = (0..6)
        .map(|i| frame(i, vec![kept(&ITEM, 1, 0)], 10, 0))
        .collect();
    frames.extend((6..8).map(|i| frame(i, vec![kept(&ITEM, 0, 1)], 10, 0)));
    frames.extend((8..40).map(|i| frame(i, vec![], 10, 0)));
    let d = run(frames, &config);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // Kept, one more every frame, never released: warned once the
    // window is full.
    static HOARD: Site = Site::new("hoard", "src/todo.rs", 90, 9);
    let d = run(
        (0..30)
            .map(|i| frame(i, vec![kept(&HOARD, 1, 0)], 10, 0))
            .collect(),
        &config,
    );
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert!(
        d.warnings[0].message.contains("kept by Rust code"),
        "{}",
        d.warnings[0].message
    );
}

#[test]
fn closures_rust_keeps_for_the_nodes_of_the_page_grow_with_the_page() {
    // A todo list whose rows each keep three listeners (released when
    // the row goes): 40 rows added, none removed, and every listener
    // on its own connected node.
    let _serial = crate::tests::serial();
    static ROW: Site = Site::new("row", "src/todos.rs", 103, 21);
    static HOARDED: Site = Site::new("on_input", "src/todos.rs", 140, 13);
    let config = Config {
        cache_window: 20,
        cache_growth: 5,
        ..Config::default()
    };
    let judge = |site: &'static Site, held: &dyn Fn(&'static Site) -> Option<u64>| {
        let frames = (0..40)
            .map(|i| frame(i, vec![kept(site, 3, 0)], 10, 0))
            .collect();
        let ask = Ask {
            objects_by_type: &Vec::new,
            page_held: held,
            js_frees: &|_| None,
            page_handles: &|| None,
            detached_views: &|| None,
            cache_lens: &cache_lens,
            heap: &Vec::new,
            page_nodes: &|| None,
        };
        run_asking(frames, &config, &ask).warnings
    };
    // Every one held by a node of the page: the page, not a leak.
    assert!(judge(&ROW, &|_| Some(120)).is_empty());
    // Held by nothing on the page (kept in a Vec, listening nowhere):
    // warned at its line.
    let w = judge(&HOARDED, &|_| Some(0));
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].site.map(|s| s.line()), Some(140));
}

#[test]
fn a_closure_made_once_or_replaced_each_frame_is_not() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    let mut frames = vec![frame(0, vec![closures(&ONCE, 1, 0)], 10, 0)];
    frames.extend((1..10).map(|i| frame(i, vec![closures(&MAKER, 1, 1)], 10, 0)));
    assert!(run(frames, &Config::default()).warnings.is_empty());
}

#[test]
fn live_handles_growing_over_the_window_name_the_makers() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    let config = Config {
        live_window: 10,
        live_growth: 20,
        ..Config::default()
    };
    let maker = |n| SiteTally {
        site: &MAKER,
        tally: Tally {
            handles: n,
            ..Tally::default()
        },
    };
    let d = run(
        (0..12)
            .map(|i| frame(i, vec![maker(3)], 10 + 3 * i as u32, 0))
            .collect(),
        &config,
    );
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert_eq!(d.warnings[0].kind, WarningKind::LiveHandlesGrowing);
    assert!(
        d.warnings[0]
            .message
            .contains("30 made by on_click (src/app.rs:40:9)"),
        "{}",
        d.warnings[0].message
    );
    // Up and down again: no warning.
    let d = run(
        (0..12)
            .map(|i| frame(i, vec![], if i % 2 == 0 { 10 } else { 40 }, 0))
            .collect(),
        &config,
    );
    assert!(d.warnings.is_empty());
    // The same growth, every new handle a node of the page (a list's
    // rows) or a closure listening on one: the page, not a leak.
    // (`page`: the handles of the page when the probe is asked, at the
    // end: all 33 new ones, or none.)
    let grow = |page: u64| {
        let frames = (0..12u64)
            .map(|i| frame(i, vec![maker(3)], 10 + 3 * i as u32, 0))
            .collect();
        let ask = Ask {
            objects_by_type: &Vec::new,
            page_held: &|_| None,
            js_frees: &|_| None,
            page_handles: &|| Some(page),
            detached_views: &|| None,
            cache_lens: &cache_lens,
            heap: &Vec::new,
            page_nodes: &|| None,
        };
        run_asking(frames, &config, &ask).warnings
    };
    assert!(grow(33).is_empty());
    assert_eq!(grow(0).len(), 1);
}

#[test]
fn a_collection_of_handles_that_only_grows_is_a_growing_cache() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    static NODES: Site = Site::labelled("remember", "src/app.rs", 90, 9, "self.nodes");
    let config = Config {
        cache_window: 10,
        cache_growth: 5,
        live_window: 10,
        live_growth: 5,
        ..Config::default()
    };
    let mut d = Detectors::default();
    let mut history = VecDeque::new();
    for i in 0..12u64 {
        NODES.set_cache_len(i as usize * 2);
        let f = frame(i, vec![], 10 + 2 * i as u32, 0);
        history.push_back(f.clone());
        d.observe(&f, &history, Some(16), &config, &NOTHING, Mode::default());
    }
    let caches: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| w.site.is_some_and(|s| core::ptr::eq(s, &NODES)))
        .collect();
    assert_eq!(caches.len(), 1, "{:?}", d.warnings);
    assert_eq!(caches[0].kind, WarningKind::GrowingCache);
    assert!(
        caches[0]
            .message
            .starts_with("`self.nodes` holds JS handles and grew from 4 to 22 entries"),
        "{}",
        caches[0].message
    );
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.kind == WarningKind::LiveHandlesGrowing),
        "the cache explains the live handles"
    );
}

/// The growing-cache warnings of a collection whose length, at frame
/// `i`, is `len(i)`, over `frames` frames.
fn cache_warnings(site: &'static Site, frames: u64, len: &dyn Fn(u64) -> u64) -> usize {
    let config = Config {
        cache_window: 40,
        cache_growth: 10,
        ..Config::default()
    };
    let mut d = Detectors::default();
    let mut history = VecDeque::new();
    for i in 0..frames {
        site.set_cache_len(len(i) as usize);
        let f = frame(i, vec![], 10, 0);
        history.push_back(f.clone());
        d.observe(&f, &history, Some(16), &config, &NOTHING, Mode::default());
    }
    d.warnings
        .iter()
        .filter(|w| {
            w.kind == WarningKind::GrowingCache && w.site.is_some_and(|s| core::ptr::eq(s, site))
        })
        .count()
}

#[test]
fn a_collection_that_fills_to_its_bound_is_not_growing_and_one_that_goes_on_is() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    static RING: Site = Site::labelled("ring", "src/app.rs", 100, 9, "self.ring");
    static CLEARED: Site = Site::labelled("seen", "src/app.rs", 110, 9, "self.seen");
    static LEAK: Site = Site::labelled("leak", "src/app.rs", 120, 9, "self.all");
    static SLOW: Site = Site::labelled("slow", "src/app.rs", 130, 9, "self.slow");
    static LRU: Site = Site::labelled("lru", "src/app.rs", 140, 9, "self.lru").bounded();
    static CLEARED_RARELY: Site =
        Site::labelled("seen", "src/app.rs", 150, 9, "self.seen").bounded();
    // A ring of 32: fills in 32 frames, then stays.
    assert_eq!(cache_warnings(&RING, 300, &|i| i.min(32)), 0);
    // A map cleared more often than the window is long: it falls.
    assert_eq!(cache_warnings(&CLEARED, 300, &|i| i % 30), 0);
    // Cleared every 500 frames: any window between looks unbounded, so
    // it is the code's own `clear()` that tells (`.bounded()`).
    assert_eq!(cache_warnings(&CLEARED_RARELY, 1200, &|i| i % 500), 0);
    // Unbounded, one a frame: warned once the window is full.
    assert_eq!(cache_warnings(&LEAK, 41, &|i| i), 1);
    assert_eq!(
        cache_warnings(&LEAK, 39, &|i| i),
        0,
        "not before the window is full"
    );
    // Slower, a step every few frames, still growing at the end.
    assert_eq!(cache_warnings(&SLOW, 200, &|i| i / 3), 1);
    // An LRU the code bounds, filling slowly over longer than the window.
    assert_eq!(cache_warnings(&LRU, 300, &|i| (i / 2).min(1000)), 0);
}

/// A frame's tally of `site`: one view made.
fn one_view(site: &'static Site) -> SiteTally {
    SiteTally {
        site,
        tally: Tally {
            views: 1,
            ..Tally::default()
        },
    }
}

#[test]
fn a_view_made_before_memory_grew_is_detached() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    VIEW.set_view_pages(8);
    let view = one_view(&VIEW);
    let d = run(
        vec![frame(0, vec![view], 10, 0), frame(1, vec![], 10, 65536)],
        &Config::default(),
    );
    assert_eq!(d.warnings.len(), 1);
    assert_eq!(d.warnings[0].kind.name(), "detached_view");
    // Re-made in the frame memory grew (after growing): fine.
    VIEW.set_view_pages(16);
    let d = run(
        vec![frame(0, vec![view], 10, 0), frame(1, vec![view], 10, 65536)],
        &Config::default(),
    );
    assert!(d.warnings.is_empty());
}

#[test]
fn a_view_dropped_by_its_call_is_never_detached() {
    // serde-wasm-bindgen's `serialize_bytes`: a view made in one turn,
    // copied and dropped; memory grows in a later one.
    let _serial = crate::tests::serial();
    READ_VIEW.set_view_pages(8);
    let view = one_view(&READ_VIEW);
    let d = run(
        vec![frame(0, vec![view], 10, 0), frame(1, vec![], 10, 65536)],
        &Config::default(),
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn views_js_keeps_are_judged_by_what_the_probe_finds_held_and_detached() {
    let _serial = crate::tests::serial();
    static KEPT: Site = Site::new("paint", "src/paint.rs", 40, 17);
    // Made by annotated code (the rule would judge it) and seen by the
    // probe as kept.
    KEPT.set_view_pages(8);
    let made = SiteTally {
        site: &KEPT,
        tally: Tally {
            views: 1,
            views_kept: 1,
            ..Tally::default()
        },
    };
    let frames = || vec![frame(0, vec![made], 10, 0), frame(1, vec![], 10, 65536)];
    let asking = |found: &dyn Fn() -> Option<Vec<(&'static Site, u64)>>| {
        let ask = Ask {
            detached_views: found,
            ..NOTHING
        };
        run_asking(frames(), &Config::default(), &ask).warnings
    };
    // Dropped before memory grew: the probe finds none held, so none.
    assert!(asking(&|| Some(Vec::new())).is_empty());
    // Still held, and detached: warned at the site that made it.
    let warned = asking(&|| Some(vec![(&KEPT, 2)]));
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].kind, WarningKind::DetachedView);
    assert!(core::ptr::eq(warned[0].site.unwrap(), &KEPT));
    assert!(
        warned[0].message.contains("2 typed-array views"),
        "{}",
        warned[0].message
    );
    // Where the probe cannot tell: the rule, as before.
    assert_eq!(asking(&|| None).len(), 1);
}

static PIXEL: Site = Site::element("blit", "src/app.rs", 90, 16, "");

fn crossings(site: &'static Site, n: u64) -> SiteTally {
    SiteTally {
        site,
        tally: Tally {
            crossings: n,
            ..Tally::default()
        },
    }
}

#[test]
fn many_element_calls_from_one_line_are_a_per_element_copy() {
    // Sites are process-wide: the cache detector sees every one.
    let _serial = crate::tests::serial();
    let config = Config::default();
    // Below the limit, or many calls from a site that is not
    // element-by-element: nothing.
    let d = run(
        vec![
            frame(0, vec![crossings(&PIXEL, 999)], 10, 0),
            frame(1, vec![crossings(&ONCE, 5000)], 10, 0),
        ],
        &config,
    );
    assert!(d.warnings.is_empty());
    let d = run(
        vec![frame(0, vec![crossings(&PIXEL, 4096)], 10, 0)],
        &config,
    );
    assert_eq!(d.warnings.len(), 1);
    let w = &d.warnings[0];
    assert_eq!(
        (w.kind, w.site.map(|s| s.line())),
        (WarningKind::PerElementCopy, Some(90))
    );
    assert!(
        w.message.starts_with("4096 element-by-element calls"),
        "{}",
        w.message
    );
}

#[test]
fn closures_only_js_holds_wait_for_its_garbage_collector_and_are_no_leak() {
    // One closure handed to JS for good per frame, none released: a leak
    // while Rust holds them (`forget`, `once_into_js` never run) or JS
    // keeps them (a listener on a live node); handed over with
    // `into_js_value` to a timeout that was cleared, JS alone held each,
    // and its collector frees them whenever it runs.
    static TIMER: Site = Site::new("closure_once", "src/helpers.rs", 117, 28);
    let judge = |frees: &dyn Fn(&'static Site) -> Option<u64>| {
        let frames = (0..30)
            .map(|i| frame(i, vec![closures(&TIMER, 1, 0)], 10, 0))
            .collect();
        let ask = Ask {
            js_frees: frees,
            ..NOTHING
        };
        run_asking(frames, &Config::default(), &ask).warnings
    };
    let pinned = judge(&|_| Some(0));
    assert_eq!(pinned.len(), 1, "{pinned:?}");
    assert_eq!(pinned[0].kind, WarningKind::UnreleasedCallback);
    assert!(judge(&|_| None).len() == 1, "cannot tell: judged as before");
    assert!(judge(&|_| Some(u64::MAX)).is_empty(), "all JS's to free");
    // Some of them still held: those are judged.
    assert_eq!(judge(&|_| Some(3)).len(), 1);
}
