//! Inline switches, as Vale and markdownlint users expect:
//! `<!-- copydesk-disable [rule …] -->` … `<!-- copydesk-enable [rule …] -->`,
//! `<!-- copydesk-disable-next-line [rule …] -->` and `<!-- copydesk-disable-line [rule …] -->`.
//! Without rule names a switch covers every rule.

use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    /// (start, end, rules; empty = all rules)
    ranges: Vec<(usize, usize, Vec<String>)>,
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        // Most texts have no comment at all: skip building the expression for them.
        if memchr::memmem::find(text.as_bytes(), b"copydesk-").is_none() {
            return Suppressions { ranges: Vec::new() };
        }
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(r"<!--\s*copydesk-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->").unwrap());
        let mut ranges = Vec::new();
        // open regions: rule list (empty = all) -> start
        let mut open: Vec<(usize, Vec<String>)> = Vec::new();
        for c in re.captures_iter(text) {
            let m = c.get(0).unwrap();
            let rules: Vec<String> = c[2].split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()).map(str::to_string).collect();
            let line_start = text[..m.start()].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line_end = text[m.end()..].find('\n').map(|i| m.end() + i).unwrap_or(text.len());
            match &c[1] {
                "disable-next-line" => {
                    let next_start = (line_end + 1).min(text.len());
                    let next_end = text[next_start..].find('\n').map(|i| next_start + i).unwrap_or(text.len());
                    ranges.push((next_start, next_end, rules));
                }
                "disable-line" => ranges.push((line_start, line_end, rules)),
                "disable" => open.push((m.end(), rules)),
                _ => {
                    // enable: closes the matching open regions (all of them when no rule named)
                    let mut keep = Vec::new();
                    for (start, r) in open.drain(..) {
                        if rules.is_empty() || r == rules || (!r.is_empty() && r.iter().all(|x| rules.contains(x))) {
                            ranges.push((start, m.start(), r));
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
        Suppressions { ranges }
    }

    /// Is `rule` switched off at byte `offset`?
    pub fn is_suppressed(&self, rule: &str, offset: usize) -> bool {
        self.ranges.iter().any(|(s, e, r)| *s <= offset && offset <= *e && (r.is_empty() || r.iter().any(|x| x == rule)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
