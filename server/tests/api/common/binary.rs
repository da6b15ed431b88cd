//! The built server run as an operator runs it: a clean environment (none of
//! the shop's settings from the test runner's), its start-up log read.

use std::io::BufRead;
use std::process::{Child, Command};

/// The server binary, with no `HAITAO_*` setting of the caller's.
pub fn server() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_haitao-server"));
    for var in [
        "HAITAO_ENV",
        "HAITAO_SECRET",
        "HAITAO_SECRET_FILE",
        "HAITAO_PAYMENTS",
        "HAITAO_PORT",
        "HAITAO_DATABASE",
        "HAITAO_SMS",
        "HAITAO_MAIL",
    ] {
        c.env_remove(var);
    }
    c.env("RUST_LOG", "warn");
    c
}

/// A server started with its stderr piped: its log lines up to "haitao
/// listening" (or to its exit); then it is stopped.
pub fn log_until_listening(mut child: Child) -> Vec<String> {
    let mut seen = Vec::new();
    if let Some(stderr) = child.stderr.take() {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let listening = line.contains("haitao listening");
            seen.push(line);
            if listening {
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    seen
}

/// Whether a log from `log_until_listening` reached serving.
pub fn listened(log: &[String]) -> bool {
    log.iter().any(|l| l.contains("haitao listening"))
}
