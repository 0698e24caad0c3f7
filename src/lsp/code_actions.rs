//! `textDocument/codeAction`: a quick fix per fix of each finding under the cursor (the core's
//! titles and edits), `Fix all naming in this document` (`source.fixAll.copydesk`, and as a
//! quick fix when there are two or more fixable findings), `Disable RULE for this line`,
//! `Accept “X” in this project` for a naming finding, and `Add “X” to the project glossary`
//! for a selection.

use super::convert::{touches, Conv};
use super::project_edits::{accept_name, add_alias, disable_line, single_edit};
use super::state::{blocking, Backend, Snapshot, FIX_ALL_KIND};
use crate::document::Encoding;
use crate::finding::Rule;
use std::path::PathBuf;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn code_action(b: Backend, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    let Some(snap) = b.snapshot(&uri).await? else { return Ok(None) };
    let (enc, roots, can_create) = {
        let s = b.state();
        (s.enc, s.roots.clone(), s.caps.create_files)
    };
    blocking(move || Some(actions(&uri, &snap, enc, &params, &roots, can_create)))
        .await
        .map_err(|e| Error { message: format!("code actions failed: {}", e).into(), ..Error::internal_error() })
}

/// Is `kind` asked for by `only` (a kind matches itself and its sub-kinds: `source` and
/// `source.fixAll` both ask for `source.fixAll.copydesk`)?
pub fn wants(only: &Option<Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k || (kind.starts_with(k) && kind.as_bytes().get(k.len()) == Some(&b'.'))
        }),
    }
}

/// The fix-all edit of a snapshot (`copydesk::fix_all`: the first fix of every finding,
/// acronyms spelled out before renaming, never inside a quotation, no overlaps).
pub fn fix_all_edits(snap: &Snapshot, enc: Encoding) -> Vec<TextEdit> {
    let (_, applied) = crate::fix_all(&snap.text, &snap.findings);
    let conv = snap.conv(enc);
    applied.iter().map(|e| conv.edit(e)).collect()
}

pub fn actions(
    uri: &Uri,
    snap: &Snapshot,
    enc: Encoding,
    params: &CodeActionParams,
    roots: &[PathBuf],
    can_create: bool,
) -> CodeActionResponse {
    let conv: Conv = snap.conv(enc);
    let only = &params.context.only;
    let quickfix = wants(only, CodeActionKind::QUICKFIX.as_str());
    let mut out: CodeActionResponse = Vec::new();
    let here: Vec<(&crate::Finding, Diagnostic)> =
        snap.findings.iter().map(|f| (f, conv.diagnostic(uri, f))).filter(|(_, d)| touches(&d.range, &params.range)).collect();
    if quickfix {
        for (f, d) in &here {
            for (i, fix) in f.fixes.iter().enumerate() {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(single_edit(uri, fix.edits.iter().map(|e| conv.edit(e)).collect())),
                    is_preferred: Some(i == 0),
                    ..Default::default()
                }));
            }
        }
    }
    let fixable = snap.findings.iter().filter(|f| !f.fixes.is_empty()).count();
    let wants_source = wants(only, FIX_ALL_KIND);
    let wants_quick_all = quickfix && fixable >= 2 && here.iter().any(|(f, _)| !f.fixes.is_empty());
    if wants_source || wants_quick_all {
        let edits = fix_all_edits(snap, enc);
        if !edits.is_empty() {
            if wants_source {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Fix all naming in this document".into(),
                    kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                    edit: Some(single_edit(uri, edits.clone())),
                    ..Default::default()
                }));
            }
            if wants_quick_all {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Fix all naming in this document ({} fixes)", edits.len()),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(here.iter().filter(|(f, _)| !f.fixes.is_empty()).map(|(_, d)| d.clone()).collect()),
                    edit: Some(single_edit(uri, edits)),
                    ..Default::default()
                }));
            }
        }
    }
    if quickfix {
        let mut accepted: Vec<String> = Vec::new();
        for (f, d) in &here {
            if f.rule != Rule::InconsistentName {
                continue;
            }
            let name = snap.text[f.start..f.end].to_string();
            if accepted.contains(&name) {
                continue;
            }
            if let Some(a) = accept_name(uri, snap, f, d, roots, can_create, enc) {
                out.push(CodeActionOrCommand::CodeAction(a));
            }
            accepted.push(name);
        }
        let mut disabled: Vec<(u32, Rule)> = Vec::new();
        for (f, d) in &here {
            let key = (d.range.start.line, f.rule);
            if !disabled.contains(&key) {
                disabled.push(key);
                out.push(CodeActionOrCommand::CodeAction(disable_line(uri, snap, &conv, f.rule, d)));
            }
        }
        if let Some(a) = add_alias(uri, snap, &conv, params.range, roots, can_create) {
            out.push(CodeActionOrCommand::CodeAction(a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_themselves_and_their_parents() {
        let only = |k: &[&'static str]| Some(k.iter().map(|s| CodeActionKind::new(s)).collect::<Vec<_>>());
        assert!(wants(&None, "quickfix"));
        assert!(wants(&only(&["source.fixAll"]), FIX_ALL_KIND));
        assert!(wants(&only(&["source"]), FIX_ALL_KIND));
        assert!(!wants(&only(&["source.fixAll"]), "quickfix"));
        assert!(!wants(&only(&["source.fix"]), FIX_ALL_KIND));
        assert!(wants(&only(&["quickfix"]), "quickfix"));
    }
}
