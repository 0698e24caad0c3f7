//! Plain text: every character is prose; paragraphs are separated by blank lines, or by single
//! line breaks when the text is not hard-wrapped (one paragraph per line, as wire copy often is).

use super::{Block, BlockKind};

pub(super) fn extract(text: &str) -> (String, Vec<Block>) {
    let mask = text.to_string();
    let unwrapped = text.lines().any(|l| l.chars().count() > 100);
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
    let mut mask = mask;
    // HTML comments (inline directives) are not prose in plain text either.
    let mut from = 0;
    while let Some(i) = text[from..].find("<!--") {
        let s = from + i;
        let e = text[s..].find("-->").map(|j| s + j + 3).unwrap_or(text.len());
        super::blank(&mut mask, s, e);
        from = e;
    }
    // HTML or XML tags (`<tweet author="…">`) are markup, not prose.
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = TAG.get_or_init(|| regex::Regex::new(r#"</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[^<>]*)?/?>"#).unwrap());
    let tags: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
    for (s, e) in tags {
        super::blank(&mut mask, s, e);
    }
    (mask, blocks)
}
