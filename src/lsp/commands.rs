//! `workspace/executeCommand`:
//! - `copydesk.fixAll` `[uri]` (or `[{"uri": …}]`): sends the fix-all edit to the editor with
//!   `workspace/applyEdit`; answers `{"applied": bool, "edits": n}`;
//! - `copydesk.glossaryEntry` `[name]` (optionally `[name, uri]` to use that document's project
//!   glossary): the entry's card as Markdown, or null for a name the glossary does not know.

use super::code_actions::fix_all_edits;
use super::project_edits::single_edit;
use super::state::{Backend, LogLevel, CMD_FIX_ALL, CMD_GLOSSARY};
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

fn uri_arg(v: Option<&Value>) -> Option<Uri> {
    let v = v?;
    let s = v.as_str().or_else(|| v.get("uri").and_then(Value::as_str))?;
    s.parse::<Uri>().ok()
}

pub async fn execute(b: Backend, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    match params.command.as_str() {
        CMD_FIX_ALL => {
            let uri = uri_arg(params.arguments.first())
                .ok_or_else(|| Error::invalid_params("copydesk.fixAll takes the document's URI: [\"file:///…\"]"))?;
            let Some(snap) = b.snapshot(&uri).await? else {
                return Err(Error::invalid_params(format!("{} is not open (or not in a checked language)", uri.as_str())));
            };
            let enc = b.enc();
            let edits = fix_all_edits(&snap, enc);
            if edits.is_empty() {
                return Ok(Some(json!({"applied": false, "edits": 0})));
            }
            let n = edits.len();
            let edit = single_edit(&uri, edits);
            let applied = match b.client.apply_edit(edit).await {
                Ok(r) => {
                    if !r.applied {
                        let why = r.failure_reason.unwrap_or_default();
                        b.log(LogLevel::Info, format!("the editor did not apply the fix-all edit {}", why)).await;
                    }
                    r.applied
                }
                Err(e) => {
                    b.log(LogLevel::Warn, format!("workspace/applyEdit failed: {}", e)).await;
                    false
                }
            };
            Ok(Some(json!({"applied": applied, "edits": n})))
        }
        CMD_GLOSSARY => {
            let name = params
                .arguments
                .first()
                .and_then(Value::as_str)
                .ok_or_else(|| Error::invalid_params("copydesk.glossaryEntry takes a name: [\"ISIL\"]"))?;
            let cfg = match uri_arg(params.arguments.get(1)) {
                Some(uri) if b.state().docs.contains_key(&uri) => b.config_for(&uri).await,
                _ => {
                    let roots = b.state().roots.clone();
                    let path =
                        super::state::blocking(move || roots.iter().find_map(|r| crate::project::find_config(r))).await.ok().flatten();
                    b.config_at(path).await
                }
            };
            Ok(Some(match cfg.glossary.lookup(name) {
                Some((_, e)) => Value::String(crate::glossary::card(e, None)),
                None => Value::Null,
            }))
        }
        other => Err(Error::invalid_params(format!("unknown command `{}`; copydesk has {} and {}", other, CMD_FIX_ALL, CMD_GLOSSARY))),
    }
}
