//! A text and a list of offsets and positions: `LineIndex` conversions between byte offsets
//! and (line, column) in UTF-8, UTF-16 and UTF-32 units must agree with the reference line
//! model in fuzz/src/lib.rs (written from the documented convention) and round trip.
#![no_main]

use arbitrary::Arbitrary;
use copydesk::document::LineIndex;
use copydesk_fuzz::{check_line_index, RefLines};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    probes: Vec<(u16, u8, u16)>,
}

fuzz_target!(|input: Input| {
    let text = input.text.as_str();
    let idx = LineIndex::new(text);
    let r = RefLines::new(text);
    // Every offset of a short text; the probes of a long one.
    if text.len() <= 64 {
        for o in 0..=text.len() + 1 {
            check_line_index(text, &idx, &r, o, o % 4, o % 7);
        }
        // And the round trips the property tests check (copydesk::testing).
        copydesk::testing::check_line_index(text).unwrap_or_else(|e| panic!("{e}"));
    }
    for &(offset, line, col) in input.probes.iter().take(64) {
        check_line_index(text, &idx, &r, offset as usize, line as usize, col as usize);
        copydesk::testing::check_positions(text, line as usize, col as usize).unwrap_or_else(|e| panic!("{e}"));
    }
});
