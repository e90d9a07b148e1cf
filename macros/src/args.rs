//! The attribute's own options: which compile-time checks are errors and
//! which are silent.
//!
//! ```text
//! #[track]                                         every check warns
//! #[track(deny(all))]                              every check is an error
//! #[track(deny(per_element_copy), allow(view_escapes))]
//! #[frame(deny(all), allow(forget_per_frame))]     a named check overrides `all`
//! ```

use proc_macro2::{Span, TokenStream};

use crate::check::Check;

/// What a finding of a check becomes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Level {
    Warn,
    /// An error; the span is the option that asked for it (`deny(x)`), for
    /// the compiler's "the lint level is defined here".
    Deny(Span),
    Allow,
}

/// Options given in `#[track(...)]` / `#[frame(...)]`.
#[derive(Debug)]
pub(crate) struct Args {
    /// Per check, set by name.
    named: [Option<Level>; Check::ALL.len()],
    /// Set by `allow(all)` / `deny(all)`.
    all: Option<Level>,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            named: [None; Check::ALL.len()],
            all: None,
        }
    }
}

impl Args {
    pub(crate) fn level(&self, check: Check) -> Level {
        self.named[check as usize]
            .or(self.all)
            .unwrap_or(Level::Warn)
    }
}

const OPTIONS: &[&str] = &["allow", "deny"];

pub(crate) fn parse(kind: &str, tokens: TokenStream) -> syn::Result<Args> {
    let mut args = Args::default();
    let mut given: Vec<String> = Vec::new();
    let parser = syn::meta::parser(|meta| {
        let option = meta
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let allow = match option.as_str() {
            "allow" => true,
            "deny" => false,
            _ => {
                let shown = path_text(&meta.path);
                return Err(meta.error(format!(
                    "unknown option `{shown}` of `#[{kind}]`{}; the options are `allow(<check>, ..)` and `deny(<check>, ..)`",
                    did_you_mean(&shown, OPTIONS)
                )));
            }
        };
        if given.contains(&option) {
            return Err(meta.error(format!(
                "`{option}` is given twice; list every check in one `{option}(..)`"
            )));
        }
        given.push(option.clone());
        if !meta.input.peek(syn::token::Paren) {
            return Err(meta.error(format!(
                "write `{option}(<check>, ..)`, with one or more of: all, {}",
                names().join(", ")
            )));
        }
        let fork = meta.input.fork();
        let inside;
        syn::parenthesized!(inside in fork);
        if inside.is_empty() {
            return Err(meta.error(format!(
                "`{option}()` names no check; name one or more, or remove it"
            )));
        }
        let listed: TokenStream = inside.parse()?;
        if let Some(proc_macro2::TokenTree::Literal(lit)) = listed
            .into_iter()
            .find(|t| matches!(t, proc_macro2::TokenTree::Literal(_)))
        {
            let text = lit.to_string();
            return Err(syn::Error::new(
                lit.span(),
                format!(
                    "a check is a bare name, not a literal: `{option}({})`",
                    text.trim_matches('"')
                ),
            ));
        }
        meta.parse_nested_meta(|check| {
            let shown = path_text(&check.path);
            let ident = check
                .path
                .get_ident()
                .cloned()
                .ok_or_else(|| check.error(unknown_check(&shown)))?;
            let name = ident.to_string();
            let level = if allow {
                Level::Allow
            } else {
                Level::Deny(ident.span())
            };
            if !check.input.is_empty() && !check.input.peek(syn::Token![,]) {
                return Err(check.error(format!("a check is a bare name: `{option}({name})`")));
            }
            let slot = if name == "all" {
                &mut args.all
            } else {
                let found = Check::ALL
                    .iter()
                    .find(|c| c.name() == name)
                    .ok_or_else(|| check.error(unknown_check(&name)))?;
                &mut args.named[*found as usize]
            };
            match slot {
                None => *slot = Some(level),
                Some(Level::Allow) if allow => {
                    return Err(check.error(format!("`{name}` is listed twice")));
                }
                Some(Level::Deny(_)) if !allow => {
                    return Err(check.error(format!("`{name}` is listed twice")));
                }
                Some(_) => {
                    return Err(
                        check.error(format!("`{name}` is both allowed and denied; keep one"))
                    );
                }
            }
            Ok(())
        })
    });
    syn::parse::Parser::parse2(parser, tokens)?;
    Ok(args)
}

fn path_text(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path)
        .to_string()
        .replace(' ', "")
}

fn names() -> Vec<&'static str> {
    Check::ALL.iter().map(|c| c.name()).collect()
}

fn unknown_check(name: &str) -> String {
    let mut all = names();
    let hint = did_you_mean(name, &all);
    all.insert(0, "all");
    format!(
        "unknown check `{name}`{hint}; the checks are: {}",
        all.join(", ")
    )
}

/// ` (did you mean `x`?)` for the nearest of `known`, if it is near.
fn did_you_mean(name: &str, known: &[&str]) -> String {
    let nearest = known.iter().map(|k| (distance(name, k), *k)).min();
    match nearest {
        Some((d, k)) if d <= (k.len() / 3).max(2) => format!(" (did you mean `{k}`?)"),
        _ => String::new(),
    }
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn error(tokens: TokenStream) -> String {
        parse("track", tokens).unwrap_err().to_string()
    }

    #[test]
    fn levels_are_warn_unless_named_and_a_name_beats_all() {
        let args = parse("track", quote!(deny(all), allow(view_escapes))).unwrap();
        assert!(matches!(args.level(Check::ViewEscapes), Level::Allow));
        assert!(matches!(args.level(Check::ClosureInLoop), Level::Deny(_)));
        let args = parse("track", quote!()).unwrap();
        assert!(
            Check::ALL
                .iter()
                .all(|c| matches!(args.level(*c), Level::Warn))
        );
    }

    #[test]
    fn misuse_is_an_error_with_a_suggestion() {
        assert!(error(quote!(alow(view_escapes))).contains("did you mean `allow`?"));
        assert!(error(quote!(every = 60)).starts_with("unknown option `every`"));
        assert!(!error(quote!(every = 60)).contains("did you mean"));
        assert!(error(quote!(deny(closure_in_loops))).contains("did you mean `closure_in_loop`?"));
        assert!(error(quote!(deny(view_escapes), deny(all))).contains("given twice"));
        assert!(
            error(quote!(deny(view_escapes), allow(view_escapes)))
                .contains("both allowed and denied")
        );
        assert!(error(quote!(allow(view_escapes, view_escapes))).contains("listed twice"));
        assert!(error(quote!(allow)).starts_with("write `allow(<check>, ..)`"));
        assert!(error(quote!(allow())).contains("names no check"));
        assert!(error(quote!(allow(view_escapes = 1))).contains("bare name"));
        assert!(
            error(quote!(allow(view_escapes, "all")))
                .contains("bare name, not a literal: `allow(all)`")
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("allow", "allow"), 0);
        assert_eq!(distance("alow", "allow"), 1);
        assert_eq!(distance("deny", "allow"), 5);
    }
}
