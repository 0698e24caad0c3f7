//! Removing a quotation's attribution from an article, repairing the sentence so it still
//! reads as one.
//!
//! - Attribution in the quotation's own sentence, after it: everything from the closing mark to
//!   the sentence's final punctuation goes, and the quote's trailing comma becomes that
//!   punctuation: `“…,” Pushkov said on Tuesday.` → `“….”`; up to a following quotation when
//!   the sentence goes on with one: `“…,” he said, “…”` → `“…” “…”`.
//! - Attribution in its own sentence, before it: everything from the sentence start (or the
//!   previous quotation) to the opening mark goes: `Pushkov said: “…”` → `“…”`,
//!   `According to X, “…”` → `“…”`, `He noted that “…”` → `“…”`.
//! - Attribution in another sentence: that sentence goes whole when it holds no quotation (the
//!   paragraph too, when it was its only sentence); otherwise only the annotated words go, with
//!   a dangling comma.
//!
//! Offsets of the quotation in the new text are recomputed from the edits.

use crate::corpus::Range;
use crate::geometry::{containing, sentences, word_count, Q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub new_text: String,
}

pub struct Repaired {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub edits: Vec<Edit>,
}

fn edit(start: usize, end: usize, new_text: &str) -> Edit {
    Edit { start, end, new_text: new_text.to_string() }
}

/// Position of the last content character if it is a comma, dash, semicolon or colon (a
/// clause break that the removed attribution used to follow).
/// A nested quotation's closing marks may follow it: `… is important,’ ”`.
fn trailing_break(text: &str, q: &Q) -> Option<(usize, char)> {
    let content = text[q.content_start..q.content_end].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '’' | '\'' | '”'));
    let c = content.chars().next_back()?;
    matches!(c, ',' | ';' | ':' | '-' | '–' | '—').then(|| (q.content_start + content.len() - c.len_utf8(), c))
}

fn first_non_space(text: &str, from: usize, to: usize) -> usize {
    from + (text[from..to].len() - text[from..to].trim_start().len())
}

/// Removes the ranges `remove` (the Source and Cue spans of the quotation `tops[qi]`) from
/// `text` whose paragraphs are `blocks`.
pub fn remove_attribution(text: &str, blocks: &[Range], tops: &[Q], qi: usize, remove: &[Range]) -> Repaired {
    let q = tops[qi];
    // Clip out the quotation itself, merge ranges that only white space separates.
    let mut ranges: Vec<Range> = Vec::new();
    for &(s, e) in remove {
        if s < q.start {
            ranges.push((s, e.min(q.start)));
        }
        if e > q.end {
            ranges.push((s.max(q.end), e));
        }
    }
    ranges.retain(|r| r.0 < r.1 && !text[r.0..r.1].trim().is_empty());
    ranges.sort_unstable();
    let mut merged: Vec<Range> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 || (text[last.1..r.0].trim().is_empty() && !text[last.1..r.0].contains('\n')) => {
                last.1 = last.1.max(r.1)
            }
            _ => merged.push(r),
        }
    }

    let block_of = |at: usize| blocks.iter().position(|&(s, e)| s <= at && at < e.max(s + 1));
    // Group the ranges by sentence.
    let mut groups: Vec<(usize, Range, Vec<Range>)> = Vec::new(); // (block, sentence, ranges)
    let qb = block_of(q.start).unwrap_or(0);
    let qsents = sentences(text, blocks.get(qb).copied().unwrap_or((0, text.len())), tops);
    let qsent = qsents[containing(&qsents, q.start).unwrap_or(0)];
    groups.push((qb, qsent, Vec::new()));
    for r in merged {
        let Some(bi) = block_of(r.0).or_else(|| block_of(r.1.saturating_sub(1))) else { continue };
        let bs = sentences(text, blocks[bi], tops);
        let mut sent = bs[containing(&bs, r.0).unwrap_or(0)];
        // A range running from the previous sentence into the quotation's (`Sen.` read as an
        // end) belongs to the quotation's sentence.
        if bi == qb && r.0 < qsent.0 && r.1 > qsent.0 && r.1 <= q.start {
            sent = qsent;
        }
        match groups.iter_mut().find(|g| g.1 == sent) {
            Some(g) => g.2.push(r),
            None => groups.push((bi, sent, vec![r])),
        }
    }

    let mut edits: Vec<Edit> = Vec::new();
    for (gi, (bi, sent, rs)) in groups.iter().enumerate() {
        if rs.is_empty() {
            continue;
        }
        let anchor = if gi == 0 {
            Some(q)
        } else {
            // The quotation of that sentence nearest the attribution.
            let first = rs[0];
            tops.iter()
                .filter(|p| p.start < sent.1 && p.end > sent.0)
                .min_by_key(|p| if first.0 >= p.end { first.0 - p.end } else { p.start.saturating_sub(first.1) })
                .copied()
        };
        match anchor {
            Some(p) => {
                let leftover = around(text, tops, &p, *sent, rs, &mut edits);
                for r in leftover {
                    words_only(text, blocks[*bi], r, &mut edits);
                }
            }
            None => whole_sentence(text, blocks, *bi, *sent, tops, &mut edits),
        }
    }

    edits.sort_by_key(|e| (e.start, e.end));
    // Drop any overlap (keep the first), and anything touching the quotation but its own
    // trailing comma.
    let mut clean: Vec<Edit> = Vec::new();
    for e in edits {
        if clean.last().is_some_and(|l| e.start < l.end) {
            continue;
        }
        let inside = e.start < q.end && q.start < e.end;
        let own_break = trailing_break(text, &q).is_some_and(|(at, _)| e.start == at && e.end <= q.content_end);
        if inside && !own_break {
            continue;
        }
        clean.push(e);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in &clean {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.new_text);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    let map = |o: usize| -> usize {
        let mut delta: isize = 0;
        for e in &clean {
            if e.end <= o {
                delta += e.new_text.len() as isize - (e.end - e.start) as isize;
            }
        }
        (o as isize + delta) as usize
    };
    Repaired { start: map(q.start), end: map(q.end), text: out, edits: clean }
}

/// Removes the attribution `rs` around the quotation `q` of the sentence `sent`: before it, from
/// the sentence start (or a previous quotation) to the opening mark; after it, from the closing
/// mark to the sentence's final punctuation (or a next quotation). Returns the ranges it could
/// not place that way.
fn around(text: &str, tops: &[Q], q: &Q, sent: Range, rs: &[Range], edits: &mut Vec<Edit>) -> Vec<Range> {
    let (ss, se) = sent;
    let before: Vec<Range> = rs.iter().copied().filter(|r| r.1 <= q.start).collect();
    let after: Vec<Range> = rs.iter().copied().filter(|r| r.0 >= q.end).collect();
    let mut leftover: Vec<Range> = rs.iter().copied().filter(|r| r.1 > q.start && r.0 < q.end).collect();

    if let Some(first) = before.iter().map(|r| r.0).min() {
        let lead = first.min(ss);
        // `“A,” he said, “B”` seen from B: join the two quotations when only the attribution
        // (and a word or two) stands between them.
        let prev = tops.iter().filter(|p| p.end <= first && p.start >= lead).max_by_key(|p| p.end);
        match prev {
            Some(p) if word_count(&text[p.end..first]) <= 2 => {
                edits.push(edit(p.end, q.start, " "));
                if let Some((at, c)) = trailing_break(text, p) {
                    edits.push(edit(at, at + c.len_utf8(), ""));
                }
            }
            _ => {
                let from = first_non_space(text, lead, q.start);
                edits.push(edit(from, q.start, ""));
            }
        }
    }

    if !after.is_empty() && !q.closed {
        leftover.extend(after);
    } else if let Some(last) = after.iter().map(|r| r.1).max() {
        let tail = last.max(se);
        let next = tops.iter().filter(|p| p.start >= q.end && p.start < tail).min_by_key(|p| p.start);
        match next {
            Some(n) if n.start >= last && word_count(&text[last..n.start]) <= 2 => {
                if !edits.iter().any(|e| e.start == q.end && e.end == n.start) {
                    edits.push(edit(q.end, n.start, " "));
                }
                if let Some((at, c)) = trailing_break(text, q) {
                    edits.push(edit(at, at + c.len_utf8(), ""));
                }
            }
            _ => {
                // To the sentence's final punctuation.
                let sent_text = text[q.end..tail].trim_end();
                let body = sent_text.trim_end_matches([')', ']', '”', '’', '"']);
                let term = body.chars().next_back().filter(|c| matches!(c, '.' | '!' | '?' | '…'));
                let sent_end = q.end + sent_text.len();
                let last_char = text[q.content_start..q.content_end].trim_end().chars().next_back();
                match (term, trailing_break(text, q)) {
                    (Some(t), Some((at, c))) => {
                        edits.push(edit(at, at + c.len_utf8(), &t.to_string()));
                        edits.push(edit(q.end, sent_end, ""));
                    }
                    (Some(t), None) => {
                        if last_char.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…')) {
                            edits.push(edit(q.end, sent_end, ""));
                        } else {
                            edits.push(edit(q.end, q.end + body.len() - t.len_utf8(), ""));
                        }
                    }
                    (None, brk) => {
                        if let Some((at, c)) = brk {
                            edits.push(edit(at, at + c.len_utf8(), "."));
                        }
                        edits.push(edit(q.end, sent_end, ""));
                    }
                }
            }
        }
    }
    leftover
}

/// Deletes a sentence that holds no quotation (the paragraph, when it is its only sentence).
fn whole_sentence(text: &str, blocks: &[Range], bi: usize, sent: Range, tops: &[Q], edits: &mut Vec<Edit>) {
    let b = blocks[bi];
    let bs = sentences(text, b, tops);
    let si = bs.iter().position(|&s| s == sent).unwrap_or(0);
    let (s0, s1) = sent;
    let e = if bs.len() == 1 {
        // the whole paragraph, with the blank line after it (or before it, at the end)
        match blocks.get(bi + 1) {
            Some(n) => edit(b.0, n.0, ""),
            None if bi > 0 => edit(blocks[bi - 1].1, b.1, ""),
            None => edit(b.0, b.1, ""),
        }
    } else if si + 1 < bs.len() {
        edit(first_non_space(text, s0, s1), first_non_space(text, s1, bs[si + 1].1), "")
    } else {
        let prev_end = bs[si - 1].0 + text[bs[si - 1].0..bs[si - 1].1].trim_end().len();
        edit(prev_end, s0 + text[s0..s1].trim_end().len(), "")
    };
    edits.push(e);
}

/// Deletes the words of `r` alone, with a space or a comma left dangling.
fn words_only(text: &str, b: Range, r: Range, edits: &mut Vec<Edit>) {
    let (mut a, mut z) = r;
    let before = &text[..a];
    let after = &text[z..];
    if (before.ends_with(' ') || a == b.0) && after.starts_with(' ') {
        z += after.len() - after.trim_start_matches(' ').len();
    }
    let after = &text[z..];
    let bt = text[b.0..a].trim_end();
    if after.starts_with(',') && (bt.ends_with(',') || bt.ends_with('(') || bt.is_empty() || bt.ends_with(['.', '!', '?'])) {
        z += 1;
        z += text[z..].len() - text[z..].trim_start_matches(' ').len();
    } else if after.starts_with(['.', ',', ';', ':']) && before.ends_with(' ') {
        a -= 1; // `X said .` → `X.`
    }
    edits.push(edit(a, z, ""));
}
