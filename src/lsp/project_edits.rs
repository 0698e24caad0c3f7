//! Workspace edits to the project's files, for code actions: disabling a rule for a line in
//! the story, adding a name to the project glossary (`copydesk-glossary.toml`) and accepting a
//! name in `copydesk.toml`'s `[naming.prefer]`. Reads files (call from a blocking thread);
//! never writes them: the editor applies the edits.

use super::convert::Conv;
use super::state::Snapshot;
use crate::document::{Encoding, LineIndex};
use crate::finding::Rule;
use crate::project::{CONFIG_NAME, PROJECT_GLOSSARY};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::*;

pub fn single_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit { changes: Some(changes), ..Default::default() }
}

/// `Disable RULE for this line`: `<!-- copydesk-disable-next-line RULE -->` on its own line
/// above the diagnostic's first line, with that line's indent and line ending. In Markdown, a
/// line that continues a paragraph gets `<!-- copydesk-disable-line RULE -->` at its end
/// instead: a comment line inside a paragraph would split it in two (and change the analysis).
pub fn disable_line(uri: &Uri, snap: &Snapshot, conv: &Conv, rule: Rule, diagnostic: &Diagnostic) -> CodeAction {
    let text = snap.text.as_str();
    let line = diagnostic.range.start.line as usize;
    let start = snap.lines.line_start(line).unwrap_or(text.len());
    let end = snap.lines.line_end(text, line.min(snap.lines.line_count() - 1));
    let continues_paragraph = snap.markup == crate::Markup::Markdown && line > 0 && {
        let prev_start = snap.lines.line_start(line - 1).unwrap_or(0);
        let prev = &text[prev_start..snap.lines.line_end(text, line - 1)];
        let t = prev.trim();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with("<!--") && !t.ends_with("-->") && !t.starts_with("```")
    };
    let edit = if continues_paragraph {
        let at = conv.pos(end);
        TextEdit { range: Range { start: at, end: at }, new_text: format!(" <!-- copydesk-disable-line {} -->", rule.id()) }
    } else {
        let indent: String = text[start..end].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let eol = if text[end..].starts_with("\r\n") || (!text[end..].starts_with('\n') && text.contains("\r\n")) { "\r\n" } else { "\n" };
        let at = conv.pos(start);
        TextEdit {
            range: Range { start: at, end: at },
            new_text: format!("{}<!-- copydesk-disable-next-line {} -->{}", indent, rule.id(), eol),
        }
    };
    CodeAction {
        title: format!("Disable {} for this line", rule.id()),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(single_edit(uri, vec![edit])),
        ..Default::default()
    }
}

/// The folder whose `copydesk.toml` governs a document: that of the nearest `copydesk.toml`,
/// else the workspace folder holding the document, else the document's folder.
pub fn project_dir(uri: &Uri, roots: &[PathBuf]) -> Option<PathBuf> {
    match uri.to_file_path().map(|p| p.into_owned()) {
        Some(doc) => match crate::project::find_config(&doc) {
            Some(c) => c.parent().map(Path::to_path_buf),
            None => roots
                .iter()
                .filter(|r| doc.starts_with(r))
                .max_by_key(|r| r.as_os_str().len())
                .cloned()
                .or_else(|| doc.parent().map(Path::to_path_buf)),
        },
        None => roots
            .iter()
            .find_map(|r| crate::project::find_config(r).and_then(|c| c.parent().map(Path::to_path_buf)))
            .or_else(|| roots.first().cloned()),
    }
}

fn toml_string(s: &str) -> String {
    // A JSON string literal is a valid TOML basic string.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn end_position(text: &str, enc: Encoding) -> Position {
    Conv { text, lines: &LineIndex::new(text), enc }.pos(text.len())
}

fn create(uri: &Uri) -> DocumentChangeOperation {
    DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
        uri: uri.clone(),
        options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
        annotation_id: None,
    }))
}

fn insert(uri: &Uri, at: Position, text: String) -> DocumentChangeOperation {
    DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: None },
        edits: vec![OneOf::Left(TextEdit { range: Range { start: at, end: at }, new_text: text })],
    })
}

/// A workspace edit of files that may not exist yet: each is created first when missing (the
/// client must support `create` resource operations), then edited.
fn file_edits(files: Vec<(PathBuf, bool, Position, String)>, can_create: bool) -> Option<WorkspaceEdit> {
    if can_create {
        let mut ops = Vec::new();
        for (path, exists, at, text) in files {
            let uri = Uri::from_file_path(&path)?;
            if !exists {
                ops.push(create(&uri));
            }
            ops.push(insert(&uri, at, text));
        }
        Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() })
    } else {
        if files.iter().any(|f| !f.1) {
            return None;
        }
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for (path, _, at, text) in files {
            changes.entry(Uri::from_file_path(&path)?).or_default().push(TextEdit { range: Range { start: at, end: at }, new_text: text });
        }
        Some(WorkspaceEdit { changes: Some(changes), ..Default::default() })
    }
}

/// `Add “X” to the project glossary as a name of ENTITY`: for a selection that looks like a
/// name (one line, not all lower case, not already a glossary name), the entity named nearest to it in the same paragraph gets it as an
/// alias in `copydesk-glossary.toml` beside the project's `copydesk.toml` (the core reads that
/// file without being told; a new `copydesk.toml` lists it all the same).
pub fn add_alias(uri: &Uri, snap: &Snapshot, conv: &Conv, range: Range, roots: &[PathBuf], can_create: bool) -> Option<CodeAction> {
    let (s, e) = (conv.offset(range.start), conv.offset(range.end));
    if s >= e || e - s > 100 {
        return None;
    }
    let raw = &snap.text[s..e];
    let selected = raw.trim().trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '“' | '”' | '"' | '‘' | '’' | '(' | ')'));
    if selected.is_empty() || selected.contains(['\n', '\r']) || !selected.chars().any(char::is_alphabetic) {
        return None;
    }
    // A name: not all lower case (scripts without case, such as CJK, pass).
    if selected.chars().any(char::is_lowercase) && !selected.chars().any(char::is_uppercase) {
        return None;
    }
    if snap.cfg.glossary.lookup(selected).is_some() {
        return None;
    }
    let analysis = crate::analyze(&snap.text, snap.markup, &snap.cfg);
    let block = analysis.prose.blocks[analysis.prose.block_at(s)?];
    let distance = |m: &crate::names::Mention| if m.end <= s { s - m.end } else { m.start.saturating_sub(e) };
    let nearest = analysis
        .names
        .mentions
        .iter()
        .filter(|m| m.start >= block.start && m.end <= block.end && (m.end <= s || m.start >= e))
        .min_by_key(|m| distance(m))?;
    let entity = &snap.cfg.glossary.entities[nearest.entity];
    let dir = project_dir(uri, roots)?;
    let glossary = dir.join(PROJECT_GLOSSARY);
    let config = dir.join(CONFIG_NAME);
    let existing = std::fs::read_to_string(&glossary).ok();
    let old = existing.clone().unwrap_or_default();
    let sep = if old.is_empty() {
        ""
    } else if old.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let entry = format!("{}[[entity]]\nid = {}\naliases = [{}]\n", sep, toml_string(&entity.id), toml_string(selected));
    let mut files = vec![(glossary.clone(), existing.is_some(), end_position(&old, conv.enc), entry)];
    if !config.exists() {
        files.push((
            config,
            false,
            Position { line: 0, character: 0 },
            format!("# copydesk configuration (see copydesk's README)\n\n[glossary]\nfiles = [{}]\n", toml_string(PROJECT_GLOSSARY)),
        ));
    }
    Some(CodeAction {
        title: format!("Add “{}” to the project glossary as a name of {}", selected, entity.preferred),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(file_edits(files, can_create)?),
        ..Default::default()
    })
}

/// `Accept “ISIL” in this project (add to copydesk.toml [naming.prefer])`, on an
/// inconsistent-name finding: the project then prefers this name for the entity. Offered when
/// the edit is safe: no `copydesk.toml` yet, or one whose `[naming.prefer]` table is a plain
/// section header (or absent) and does not name the entity already.
pub fn accept_name(
    uri: &Uri,
    snap: &Snapshot,
    finding: &crate::Finding,
    diagnostic: &Diagnostic,
    roots: &[PathBuf],
    can_create: bool,
    enc: Encoding,
) -> Option<CodeAction> {
    let name = snap.text.get(finding.start..finding.end)?.trim();
    let (_, entity) = snap.cfg.glossary.lookup(name)?;
    let dir = project_dir(uri, roots)?;
    let config = dir.join(CONFIG_NAME);
    let line = format!("{} = {}\n", toml_string(&entity.id), toml_string(name));
    let file = match std::fs::read_to_string(&config) {
        Err(_) => (config, false, Position { line: 0, character: 0 }, format!("[naming.prefer]\n{}", line)),
        Ok(text) => {
            let parsed = crate::config::ConfigFile::parse(&text, CONFIG_NAME).ok()?;
            let names_it = parsed.naming.prefer.keys().any(|k| snap.cfg.glossary.lookup(k).is_some_and(|(_, e)| e.id == entity.id));
            if names_it {
                return None;
            }
            let lines = LineIndex::new(&text);
            let header = (0..lines.line_count()).find(|&l| {
                let s = lines.line_start(l).unwrap_or(0);
                text[s..lines.line_end(&text, l)].trim() == "[naming.prefer]"
            });
            match header {
                Some(l) => {
                    let at = lines.line_start(l + 1).unwrap_or(text.len());
                    let p = Conv { text: &text, lines: &lines, enc }.pos(at);
                    let lead = if at == text.len() && !text.ends_with('\n') { "\n" } else { "" };
                    (config, true, p, format!("{}{}", lead, line))
                }
                None if !text.contains("prefer") => {
                    let sep = if text.is_empty() {
                        ""
                    } else if text.ends_with('\n') {
                        "\n"
                    } else {
                        "\n\n"
                    };
                    (config, true, end_position(&text, enc), format!("{}[naming.prefer]\n{}", sep, line))
                }
                None => return None,
            }
        }
    };
    Some(CodeAction {
        title: format!("Accept “{}” in this project (add to copydesk.toml [naming.prefer])", name),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(file_edits(vec![file], can_create)?),
        ..Default::default()
    })
}
