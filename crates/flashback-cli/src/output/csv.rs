//! One CSV writer: a header row, then a record per row.

use std::io::{self, Write};

/// Writes `headers` and every record of `records`.
pub fn write(
    out: &mut impl Write,
    headers: &[&str],
    records: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(headers).map_err(into_io)?;
    for record in records {
        writer.write_record(&record).map_err(into_io)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error, so that the caller still sees its kind (a closed pipe
/// is not a failure); csv's own `From` would wrap it as "other".
fn into_io(error: csv::Error) -> io::Error {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        _ => io::Error::other(message),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_what_needs_quoting() {
        let mut out = Vec::new();
        let records = [vec!["a,b".to_owned(), String::new()]];
        super::write(&mut out, &["x", "y"], records.into_iter()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "x,y\n\"a,b\",\n");
    }
}
