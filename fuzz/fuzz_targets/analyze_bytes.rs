//! Arbitrary bytes: when they are UTF-8, check them as plain text and as Markdown with the
//! default configuration; findings, fix_all and hover (every 97th offset) must hold their
//! invariants (see fuzz/src/lib.rs).
#![no_main]

use copydesk::Markup;
use copydesk_fuzz::{check_text, config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for markup in [Markup::Plain, Markup::Markdown] {
        check_text(text, markup, config(), Some(97));
    }
});
