//! A profile's `token_command`, as an SDK token provider: run with the system shell, its
//! standard output is the token. The SDK runs it again when the token is about to expire or is
//! refused (a `401`), so a command that mints short-lived tokens keeps a long listing going.
//!
//! Bounded like everything the command waits for: it must finish within the command's time
//! limit (`--timeout`, else the SDK's deadline) and print at most 64 KiB; past either it is
//! killed. On failure the message has the exit code and the last line of its standard error,
//! never its standard output (the token, or part of it).

use std::fmt;
use std::process::Stdio;
use std::time::Duration;

use flashback_ext::api::Redacted;
use flashback_ext::auth::{TokenError, TokenProvider};
use secrecy::SecretString;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

use super::BoxFuture;

/// A `token_command` as a [`TokenProvider`].
pub struct CommandToken {
    command: String,
    /// `path:line: ` of the command in the config file, to begin every message about it.
    place: String,
    time_limit: Duration,
}

impl CommandToken {
    pub fn new(command: &str, place: String, time_limit: Duration) -> Self {
        Self {
            command: command.to_owned(),
            place,
            time_limit,
        }
    }
}

impl TokenProvider for CommandToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(async move {
            let text = run(&self.command, &self.place, self.time_limit).await?;
            if text.trim().is_empty() {
                return Err(format!("{}token_command printed no token", self.place).into());
            }
            Ok(SecretString::from(text))
        })
    }
}

/// The command line may hold a credential itself (`echo $TOKEN`): never printed.
impl fmt::Debug for CommandToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommandToken")
            .field("command", &Redacted)
            .field("time_limit", &self.time_limit)
            .finish_non_exhaustive()
    }
}

/// The most a token command may print on either stream: a token is a few KiB at most.
const MAX_OUTPUT: u64 = 64 << 10;

/// Runs `command`; `place` (`path:line: `) begins every message about it.
async fn run(command: &str, place: &str, time_limit: Duration) -> Result<String, String> {
    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd");
        shell.arg("/C");
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c");
        shell
    };
    let mut child = shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|err| format!("{place}cannot run token_command: {err}"))?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(format!("{place}cannot read the output of token_command"));
    };
    let finished = async {
        // Both streams at once: a command that fills one pipe while we wait on the other
        // would never end.
        let (stdout, stderr) = tokio::join!(read_bounded(stdout), read_bounded(stderr));
        let status = child.wait().await;
        (stdout, stderr, status)
    };
    let (stdout, stderr, status) = tokio::time::timeout(time_limit, finished).await.map_err(
        |_| {
            format!(
                "{place}token_command gave no token within {} s and was stopped (raise --timeout if it needs longer)",
                time_limit.as_secs()
            )
        },
    )?;
    let status = status.map_err(|err| format!("{place}token_command did not finish: {err}"))?;
    // Checked first: a command cut off here dies of the closed pipe.
    let stdout = stdout.map_err(|()| {
        format!(
            "{place}token_command printed more than {} KiB; it should print the token alone",
            MAX_OUTPUT >> 10
        )
    })?;
    let stderr = String::from_utf8_lossy(&stderr.unwrap_or_default()).into_owned();
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exit code {code}"),
            None => "a signal".to_owned(),
        };
        let said = match stderr.lines().rev().map(str::trim).find(|l| !l.is_empty()) {
            Some(line) => format!(": {}", line.chars().take(300).collect::<String>()),
            None => " (nothing on its standard error)".to_owned(),
        };
        return Err(format!("{place}token_command failed with {how}{said}"));
    }
    String::from_utf8(stdout)
        .map_err(|_| format!("{place}token_command printed something that is not UTF-8 text"))
}

/// All of `stream`, or `Err` past [`MAX_OUTPUT`]; the stream is closed on return, so a command
/// still writing to it ends.
async fn read_bounded(stream: impl AsyncRead + Unpin) -> Result<Vec<u8>, ()> {
    let mut bytes = Vec::new();
    let read = stream.take(MAX_OUTPUT + 1).read_to_end(&mut bytes).await;
    match read {
        Ok(_) if bytes.len() as u64 <= MAX_OUTPUT => Ok(bytes),
        _ => Err(()),
    }
}
