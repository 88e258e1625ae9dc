//! Aligned text columns, for the command's reports (`config show`, `contract check`).

use std::io::{self, Write};

/// Writes `headings` and `rows` as columns two spaces apart, the last one unpadded.
pub fn write(out: &mut impl Write, headings: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let widths: Vec<usize> = (0..headings.len())
        .map(|i| {
            rows.iter()
                .map(|row| row[i].chars().count())
                .chain([headings[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < widths.len() {
                let padding = widths[i] - cell.chars().count();
                text.extend(std::iter::repeat_n(' ', padding));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, &mut headings.iter().copied())?;
    for row in rows {
        line(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_line_up() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["a".to_owned(), "long value".to_owned(), "x".to_owned()],
            vec!["bbb".to_owned(), "v".to_owned(), "y".to_owned()],
        ];
        super::write(&mut out, &["K", "VALUE", "SOURCE"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "K    VALUE       SOURCE\na    long value  x\nbbb  v           y\n"
        );
    }
}
