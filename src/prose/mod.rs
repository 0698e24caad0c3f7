//! Prose extraction: which bytes of a file are the writer's prose, split into blocks
//! (paragraphs, headings, list items), and which findings the writer has switched off inline.
//!
//! The result is a *mask*: a string exactly as long as the input in which every byte that is
//! not prose (Markdown syntax, code, front matter, HTML, URLs, link targets) is replaced by a
//! space, character by character, while line breaks stay. Every offset into the mask is an
//! offset into the original file, so no position ever needs translating back.

use crate::text::RawMatch;

mod markdown;
mod plain;
mod suppress;

pub use suppress::Suppressions;

/// How a file is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Markdown,
    Plain,
}

impl Markup {
    /// Chooses by file name: `.md`, `.markdown`, `.mdx` are Markdown, anything else plain text.
    pub fn from_path(path: &str) -> Markup {
        let lower = path.to_ascii_lowercase();
        if [".md", ".markdown", ".mdx", ".mkd", ".mdown"].iter().any(|e| lower.ends_with(e)) {
            Markup::Markdown
        } else {
            Markup::Plain
        }
    }
}

/// What kind of block a run of prose is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A Markdown heading, or a short line without sentence punctuation (a title or subhead).
    Heading,
    ListItem,
    TableCell,
}

/// A block of prose: `start..end` in the original text (trimmed of surrounding white space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
}

impl Block {
    /// The same block, `by` bytes further on.
    pub fn shifted(self, by: usize) -> Block {
        Block { start: self.start + by, end: self.end + by, ..self }
    }
}

/// The prose of one file.
#[derive(Debug, Clone)]
pub struct Prose {
    pub mask: String,
    pub blocks: Vec<Block>,
    pub suppressions: Suppressions,
    /// The glossary names in the mask, as given to [`with_names`](Self::with_names) (`None`
    /// from [`new`](Self::new)); the quotation pairing and the names analysis read them.
    pub names: Option<Vec<RawMatch>>,
}

/// The first step of the prose stage: the mask, and the blocks when Markdown marks them (plain
/// text's blocks wait for the glossary's names). The analysis runs the glossary's matcher over
/// [`as_str`](Self::as_str) and hands the names to [`Prose::with_names`].
#[derive(Debug, Clone)]
pub struct Mask {
    mask: String,
    markup: Markup,
    blocks: Option<Vec<Block>>,
}

impl Mask {
    pub fn new(text: &str, markup: Markup) -> Mask {
        let (mut mask, blocks) = match markup {
            Markup::Markdown => {
                let (mask, blocks) = markdown::extract(text);
                (mask, Some(blocks))
            }
            Markup::Plain => (plain::mask(text), None),
        };
        blank_urls(&mut mask);
        Mask { mask, markup, blocks }
    }

    /// The mask: the text with everything that is not prose blanked, byte for byte as long.
    pub fn as_str(&self) -> &str {
        &self.mask
    }
}

impl Prose {
    pub fn new(text: &str, markup: Markup) -> Prose {
        Prose::with_names(text, Mask::new(text, markup), None)
    }

    /// The prose of `text` from its [`Mask`], told where the glossary's names are in it. Fixes
    /// rename and spell out names and change nothing else, so the decisions on the shape of the
    /// text do not look at them: plain text measures its lines without names when it decides
    /// whether it is hard-wrapped, and a short line is judged a heading with each name read as
    /// one word. A round of fixes then never changes the paragraphs or headings the next round
    /// sees.
    pub fn with_names(text: &str, mask: Mask, names: Option<Vec<RawMatch>>) -> Prose {
        let Mask { mask, markup, blocks } = mask;
        let found = names.as_deref().unwrap_or_default();
        let mut blocks = blocks.unwrap_or_else(|| plain::blocks(text, &mask, found));
        for b in &mut blocks {
            trim_block(&mask, b);
        }
        blocks.retain(|b| b.start < b.end);
        for b in &mut blocks {
            if b.kind == BlockKind::Paragraph
                && !mask[b.start..b.end].contains('\n')
                && !sentence_break_outside_names(&mask, b.start, b.end, found)
                && words_with_names_as_one(&mask, b.start, b.end, found, 21) <= 20
                && looks_like_heading(&without_names(&mask, b.start, b.end, found))
            {
                b.kind = BlockKind::Heading;
            }
        }
        // The first line of a plain-text story is its headline.
        if markup == Markup::Plain && blocks.len() >= 2 {
            let b = &mut blocks[0];
            let t = &*without_names(&mask, b.start, b.end, found);
            // …unless it is a quotation ending a sentence: a lede such as `“…,” Pushkov said.`
            let lede_quote = t.starts_with(['“', '"', '«', '„']) && t.trim_end().ends_with('.');
            if !t.contains('\n')
                && !attributed_lede(t)
                && t.split_whitespace().count() <= 30
                && !t.trim_end().ends_with(':')
                && !has_sentence_break(t)
                && !lede_quote
            {
                b.kind = BlockKind::Heading;
            }
        }
        let suppressions = Suppressions::parse(text);
        Prose { mask, blocks, suppressions, names }
    }

    /// Index of the block containing `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.end <= offset);
        (i < self.blocks.len() && self.blocks[i].start <= offset).then_some(i)
    }
}

/// A long first line that ends by naming its source is a wire lede, not a headline: `Islamic
/// State (ISIS) fighters withdrew … on Tuesday, local officials said.` Headlines are shorter
/// (in 840 US news stories, 97 % of the headlines have at most 19 words).
fn attributed_lede(t: &str) -> bool {
    let t = t.trim_end();
    if t.split_whitespace().count() <= 16 || !t.ends_with('.') {
        return false;
    }
    let Some(comma) = t.rfind(',') else { return false };
    let clause = &t[comma + 1..];
    clause.split_whitespace().count() <= 6
        && [" said", " says", " told", " reported", " reports", " according to", " сказал", " sagte", " a déclaré"]
            .iter()
            .any(|v| clause.contains(v))
}

/// The block `start..end` of the mask with every glossary name in it replaced by one word,
/// `Name`, as the heading tests see it: `U.N. AQAP` and `UN al-Qaeda in the Arabian Peninsula
/// (AQAP)` look alike. `names` are the names of the whole mask, in order.
/// Does the block hold `. ` outside the names (so that [`without_names`] holds it too, and
/// [`looks_like_heading`] would say no)? Most paragraphs do: this answers without a copy.
fn sentence_break_outside_names(mask: &str, start: usize, end: usize, names: &[RawMatch]) -> bool {
    // `.` then a space, found by the `.`: a substring searcher's set-up costs more than the
    // search on a paragraph.
    let block = &mask.as_bytes()[start..end];
    memchr::memchr_iter(b'.', block).filter(|&i| block.get(i + 1) == Some(&b' ')).any(|i| {
        let at = start + i;
        let k = names.partition_point(|n| n.end <= at);
        names.get(k).is_none_or(|n| n.start > at + 1)
    })
}

/// The number of words [`without_names`] would give, counted without building it, up to
/// `limit`: most paragraphs are too long to be headings, and this tells so without a copy.
fn words_with_names_as_one(mask: &str, start: usize, end: usize, names: &[RawMatch], limit: usize) -> usize {
    let mut ni = names.partition_point(|n| n.end <= start);
    let (mut count, mut in_word, mut pos) = (0, false, start);
    while pos < end && count < limit {
        if let Some(n) = names.get(ni).filter(|n| n.start <= pos) {
            // A name reads as one word, `Name`, joined to the characters around it.
            if !in_word {
                count += 1;
                in_word = true;
            }
            pos = n.end.min(end).max(pos + 1);
            ni += 1;
            continue;
        }
        let stop = names.get(ni).map_or(end, |n| n.start.min(end));
        let mut i = pos;
        while i < stop && count < limit {
            let b = mask.as_bytes()[i];
            // `char::is_whitespace`, read from the byte for ASCII.
            let (space, len) = if b < 0x80 {
                (matches!(b, b' ' | b'\t'..=b'\r'), 1)
            } else {
                let c = mask[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            };
            if space {
                in_word = false;
            } else if !in_word {
                in_word = true;
                count += 1;
            }
            i += len;
        }
        pos = stop;
    }
    count
}

fn without_names<'a>(mask: &'a str, start: usize, end: usize, names: &[RawMatch]) -> std::borrow::Cow<'a, str> {
    let s = &mask[start..end];
    let first = names.partition_point(|n| n.end <= start);
    let inside = names[first..].iter().take_while(|n| n.start < end);
    // Text on several lines is never a heading: no need to look.
    if s.contains('\n') || inside.clone().next().is_none() {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut pos = start;
    for n in inside {
        let (ns, ne) = (n.start.max(start), n.end.min(end));
        out.push_str(&mask[pos..ns]);
        out.push_str("Name");
        pos = ne;
    }
    out.push_str(&mask[pos..end]);
    out.into()
}

/// Replaces the characters of `range` in `mask` by spaces, keeping line breaks.
pub(crate) fn blank(mask: &mut String, start: usize, end: usize) {
    // SAFETY-free: we rebuild the slice with ASCII, one byte per original byte, so the
    // string stays valid UTF-8 as long as whole characters are replaced.
    let (start, end) = (crate::document::floor_char_boundary(mask, start), ceil_char_boundary(mask, end));
    let replaced: String = mask[start..end].bytes().map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }).collect();
    mask.replace_range(start..end, &replaced);
}

pub(crate) fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

pub(crate) use crate::text::is_alnum;

/// Does `s` hold a URL or an e-mail address (which the prose mask blanks)?
pub(crate) fn has_url(s: &str) -> bool {
    let mut mask = s.to_string();
    blank_urls(&mut mask);
    mask != s
}

/// Blanks URLs (`https://…`, `www.…`) and e-mail addresses: found with memchr, not a regex,
/// since this runs over every byte of every text.
fn blank_urls(mask: &mut String) {
    let bytes = mask.as_bytes();
    let stops = |b: u8| b.is_ascii_whitespace() || matches!(b, b'<' | b'>' | b'"');
    let end_of = |from: usize| -> usize {
        let mut e = from;
        while e < bytes.len() && !stops(bytes[e]) && !starts_quote(&bytes[e..]) {
            e += 1;
        }
        // A sentence's full stop or comma after a URL is not part of it.
        while e > from && matches!(bytes[e - 1], b'.' | b',' | b';' | b':' | b')' | b'!' | b'?') {
            e -= 1;
        }
        e
    };
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for pat in [&b"://"[..], &b"www."[..]] {
        for i in memchr::memmem::find_iter(bytes, pat) {
            let mut s = i;
            if pat == b"://" {
                while s > 0 && bytes[s - 1].is_ascii_alphabetic() {
                    s -= 1;
                }
                if s == i {
                    continue;
                }
            } else if s > 0 && (bytes[s - 1].is_ascii_alphanumeric() || bytes[s - 1] == b'/') {
                continue;
            }
            ranges.push((s, end_of(i + pat.len())));
        }
    }
    for i in memchr::memchr_iter(b'@', bytes) {
        let is_part = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-');
        let mut s = i;
        while s > 0 && is_part(bytes[s - 1]) {
            s -= 1;
        }
        let mut e = i + 1;
        while e < bytes.len() && is_part(bytes[e]) {
            e += 1;
        }
        while e > i + 1 && bytes[e - 1] == b'.' {
            e -= 1;
        }
        if s < i && bytes[i + 1..e].contains(&b'.') {
            ranges.push((s, e));
        }
    }
    for (s, e) in ranges {
        if s < e {
            blank(mask, s, e);
        }
    }
}

/// Does a curly or angle quotation mark start here (it ends a URL)?
fn starts_quote(b: &[u8]) -> bool {
    b.starts_with("“".as_bytes()) || b.starts_with("”".as_bytes()) || b.starts_with("«".as_bytes()) || b.starts_with("»".as_bytes())
}

fn trim_block(mask: &str, b: &mut Block) {
    let slice = &mask[b.start..b.end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    b.start += lead;
    b.end = (b.end - trail).max(b.start);
}

/// A full stop, question or exclamation mark followed by a capitalised word, not after a title
/// or an initial (`Dr. Ben Carson`).
fn has_sentence_break(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.windows(2).any(|w| {
        let end = w[0].trim_end_matches(['”', '"', '’', '\'', ')']);
        let stop = end.ends_with(['.', '?', '!']);
        let abbrev = end.ends_with('.') && (end.len() <= 3 || ["Mrs.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt."].contains(&end));
        stop && !abbrev && w[1].starts_with(|c: char| c.is_uppercase() || matches!(c, '“' | '"' | '‘'))
    })
}

/// A short single line with no sentence-ending punctuation: a headline, title or subhead.
fn looks_like_heading(s: &str) -> bool {
    if s.contains('\n') {
        return false;
    }
    // More than 20 words is never a heading: stop counting there.
    let words = s.split_whitespace().take(21).count();
    if words > 20 {
        return false;
    }
    // Sentence breaks inside, or a quotation left open (a quote running on), mean prose.
    if [". ", "? ", "! ", ".” ", ".\" "].iter().any(|p| s.contains(p)) {
        return false;
    }
    let opens = s.matches(['“', '«', '„']).count();
    let closes = s.matches(['”', '»']).count();
    if opens != closes && s.matches('"').count() % 2 == 0 {
        return false;
    }
    let last = s.trim_end_matches(['”', '"', '»', '’', '\'', '“', ')']).chars().last();
    !matches!(last, Some('.' | '!' | '?' | ':' | ';' | ',' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_masks_code_and_front_matter() {
        let t = "---\ntitle: x\n---\n\n# Head\n\nSay `code` [link](http://x.y) <!-- c --> done.\n\n```\ncode block\n```\n";
        let p = Prose::new(t, Markup::Markdown);
        assert_eq!(p.mask.len(), t.len());
        assert!(!p.mask.contains("title"));
        assert!(!p.mask.contains("code"));
        assert!(!p.mask.contains("http"));
        assert!(p.mask.contains("link"));
        assert!(p.mask.contains("done."));
        assert!(p.mask.contains("Head"));
        assert_eq!(p.blocks.len(), 2);
        assert_eq!(p.blocks[0].kind, BlockKind::Heading);
    }

    #[test]
    fn plain_blocks_split_on_blank_lines() {
        let t = "Title line\n\nFirst paragraph, wrapped\nover two lines.\n\nSecond one.\n";
        let p = Prose::new(t, Markup::Plain);
        assert_eq!(p.blocks.len(), 3);
        assert_eq!(&t[p.blocks[1].start..p.blocks[1].end], "First paragraph, wrapped\nover two lines.");
        assert_eq!(p.blocks[0].kind, BlockKind::Heading);
    }

    #[test]
    fn multibyte_blanking_keeps_length() {
        let t = "Привет `кот` «мир».";
        let p = Prose::new(t, Markup::Markdown);
        assert_eq!(p.mask.len(), t.len());
        assert!(p.mask.contains("«мир»"));
    }
}
