//! The XMP metadata packet: the same title, authors, description, language and dates as the
//! document information dictionary, in the XML form that archives, catalogues and PDF/A
//! checkers read from the catalog's `/Metadata` stream.

use html_escape::encode_text;

/// What the packet says about the book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XmpFields {
    /// `dc:title`, as the information dictionary's `/Title`.
    pub title: String,
    /// `dc:creator`, one entry per author, in order.
    pub authors: Vec<String>,
    /// `dc:description`, as the information dictionary's `/Subject`.
    pub description: String,
    /// `dc:subject`: the articles' sections, as keywords.
    pub keywords: Vec<String>,
    /// `dc:language`, a BCP 47 tag.
    pub language: Option<String>,
    /// Creation, modification and metadata date, ISO 8601 in UTC ("2024-05-17T10:00:00Z").
    pub date: String,
    /// `xmp:CreatorTool`.
    pub creator_tool: String,
    /// `pdf:Producer`, as the information dictionary's `/Producer`.
    pub producer: String,
}

/// The XMP packet, as UTF-8 XML.
pub fn packet(fields: &XmpFields) -> String {
    let mut body = String::new();
    body.push_str("   <dc:format>application/pdf</dc:format>\n");
    push_alt(&mut body, "dc:title", &fields.title);
    push_list(&mut body, "dc:creator", "rdf:Seq", &fields.authors);
    push_alt(&mut body, "dc:description", &fields.description);
    push_list(&mut body, "dc:subject", "rdf:Bag", &fields.keywords);
    if let Some(language) = fields.language.as_deref() {
        push_list(&mut body, "dc:language", "rdf:Bag", &[language.to_string()]);
    }
    for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        push_simple(&mut body, tag, &fields.date);
    }
    push_simple(&mut body, "xmp:CreatorTool", &fields.creator_tool);
    push_simple(&mut body, "pdf:Producer", &fields.producer);
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n \
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
         <rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
         {body}  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>"
    )
}

fn push_simple(body: &mut String, tag: &str, value: &str) {
    if !value.trim().is_empty() {
        body.push_str(&format!("   <{tag}>{}</{tag}>\n", encode_text(value)));
    }
}

/// A language alternative with one default entry.
fn push_alt(body: &mut String, tag: &str, value: &str) {
    if !value.trim().is_empty() {
        body.push_str(&format!(
            "   <{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{tag}>\n",
            encode_text(value)
        ));
    }
}

/// An ordered (`rdf:Seq`) or unordered (`rdf:Bag`) list.
fn push_list(body: &mut String, tag: &str, kind: &str, values: &[String]) {
    let items: String = values
        .iter()
        .filter(|value| !value.trim().is_empty())
        .map(|value| format!("<rdf:li>{}</rdf:li>", encode_text(value)))
        .collect();
    if !items.is_empty() {
        body.push_str(&format!("   <{tag}><{kind}>{items}</{kind}></{tag}>\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_escapes_text_and_leaves_out_empty_fields() {
        let xml = packet(&XmpFields {
            title: "Fish & <Chips>".into(),
            authors: vec!["Ann".into(), "Bob".into()],
            date: "2024-05-17T10:00:00Z".into(),
            ..XmpFields::default()
        });
        assert!(xml.contains("<rdf:li xml:lang=\"x-default\">Fish &amp; &lt;Chips&gt;</rdf:li>"));
        assert!(xml.contains("<rdf:Seq><rdf:li>Ann</rdf:li><rdf:li>Bob</rdf:li></rdf:Seq>"));
        assert!(xml.contains("<xmp:CreateDate>2024-05-17T10:00:00Z</xmp:CreateDate>"));
        assert!(!xml.contains("dc:description"));
        assert!(!xml.contains("dc:language"));
    }
}
