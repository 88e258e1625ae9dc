//! The JSON writers: one pretty-printed document, an array streamed element by element (the
//! same text as the whole array pretty-printed), and NDJSON.

use std::io::{self, Write};

use serde::Serialize;

/// `value` pretty-printed, then a newline.
pub fn pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// The items as one pretty-printed array, written as they come, then a newline.
pub fn array<T: Serialize>(out: &mut impl Write, items: impl Iterator<Item = T>) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serde::Serializer::collect_seq(&mut serializer, items)?;
    writeln!(out)
}

/// One compact JSON document per line.
pub fn lines<T: Serialize>(out: &mut impl Write, items: impl Iterator<Item = T>) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, &item)?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The array written element by element is the text of the whole array pretty-printed.
    #[test]
    fn a_streamed_array_is_the_pretty_printed_array() {
        let items = vec![json!({"a": 1, "b": [true]}), json!({"c": null})];
        let mut out = Vec::new();
        super::array(&mut out, items.iter()).unwrap();
        let expected = serde_json::to_string_pretty(&items).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        let mut out = Vec::new();
        super::lines(&mut out, items.iter()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":1,\"b\":[true]}\n{\"c\":null}\n"
        );
    }
}
