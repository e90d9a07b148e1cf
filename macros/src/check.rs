//! The compile-time checks of a body, as data: each [`Check`] by the name
//! users write in `allow(..)`/`deny(..)`, and a [`Finding`] of one at the
//! user's tokens. `lint` finds them, `args` sets their levels, `emit`
//! reports them.

use proc_macro2::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Check {
    ClosureInLoop,
    ForgetPerFrame,
    PerElementCopy,
    ViewEscapes,
    BoxingInLoop,
    UncachedGlobal,
}

impl Check {
    pub(crate) const ALL: [Check; 6] = [
        Check::ClosureInLoop,
        Check::ForgetPerFrame,
        Check::PerElementCopy,
        Check::ViewEscapes,
        Check::BoxingInLoop,
        Check::UncachedGlobal,
    ];

    /// The name users write in `allow(..)`/`deny(..)`, and the constant's
    /// name in `wasm_ledger::checks`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Check::ClosureInLoop => "closure_in_loop",
            Check::ForgetPerFrame => "forget_per_frame",
            Check::PerElementCopy => "per_element_copy",
            Check::ViewEscapes => "view_escapes",
            Check::BoxingInLoop => "boxing_in_loop",
            Check::UncachedGlobal => "uncached_global",
        }
    }
}

/// One mistake: the check, and the token to underline (the compiler shows
/// one token for a deprecated item: the function's or method's name).
#[derive(Debug)]
pub(crate) struct Finding {
    pub check: Check,
    pub span: Span,
}
