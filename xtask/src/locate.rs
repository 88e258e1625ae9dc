//! Finding the line of a mapping key in a block-style YAML document.
//!
//! `serde_yaml_ng` reports positions for syntax errors only; once a document has parsed, the
//! values carry no positions. Errors found later (a missing `operationId`, a field of the wrong
//! type) still deserve a line number, so this module walks the text for the chain of keys that
//! leads to the offending node. It understands the block style the spec is written in; when the
//! chain cannot be followed (flow style, anchors) it answers `None` and the error is reported
//! without a line rather than with a wrong one.

/// The 1-based line of the last key of `keys`, each key nested under the previous one.
///
/// A key is matched bare, single-quoted or double-quoted. List indices are not keys: callers
/// pass only mapping keys, and a key inside a list item is found as the first match below its
/// parent.
pub fn line_of(text: &str, keys: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for key in keys {
        let (index, indent) = find_key(&lines, start, parent_indent, key)?;
        found = Some(index + 1);
        start = index + 1;
        parent_indent = Some(indent);
    }
    found
}

/// The first line at or after `start` whose key is `key` and which is nested deeper than
/// `parent_indent`; stops at the first line that leaves the parent's block.
fn find_key(
    lines: &[&str],
    start: usize,
    parent_indent: Option<usize>,
    key: &str,
) -> Option<(usize, usize)> {
    for (index, line) in lines.iter().enumerate().skip(start) {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if parent_indent.is_some_and(|parent| indent <= parent) {
            return None;
        }
        // A key may open a list item: `- name: workspaceId`.
        let (content, indent) = match content.strip_prefix("- ") {
            Some(rest) => (rest.trim_start(), indent + 2),
            None => (content, indent),
        };
        if key_of(content) == Some(key) {
            return Some((index, indent));
        }
    }
    None
}

/// The mapping key a line starts with, unquoted.
fn key_of(content: &str) -> Option<&str> {
    for quote in ['\'', '"'] {
        if let Some(rest) = content.strip_prefix(quote) {
            let end = rest.find(quote)?;
            return rest[end + 1..].starts_with(':').then(|| &rest[..end]);
        }
    }
    let colon = content.find(':')?;
    let after = &content[colon + 1..];
    (after.is_empty() || after.starts_with(' ')).then(|| &content[..colon])
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /bucket:
    get:
      parameters:
        - name: workspaceId
          in: query
      responses:
        '200':
          description: ok
  /bucket/available:
    get:
      summary: x
";

    #[test]
    fn finds_nested_keys_in_order() {
        assert_eq!(line_of(DOC, &["openapi"]), Some(1));
        assert_eq!(line_of(DOC, &["paths", "/bucket", "get"]), Some(4));
        assert_eq!(
            line_of(DOC, &["paths", "/bucket/available", "get"]),
            Some(12)
        );
    }

    #[test]
    fn finds_quoted_keys_and_keys_in_list_items() {
        assert_eq!(
            line_of(DOC, &["paths", "/bucket", "get", "responses", "200"]),
            Some(9)
        );
        assert_eq!(
            line_of(DOC, &["paths", "/bucket", "get", "parameters", "in"]),
            Some(7)
        );
    }

    #[test]
    fn does_not_leave_the_parent_block() {
        // `summary` exists, but under /bucket/available, not under /bucket.
        assert_eq!(line_of(DOC, &["paths", "/bucket", "get", "summary"]), None);
        assert_eq!(line_of(DOC, &["components"]), None);
    }
}
