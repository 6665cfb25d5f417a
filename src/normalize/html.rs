//! HTML character references: `&amp;`, `&acirc;`, `&#7879;`, `&#x1EC7;`.
//!
//! Decoding runs to a fixed point in one pass: the decoded text is the
//! working buffer, and each `;` looks back for an `&` there, so a
//! double-escaped `&amp;lt;` becomes `<` and the step is idempotent.
//! References that name nothing or an invalid code point are kept as written.

use std::borrow::Cow;

use super::NormalizeReport;
use crate::tables::tables;

/// The longest HTML named reference is 31 characters plus `&` and `;`.
const MAX_REF: usize = 40;

pub(super) fn decode_entities<'a>(text: &'a str, report: &mut NormalizeReport) -> Cow<'a, str> {
    let Some(first_amp) = text.find('&') else {
        return Cow::Borrowed(text);
    };
    if !text.get(first_amp..).is_some_and(|s| s.contains(';')) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..first_amp).unwrap_or_default());
    let mut count = 0usize;
    for c in text.get(first_amp..).unwrap_or_default().chars() {
        out.push(c);
        if c != ';' {
            continue;
        }
        // Resolve references ending here, again while a decoded `;` or `&`
        // makes a new one.
        while let Some(decoded) = resolve_tail(&out) {
            let (amp, value) = decoded;
            out.truncate(amp);
            out.push_str(&value);
            count += 1;
            if !value.ends_with(';') {
                break;
            }
        }
    }
    if count == 0 {
        return Cow::Borrowed(text);
    }
    report.html_entities += count;
    Cow::Owned(out)
}

/// If `out` ends with a complete reference, its start and decoded text.
fn resolve_tail(out: &str) -> Option<(usize, String)> {
    let body_end = out.len().checked_sub(1)?;
    let window_start = body_end.saturating_sub(MAX_REF);
    let window = out.get(window_start..body_end).or_else(|| {
        // Not on a char boundary: widen to the next boundary.
        (window_start..body_end)
            .find(|&i| out.is_char_boundary(i))
            .and_then(|i| out.get(i..body_end))
    })?;
    let amp_rel = window.rfind('&')?;
    let amp = body_end - window.len() + amp_rel;
    let name = out.get(amp + 1..body_end)?;
    let value = if let Some(num) = name.strip_prefix('#') {
        let cp = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        if num.len() > 8 || cp == 0 {
            return None;
        }
        char::from_u32(cp)?.to_string()
    } else {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        tables().html_entity(name)?.to_owned()
    };
    Some((amp, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        decode_entities(s, &mut NormalizeReport::default()).into_owned()
    }

    #[test]
    fn decodes_to_a_fixed_point() {
        assert_eq!(run("a &amp; b &lt;i&gt;"), "a & b <i>");
        assert_eq!(run("&amp;lt;"), "<");
        assert_eq!(run("&amp;amp;amp;"), "&");
        assert_eq!(
            run("Vi&#7879;t Vi&#x1EC7;t c&acirc;\u{300}u"),
            "Việt Việt ca\u{302}\u{300}u".replace("a\u{302}", "â")
        );
        assert_eq!(
            run("AT&T; &bogus; &#xD800; &#0;"),
            "AT&T; &bogus; &#xD800; &#0;"
        );
        assert_eq!(run(&run("&amp;amp;lt;")), run("&amp;amp;lt;"));
    }
}
