//! One table writer for every report: columns two spaces apart, the last unpadded, optional
//! colour. Rows are made twice, once to measure and once to write, so a listing of 100,000
//! buckets is never held as text.

use std::io::{self, Write};

/// Writes `headings` and the rows `rows()` yields (called twice: to measure, then to write);
/// `paint(column, cell)` gives a cell's ANSI colour code, or `None` for plain text. Colour codes
/// never shift the columns.
pub fn write<I>(
    out: &mut impl Write,
    headings: &[String],
    rows: impl Fn() -> I,
    paint: impl Fn(usize, &str) -> Option<&'static str>,
) -> io::Result<()>
where
    I: Iterator<Item = Vec<String>>,
{
    let mut widths: Vec<usize> = headings.iter().map(|h| h.chars().count()).collect();
    for row in rows() {
        for (width, cell) in widths.iter_mut().zip(&row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &[String], painted: bool| -> io::Result<()> {
        let last = cells.len().saturating_sub(1);
        for (i, cell) in cells.iter().enumerate() {
            let padding = if i == last {
                0
            } else {
                widths[i] - cell.chars().count() + 2
            };
            match painted.then(|| paint(i, cell)).flatten() {
                Some(code) => write!(out, "\x1b[{code}m{cell}\x1b[0m{:padding$}", "")?,
                None => write!(out, "{cell}{:padding$}", "")?,
            }
        }
        writeln!(out)
    };
    line(out, headings, false)?;
    for row in rows() {
        line(out, &row, true)?;
    }
    Ok(())
}

/// No colour.
pub fn plain(_: usize, _: &str) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|cell| (*cell).to_owned()).collect()
    }

    #[test]
    fn columns_line_up() {
        let mut out = Vec::new();
        let rows = [
            strings(&["a", "long value", "x"]),
            strings(&["bbb", "v", "y"]),
        ];
        super::write(
            &mut out,
            &strings(&["K", "VALUE", "SOURCE"]),
            || rows.iter().cloned(),
            super::plain,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "K    VALUE       SOURCE\na    long value  x\nbbb  v           y\n"
        );
    }

    #[test]
    fn colour_codes_do_not_shift_the_columns() {
        let rows = [strings(&["ONLINE", "a"]), strings(&["OFF", "b"])];
        let render = |paint: &dyn Fn(usize, &str) -> Option<&'static str>| {
            let mut out = Vec::new();
            super::write(
                &mut out,
                &strings(&["S", "N"]),
                || rows.iter().cloned(),
                paint,
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        let plain = render(&super::plain);
        let coloured = render(&|column, _| (column == 0).then_some("32"));
        assert_eq!(
            coloured.replace("\x1b[32m", "").replace("\x1b[0m", ""),
            plain
        );
        assert!(
            coloured.starts_with("S       N\n\x1b[32mONLINE\x1b[0m  a"),
            "{coloured:?}"
        );
    }
}
