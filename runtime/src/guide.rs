//! The guide: everything the README leaves out, a chapter per module (the
//! same text as `runtime/guide/*.md` in the repository).

#[doc = include_str!("../guide/requirements.md")]
pub mod requirements {}

#[doc = include_str!("../guide/using.md")]
pub mod using {}

#[doc = include_str!("../guide/hud.md")]
pub mod hud {}

#[doc = include_str!("../guide/whole_app.md")]
pub mod whole_app {}

#[doc = include_str!("../guide/counting.md")]
pub mod counting {}

#[doc = include_str!("../guide/warnings.md")]
pub mod warnings {}

#[doc = include_str!("../guide/checks.md")]
pub mod checks {}

#[doc = include_str!("../guide/cost.md")]
pub mod cost {}

#[doc = include_str!("../guide/real_world.md")]
pub mod real_world {}

#[doc = include_str!("../guide/leaks.md")]
pub mod leaks {}

#[doc = include_str!("../guide/probe.md")]
pub mod probe {}

#[doc = include_str!("../guide/robustness.md")]
pub mod robustness {}

#[doc = include_str!("../guide/layout.md")]
pub mod layout {}
