//! Customs' messages are written in their own canonical form (Canonical XML
//! 1.0, W3C REC-xml-c14n-20010315), so that the bytes written are the bytes
//! the signature covers (signature.rs). quick-xml writes the markup; what is
//! C14N's own is here: text and attribute values escaped as §2.3 and §5.2
//! of the recommendation say, namespace declarations before attributes and
//! each sorted (§2.2), and no empty-element tags (an empty element is written
//! as a start and an end tag).

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// An element being written in canonical form.
pub struct CanonicalXml {
    writer: Writer<Vec<u8>>,
}

impl Default for CanonicalXml {
    fn default() -> Self {
        Self::new()
    }
}

impl CanonicalXml {
    pub fn new() -> Self {
        Self {
            writer: Writer::new(Vec::with_capacity(4096)),
        }
    }

    /// Opens element `name` with namespace declarations `(prefix, uri)` and
    /// attributes `(name, value)` (unprefixed), each put in canonical order.
    pub fn open(&mut self, name: &str, namespaces: &[(&str, &str)], attributes: &[(&str, &str)]) {
        let mut namespaces = namespaces.to_vec();
        namespaces.sort();
        let mut attributes = attributes.to_vec();
        attributes.sort();
        let mut start = BytesStart::new(name);
        for (prefix, uri) in namespaces {
            let key = format!("xmlns:{prefix}");
            start.push_attribute(raw(&key, &attribute_value(uri)));
        }
        for (key, value) in attributes {
            start.push_attribute(raw(key, &attribute_value(value)));
        }
        self.write(Event::Start(start));
    }

    pub fn close(&mut self, name: &str) {
        self.write(Event::End(BytesEnd::new(name)));
    }

    /// An element holding only text.
    pub fn element(&mut self, name: &str, text: &str) {
        self.open(name, &[], &[]);
        self.text(text);
        self.close(name);
    }

    pub fn text(&mut self, text: &str) {
        let escaped = text_value(text);
        self.write(Event::Text(BytesText::from_escaped(escaped.as_str())));
    }

    /// Markup written elsewhere in canonical form (a signature).
    pub fn markup(&mut self, canonical: &str) {
        self.writer
            .get_mut()
            .extend_from_slice(canonical.as_bytes());
    }

    /// What is written so far.
    pub fn written(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.writer.get_ref())
    }

    pub fn finish(self) -> String {
        // Only text went in, and escaping keeps it UTF-8.
        String::from_utf8_lossy(&self.writer.into_inner()).into_owned()
    }

    fn write(&mut self, event: Event<'_>) {
        // Writing into memory: quick-xml's only error is the sink's.
        if let Err(e) = self.writer.write_event(event) {
            unreachable!("writing XML into memory failed: {e}");
        }
    }
}

fn raw<'a>(key: &'a str, escaped: &'a str) -> Attribute<'a> {
    // Attribute::from on byte pairs takes the value as already escaped.
    Attribute::from((key.as_bytes(), escaped.as_bytes()))
}

/// Text as C14N writes it (§5.2, text nodes): `&`, `<`, `>` and carriage
/// returns escaped, quotes as they are; characters XML 1.0 forbids (the C0
/// controls but tab and line feed) dropped, as no parser would read them.
pub fn text_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An attribute value as C14N writes it (§5.2, attribute nodes): `&`, `<`,
/// `"`, tab, line feed and carriage return escaped; `>` as it is.
pub fn attribute_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_never_markup_and_is_written_as_c14n_writes_it() {
        assert_eq!(text_value("<a>&'\"\u{1}\r\n"), "&lt;a&gt;&amp;'\"&#xD;\n");
        assert_eq!(attribute_value("a\"b\tc\n<>"), "a&quot;b&#x9;c&#xA;&lt;>");
    }

    #[test]
    fn elements_are_written_in_canonical_form() {
        let mut x = CanonicalXml::new();
        x.open(
            "ceb:Root",
            &[("xsi", "http://x/i"), ("ceb", "http://x/c")],
            &[("version", "1.0"), ("guid", "a\"b>c")],
        );
        x.element("ceb:empty", "");
        x.element("ceb:text", "A & B <c> \"q\" 'a'\r\n\u{1}end");
        x.close("ceb:Root");
        assert_eq!(
            x.finish(),
            "<ceb:Root xmlns:ceb=\"http://x/c\" xmlns:xsi=\"http://x/i\" guid=\"a&quot;b>c\" version=\"1.0\">\
             <ceb:empty></ceb:empty>\
             <ceb:text>A &amp; B &lt;c&gt; \"q\" 'a'&#xD;\nend</ceb:text></ceb:Root>"
        );
    }
}
