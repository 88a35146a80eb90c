//! The page of `GET /` and the bookmarklets it offers.
//!
//! The page is a plain form posted to `/convert` (it works without JavaScript; `page.js` only
//! shows progress and the result in place). The bookmarklet is a `javascript:` link that
//! builds the same form in the page being read — its rendered DOM and its address — and
//! posts it into a new window. A form post needs no CORS, and the server's cookie, being
//! `SameSite=Strict`, does not go with a post from another site: so the bookmarklet carries
//! the token in the form itself, and is shown only to a browser that gave it.

use html_escape::{encode_double_quoted_attribute, encode_text};

/// The page's template.
const PAGE: &str = include_str!("page.html");
/// Its style.
const STYLE: &str = include_str!("page.css");
/// Its script: progress and the result in place.
const SCRIPT: &str = include_str!("page.js");

/// The page, for a server reached at `base` (`http://host:port`), whose token is `token`
/// (none: no bookmarklet, which would have no way to prove itself), and whether e-mail is set
/// up.
pub(super) fn render(base: &str, token: Option<&str>, can_send: bool, to: Option<&str>) -> String {
    let bookmarklets = match token {
        Some(token) => {
            let link = |format: &str, to: Option<&str>, label: &str| {
                format!(
                    "<a class=\"bookmarklet\" href=\"{}\">{}</a>",
                    encode_double_quoted_attribute(&bookmarklet(base, token, format, to)),
                    encode_text(label)
                )
            };
            let mut links = format!(
                "<p>Drag a link to your bookmarks bar, then click it on any article:</p>\
                 <p>{} {}",
                link("epub", None, "⇩ EPUB"),
                link("pdf", None, "⇩ PDF")
            );
            let to = to.map(str::trim).filter(|to| !to.is_empty());
            if let (true, Some(to)) = (can_send, to) {
                links.push(' ');
                links.push_str(&link("send", Some(to), &format!("✉ Send to {to}")));
            }
            links.push_str("</p>");
            if can_send {
                links.push_str(
                    "<form method=\"get\" action=\"/\" class=\"inline\">\
                     <label for=\"send-to\">A Send to Kindle bookmarklet for</label>\
                     <input id=\"send-to\" name=\"to\" type=\"email\" \
                     placeholder=\"me_123@kindle.com\" required> \
                     <button type=\"submit\">Make it</button></form>",
                );
            }
            links.push_str(
                "<p class=\"note\">The links hold your access token: keep them to yourself.</p>",
            );
            links
        }
        None => "<p class=\"note\">Set an access token (<code>CLEANCOPY_SERVE_TOKEN</code>) \
                 to get the bookmarklet.</p>"
            .to_string(),
    };
    let send = if can_send {
        ""
    } else {
        " disabled title=\"e-mail is not set up on this server\""
    };
    PAGE.replace("{{style}}", STYLE)
        .replace("{{script}}", SCRIPT)
        .replace("{{send}}", send)
        .replace("{{bookmarklets}}", &bookmarklets)
}

/// The `javascript:` address that posts the current page (its rendered DOM and address) to
/// `base`'s `/convert` in a new window, asking for `format` (and to send it `to` an address),
/// with `token`.
pub(super) fn bookmarklet(base: &str, token: &str, format: &str, to: Option<&str>) -> String {
    let string = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let to = match to {
        Some(to) => format!("to:{},", string(to)),
        None => String::new(),
    };
    let script = format!(
        "(function(){{var f=document.createElement('form');f.method='post';\
         f.action={action};f.target='_blank';f.enctype='multipart/form-data';\
         f.acceptCharset='UTF-8';f.style.display='none';\
         var d={{token:{token},format:{format},{to}url:location.href,\
         html:document.documentElement.outerHTML}};\
         for(var k in d){{var t=document.createElement('textarea');t.name=k;t.value=d[k];\
         f.appendChild(t);}}\
         (document.body||document.documentElement).appendChild(f);f.submit();f.remove();}})();",
        action = string(&format!("{base}/convert")),
        token = string(token),
        format = string(format),
    );
    // A `%` would be read as an escape when the address is followed.
    format!("javascript:{}", script.replace('%', "%25"))
}

/// A short page with a heading and a message (an error, a book sent).
pub(super) fn message(heading: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{heading} · cleancopy</title><style>{STYLE}</style></head>\
         <body><main><h1>{heading}</h1><p>{message}</p><p><a href=\"/\">Back</a></p></main>\
         </body></html>\n",
        heading = encode_text(heading),
        message = encode_text(message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_send_bookmarklet_names_its_address_and_strings_are_quoted() {
        let link = bookmarklet(
            "http://127.0.0.1:8461",
            "t'o\"k%",
            "send",
            Some("me@kindle.com"),
        );
        assert!(link.starts_with("javascript:(function(){"));
        assert!(link.contains(r#"format:"send",to:"me@kindle.com","#));
        assert!(link.contains(r#"token:"t'o\"k%25""#), "{link}");
        assert!(link.contains(r#"f.action="http://127.0.0.1:8461/convert""#));
        let page = render("http://h", Some("tok"), true, Some("me@kindle.com"));
        assert!(page.contains("✉ Send to me@kindle.com"));
        assert!(!render("http://h", Some("tok"), false, Some("me@kindle.com")).contains("✉"));
        assert!(!render("http://h", None, true, None).contains("javascript:"));
    }
}
