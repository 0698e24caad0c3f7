//! Markdown (CommonMark with front matter, tables, footnotes, strikethrough) through
//! pulldown-cmark: only text events are prose; each text run belongs to its innermost block.

use super::{Block, BlockKind};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub(super) fn extract(text: &str) -> (String, Vec<Block>) {
    let opts = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut mask = MaskWriter::new(text);
    let mut blocks: Vec<Block> = Vec::new();
    // Stack of open blocks: (kind, index in `blocks` once it has text).
    let mut stack: Vec<(BlockKind, Option<usize>)> = Vec::new();
    let mut skip = 0usize; // inside code blocks, metadata, autolinks, images
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => stack.push((BlockKind::Paragraph, None)),
                Tag::Heading { .. } => stack.push((BlockKind::Heading, None)),
                Tag::Item => stack.push((BlockKind::ListItem, None)),
                Tag::TableCell => stack.push((BlockKind::TableCell, None)),
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock | Tag::Image { .. } => skip += 1,
                Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. } => skip += 1,
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    stack.pop();
                }
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock | TagEnd::Image => skip = skip.saturating_sub(1),
                // Only autolinks incremented `skip`; detect them by their source shape.
                TagEnd::Link if text[range.clone()].starts_with('<') && skip > 0 => skip -= 1,
                _ => {}
            },
            Event::Text(t) if skip == 0 => {
                let src = &text[range.clone()];
                // Most runs are the source itself, borrowed: no need to compare the bytes.
                let borrowed = matches!(&t, CowStr::Borrowed(b) if std::ptr::eq(*b, src));
                if !borrowed && src != t.as_ref() {
                    continue; // an entity or escape: not worth mapping
                }
                mask.copy(range.clone());
                if let Some(top) = stack.last_mut() {
                    match top.1 {
                        Some(i) => blocks[i].end = blocks[i].end.max(range.end),
                        None => {
                            top.1 = Some(blocks.len());
                            blocks.push(Block { start: range.start, end: range.end, kind: top.0 });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    blocks.sort_by_key(|b| b.start);
    // A block that holds a nested block (a tight list item with a sub-list) would overlap it:
    // cut it short where the next block begins.
    for i in 1..blocks.len() {
        if blocks[i - 1].end > blocks[i].start {
            blocks[i - 1].end = blocks[i].start;
        }
    }
    (mask.finish(), blocks)
}

/// Writes the mask from the start: each prose run copied, what lies between blanked (a space
/// for each byte, line breaks kept). A valid `String` throughout: no check of the bytes at the
/// end, no copy of the whole text before.
struct MaskWriter<'t> {
    text: &'t str,
    mask: String,
    /// Runs before the end of what is written, copied in at the end. The parser gives its text
    /// runs in the order of the text (no CommonMark construct found to break it), but does not
    /// promise it.
    late: Vec<Range<usize>>,
}

impl<'t> MaskWriter<'t> {
    fn new(text: &'t str) -> MaskWriter<'t> {
        MaskWriter { text, mask: String::with_capacity(text.len()), late: Vec::new() }
    }

    /// `range` of the text is prose.
    fn copy(&mut self, range: Range<usize>) {
        if range.start < self.mask.len() {
            self.late.push(range);
            return;
        }
        self.blank_up_to(range.start);
        self.mask.push_str(&self.text[range]);
    }

    fn blank_up_to(&mut self, end: usize) {
        let gap = &self.text.as_bytes()[self.mask.len()..end];
        self.mask.extend(gap.iter().map(|&b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }));
    }

    fn finish(mut self) -> String {
        self.blank_up_to(self.text.len());
        // The mask's bytes are the text's or ASCII blanks, so a character boundary of the text
        // is one of the mask.
        for r in std::mem::take(&mut self.late) {
            self.mask.replace_range(r.clone(), &self.text[r]);
        }
        self.mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs in any order, overlapping or not, give the mask of the byte-by-byte construction.
    #[test]
    fn the_mask_writer_takes_runs_in_any_order() {
        let text = "# Кто “сказал”?\r\n\nHe said: «Да» — and left.\n";
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        for _ in 0..2000 {
            let runs: Vec<Range<usize>> = (0..next(5))
                .map(|_| {
                    let (a, b) = (bounds[next(bounds.len())], bounds[next(bounds.len())]);
                    a.min(b)..a.max(b)
                })
                .collect();
            let mut plain: Vec<u8> = text.bytes().map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' }).collect();
            let mut w = MaskWriter::new(text);
            for r in &runs {
                plain[r.clone()].copy_from_slice(&text.as_bytes()[r.clone()]);
                w.copy(r.clone());
            }
            assert_eq!(w.finish().as_bytes(), &plain[..], "{runs:?}");
        }
    }
}
