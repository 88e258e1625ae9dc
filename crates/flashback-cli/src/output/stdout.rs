//! Writing to stdout, buffered, and the closed-pipe rule: a reader that went away (`| head`) is
//! not an error of ours.

use std::io::{BufWriter, StdoutLock, Write};

use crate::exit::Exit;
use crate::failure::Failure;

/// Writes to stdout through a buffer with `write`, then flushes.
pub fn write_stdout(
    write: impl FnOnce(&mut BufWriter<StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    finish(write(&mut out).and_then(|()| out.flush()))
}

/// The end of writing to stdout: a closed pipe ends quietly, any other error is a failure.
fn finish(written: std::io::Result<()>) -> Result<(), Failure> {
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::new(
            Exit::Unavailable,
            format!("cannot write the output: {err}"),
        )),
        Ok(()) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Error, ErrorKind};

    use super::finish;
    use crate::exit::Exit;

    #[test]
    fn a_closed_pipe_is_not_a_failure() {
        assert!(finish(Err(Error::from(ErrorKind::BrokenPipe))).is_ok());
        let failure = finish(Err(Error::other("disk full"))).unwrap_err();
        assert_eq!(failure.exit, Exit::Unavailable);
        assert_eq!(failure.message, "cannot write the output: disk full");
    }
}
