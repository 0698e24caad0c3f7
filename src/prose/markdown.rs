//! Markdown (CommonMark with front matter, tables, footnotes, strikethrough) through
//! pulldown-cmark: only text events are prose; each text run belongs to its innermost block.

use super::{Block, BlockKind};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

pub(super) fn extract(text: &str) -> (String, Vec<Block>) {
    let opts = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    // Start from an all-blank mask (line breaks kept) and copy prose text runs into it.
    let mut bytes: Vec<u8> = text.bytes().map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' }).collect();
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
                if src != t.as_ref() {
                    continue; // an entity or escape: not worth mapping
                }
                bytes[range.clone()].copy_from_slice(src.as_bytes());
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
    // Every byte copied was a whole run of a valid &str, so the mask is valid UTF-8.
    let mask = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (mask, blocks)
}
