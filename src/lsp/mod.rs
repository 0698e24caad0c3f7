//! The language server entry point; the server itself is in [`crate::server`].

pub use crate::server::run_stdio;
