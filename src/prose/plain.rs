//! Plain text: every character is prose; paragraphs are separated by blank lines, or by single
//! line breaks when the text is not hard-wrapped (one paragraph per line, as wire copy often is).

use super::{Block, BlockKind};
use crate::text::RawMatch;

/// A line with more than this many characters of its own is longer than a hard-wrapped line
/// (72 to 80 columns) can be: the text is one paragraph per line. White space, parentheses,
/// markup and glossary names are not counted, since fixes change just those (`AQAP` →
/// `al-Qaeda in the Arabian Peninsula (AQAP)`): a fix never turns a hard-wrapped text into one
/// paragraph per line.
const LONG_LINE: usize = 80;

fn counted(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ')')
}

/// Is the line `start..end` of the mask long (see [`LONG_LINE`])? `names` are the glossary names
/// of the whole mask, in order.
fn is_long(mask: &str, start: usize, end: usize, names: &[RawMatch]) -> bool {
    let count = |s: &str| s.chars().filter(|&c| counted(c)).count();
    let all = count(&mask[start..end]);
    if all <= LONG_LINE {
        return false;
    }
    let first = names.partition_point(|n| n.end <= start);
    let in_names: usize =
        names[first..].iter().take_while(|n| n.start < end).map(|n| count(&mask[n.start.max(start)..n.end.min(end)])).sum();
    all - in_names > LONG_LINE
}

/// Paragraphs of a plain text: separated by blank lines, or one per line when a line is long.
/// `mask` is the text's finished mask and `names` the glossary names found in it.
pub(super) fn blocks(text: &str, mask: &str, names: &[RawMatch]) -> Vec<Block> {
    let mut unwrapped = false;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if is_long(mask, pos, pos + line.len(), names) {
            unwrapped = true;
            break;
        }
        pos += line.len();
    }
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        if blank || unwrapped {
            if let Some(s) = start.take() {
                blocks.push(Block { start: s, end: pos, kind: BlockKind::Paragraph });
            }
        }
        if !blank {
            if unwrapped {
                blocks.push(Block { start: pos, end: pos + content.len(), kind: BlockKind::Paragraph });
            } else if start.is_none() {
                start = Some(pos);
            }
        }
        pos += line.len();
    }
    if let Some(s) = start {
        blocks.push(Block { start: s, end: text.len(), kind: BlockKind::Paragraph });
    }
    blocks
}

/// The mask of a plain text: every character is prose but HTML comments and tags.
pub(super) fn mask(text: &str) -> String {
    let mask = text.to_string();
    let mut mask = mask;
    // HTML comments (inline directives) are not prose in plain text either.
    let mut from = 0;
    while let Some(i) = text[from..].find("<!--") {
        let s = from + i;
        let e = text[s..].find("-->").map(|j| s + j + 3).unwrap_or(text.len());
        super::blank(&mut mask, s, e);
        from = e;
    }
    // HTML or XML tags (`<tweet author="…">`) are markup, not prose. (No `<`, no tag: most
    // texts do not need the expression built.)
    if !text.contains('<') {
        return mask;
    }
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = TAG.get_or_init(|| regex::Regex::new(r#"</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[^<>]*)?/?>"#).unwrap());
    let tags: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
    for (s, e) in tags {
        super::blank(&mut mask, s, e);
    }
    mask
}
