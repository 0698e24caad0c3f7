//! The `copydesk` program: the command line and, with `copydesk lsp`, the language server.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let code = copydesk::cli::run(copydesk::cli::Cli::parse());
    // Every status the program returns (0, 1, 2) fits in a byte.
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
