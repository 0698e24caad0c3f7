//! The rule documentation in docs/rules.md is generated from the rules' doc comments (the same
//! text `copydesk explain` prints). Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use copydesk::Rule;

fn render() -> String {
    let mut s = String::from("# Rules\n\n<!-- Generated from the doc comments in src/rules/*.rs by `UPDATE_DOCS=1 cargo test --test docs`. Do not edit by hand. -->\n\n");
    for r in Rule::ALL {
        s.push_str(&format!("<a id=\"{}\"></a>\n\n", r.id()));
        s.push_str(&r.doc().replacen(&format!("# {}", r.id()), &format!("## {}", r.id()), 1).replace("\n## ", "\n### "));
        s.push('\n');
    }
    s
}

#[test]
fn rules_doc_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let want = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --test docs`");
}

#[test]
fn every_rule_doc_has_the_three_parts() {
    for r in Rule::ALL {
        let d = r.doc();
        assert!(d.starts_with(&format!("# {}\n", r.id())), "{}", r.id());
        assert!(d.contains("## Why an editor cares"), "{}", r.id());
        assert!(d.contains("## Example"), "{}", r.id());
        assert!(!r.summary().is_empty());
    }
}
