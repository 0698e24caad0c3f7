//! Inline switches, as Vale and markdownlint users expect:
//! `<!-- copydesk-disable [rule …] -->` … `<!-- copydesk-enable [rule …] -->`,
//! `<!-- copydesk-disable-next-line [rule …] -->` and `<!-- copydesk-disable-line [rule …] -->`.
//! Without rule names a switch covers every rule.

#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    /// (start, end, rules; empty = all rules)
    ranges: Vec<(usize, usize, Vec<String>)>,
    /// For each rule (in the order of `Rule::ALL`): the byte ranges where it is off, sorted,
    /// merged and disjoint, so that a finding is looked up by binary search (a scan of every
    /// switch for every finding made a story of many switches quadratic).
    by_rule: Vec<(&'static str, Vec<(usize, usize)>)>,
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        // Most texts have no switch at all.
        if memchr::memmem::find(text.as_bytes(), b"copydesk-").is_none() {
            return Suppressions::default();
        }
        let mut ranges = Vec::new();
        // open regions: rule list (empty = all) -> start
        let mut open: Vec<(usize, Vec<String>)> = Vec::new();
        // The line around the previous switch: a line of many switches is scanned once.
        let (mut scanned, mut line_start, mut line_end) = (0, 0, 0);
        for sw in switches(text) {
            let rules: Vec<String> = sw.args.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()).map(str::to_string).collect();
            line_start = memchr::memrchr(b'\n', &text.as_bytes()[scanned..sw.start]).map_or(line_start, |i| scanned + i + 1);
            scanned = sw.start;
            if sw.end > line_end || text.as_bytes()[sw.start..sw.end].contains(&b'\n') || line_start > line_end {
                line_end = memchr::memchr(b'\n', &text.as_bytes()[sw.end..]).map_or(text.len(), |i| sw.end + i);
            }
            match sw.kind {
                "disable-next-line" => {
                    let next_start = (line_end + 1).min(text.len());
                    let next_end = text[next_start..].find('\n').map(|i| next_start + i).unwrap_or(text.len());
                    ranges.push((next_start, next_end, rules));
                }
                "disable-line" => ranges.push((line_start, line_end, rules)),
                "disable" => open.push((sw.end, rules)),
                _ => {
                    // enable: closes the matching open regions (all of them when no rule named)
                    let mut keep = Vec::new();
                    for (start, r) in open.drain(..) {
                        if rules.is_empty() || r == rules || (!r.is_empty() && r.iter().all(|x| rules.contains(x))) {
                            ranges.push((start, sw.start, r));
                        } else {
                            keep.push((start, r));
                        }
                    }
                    open = keep;
                }
            }
        }
        for (start, r) in open {
            ranges.push((start, text.len(), r));
        }
        let by_rule = crate::finding::Rule::ALL
            .iter()
            .map(|rule| {
                let id = rule.id();
                let mut spans: Vec<(usize, usize)> =
                    ranges.iter().filter(|(_, _, r)| r.is_empty() || r.iter().any(|x| x == id)).map(|&(s, e, _)| (s, e)).collect();
                spans.sort_unstable();
                let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
                for (s, e) in spans {
                    match merged.last_mut() {
                        Some(last) if s <= last.1 => last.1 = last.1.max(e),
                        _ => merged.push((s, e)),
                    }
                }
                (id, merged)
            })
            .collect();
        Suppressions { ranges, by_rule }
    }

    /// Is `rule` switched off at byte `offset`?
    pub fn is_suppressed(&self, rule: &str, offset: usize) -> bool {
        match self.by_rule.iter().find(|(id, _)| *id == rule) {
            Some((_, spans)) => {
                let k = spans.partition_point(|&(s, _)| s <= offset);
                k > 0 && spans[k - 1].1 >= offset
            }
            None => self.ranges.iter().any(|(s, e, r)| *s <= offset && offset <= *e && (r.is_empty() || r.iter().any(|x| x == rule))),
        }
    }
}

/// One switch comment: `<!--` and white space, `copydesk-`, its kind, its rules, `-->`.
struct Switch<'t> {
    start: usize,
    end: usize,
    kind: &'static str,
    args: &'t str,
}

/// The switches of `text`, in order: what the expression
/// `<!--\s*copydesk-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->` finds, by a
/// scan that reads each byte a bounded number of times (the expression's captures, found by
/// backtracking from every `<!--`, made a story of many switches quadratic).
fn switches(text: &str) -> Vec<Switch<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The first `>` at or after the current position, found again only once passed.
    let mut gt: Option<usize> = None;
    let mut done_to = 0;
    for s in memchr::memmem::find_iter(bytes, b"<!--") {
        if s < done_to {
            continue;
        }
        let rest = &text[s + 4..];
        let Some(body) = rest.trim_start().strip_prefix("copydesk-") else { continue };
        let Some((kind, after)) = ["disable-next-line", "disable-line", "disable", "enable"].iter().find_map(|k| {
            let after = body.strip_prefix(k)?;
            (!after.starts_with(|c: char| c.is_alphanumeric() || c == '_')).then_some((*k, after))
        }) else {
            continue;
        };
        let from = text.len() - after.len();
        if gt.is_none_or(|g| g < from) {
            gt = memchr::memchr(b'>', &bytes[from..]).map(|i| from + i);
        }
        let Some(g) = gt else { break }; // no `>` anywhere after: no switch either
        if g < from + 2 || &bytes[g - 2..g] != b"--" {
            continue;
        }
        out.push(Switch { start: s, end: g + 1, kind, args: &text[from..g - 2] });
        done_to = g + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_finds_what_the_expression_found() {
        // Every text of up to four pieces from these: the same switches, kinds and rules as
        // the regular expression the scan replaced.
        let re = regex::Regex::new(r"<!--\s*copydesk-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->").unwrap();
        let pieces = [
            "<!--",
            " ",
            "\u{a0}",
            "copydesk-",
            "disable",
            "-next-line",
            "-line",
            "enable",
            "x",
            "_",
            " a,b",
            ">",
            "-->",
            "--",
            "-",
            "\n",
            "é",
            "<!-- copydesk-disable -->",
        ];
        let n = pieces.len();
        for code in 0..n.pow(4) {
            let mut t = String::new();
            let mut c = code;
            for _ in 0..4 {
                t.push_str(pieces[c % n]);
                c /= n;
            }
            let want: Vec<(usize, usize, &str, &str)> = re
                .captures_iter(&t)
                .map(|c| {
                    let m = c.get(0).unwrap();
                    (m.start(), m.end(), c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str())
                })
                .collect();
            let got: Vec<(usize, usize, &str, &str)> = switches(&t).iter().map(|s| (s.start, s.end, s.kind, s.args)).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn regions_and_lines() {
        let t = "alpha\n<!-- copydesk-disable unattributed-quote -->\nbravo\n<!-- copydesk-enable -->\ncharlie\n<!-- copydesk-disable-next-line -->\ndelta\necho";
        let s = Suppressions::parse(t);
        let at = |x: &str| t.find(x).unwrap();
        assert!(!s.is_suppressed("unattributed-quote", at("alpha")));
        assert!(s.is_suppressed("unattributed-quote", at("bravo")));
        assert!(!s.is_suppressed("inconsistent-name", at("bravo")));
        assert!(!s.is_suppressed("unattributed-quote", at("charlie")));
        assert!(s.is_suppressed("inconsistent-name", at("delta")));
        assert!(!s.is_suppressed("inconsistent-name", at("echo")));
    }
}
