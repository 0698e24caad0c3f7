//! The `copydesk` program: the command line and, with `copydesk lsp`, the language server.
//!
//! It starts at the C `main`, not at Rust's `fn main`. Rust's start-up code would find the main
//! thread's stack by reading and parsing `/proc/self/maps` (for a friendlier message on a
//! stack overflow), and that was 0.1–0.2 ms of the 2 ms a `copydesk check` of one story takes,
//! run again for every file an editor or a CI job checks. What the program needs of that
//! start-up it does here: a write to a closed pipe is an error to handle, not a signal that
//! ends the program; a panic that escapes ends it with code 101. A stack overflow still stops
//! the program (the kernel's guard page), only without Rust's message.
//!
//! It ends with `_exit` once standard output is flushed. By then every value of the program has
//! been dropped (files written, the server's runtime shut down), and what the C library's
//! `exit` would still do (run its exit handlers and the shared libraries' finalisers, touching
//! their cold pages) took another 0.15 ms, for nothing this program needs.
// (A test build of this file keeps the test harness's own `main`.)
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
use clap::Parser;

#[cfg(not(test))]
#[no_mangle]
extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    #[cfg(unix)]
    // SAFETY: sets a signal's disposition to "ignore", before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let code = std::panic::catch_unwind(|| copydesk::cli::run(copydesk::cli::Cli::parse())).unwrap_or(101);
    let _ = std::io::Write::flush(&mut std::io::stdout());
    #[cfg(unix)]
    // SAFETY: ends the process; nothing of the program is left to drop or flush.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}
