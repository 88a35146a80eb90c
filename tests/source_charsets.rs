//! Pages in legacy charsets and UTF-16 come out right through the command line: declared by
//! `<meta charset>` or `http-equiv`, marked by a byte-order mark, or not declared at all
//! (detected). The fixtures are written by each test from its own text, in the encoding under
//! test, so the bytes are exactly the ones described.

mod common;

use common::*;

const RUSSIAN: &str = "Городской совет утвердил план ремонта старого волнолома перед зимними \
    штормами. Работы начнутся в октябре и продлятся шесть недель, сообщил председатель совета. \
    Рыбаки давно просили укрепить стену, потому что прошлой зимой волны дважды заливали причал.";

const FRENCH: &str = "Le café au bout du quai ouvre à cinq heures, avant le départ des premiers \
    bateaux. Renée sert des crêpes, du café noir et une soupe qu'elle appelle « naïve », parce \
    qu'elle ne sait pas à quel point elle est bonne. Cet hiver, la façade sera enfin repeinte.";

const JAPANESE: &str = "港湾委員会は、冬の嵐が来る前に古い防波堤を修理する計画を承認した。\
    工事は十月に始まり、六週間続く予定だと委員長は述べた。漁師たちは、昨年の冬に波が二度も\
    桟橋を越えたため、長い間壁の補強を求めていた。";

const GREEK_AND_ENGLISH: &str = "The harbour café — «Το καφενείο του λιμανιού» — opens at five, \
    before the first boats leave; the owner says the soup is «αφελής» because it has no idea how \
    good it is, and the fishermen agree with her every single morning.";

/// An HTML page with `head` in its `<head>` and `body` three times as paragraphs.
fn page(head: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><article>\
         <h1>{title}</h1><p>{body}</p><p>{body}</p><p>{body}</p></article></body></html>"
    )
}

/// `text` in a legacy encoding.
fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot encode the fixture", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
    for unit in units {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

/// Writes `bytes` to a file named `name` and returns `cleancopy text --body-only` of it.
fn body_text_of(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = cleancopy()
        .args(["text", "--body-only"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

fn assert_has(text: &str, expected: &str, name: &str) {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squeeze(text).contains(&squeeze(expected)),
        "{name}: expected text not found in:\n{text}"
    );
}

#[test]
fn windows_1251_declared_and_undeclared() {
    let cp1251 = encoding_rs::WINDOWS_1251;
    let cases = [
        (
            "meta.html",
            page("<meta charset=\"windows-1251\">", "Волнолом", RUSSIAN),
        ),
        (
            "http-equiv.html",
            page(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
                "Волнолом",
                RUSSIAN,
            ),
        ),
        ("undeclared.html", page("", "Волнолом", RUSSIAN)),
        (
            "undeclared.txt",
            format!("Волнолом\n\n{RUSSIAN}\n\n{RUSSIAN}\n"),
        ),
    ];
    for (name, text) in cases {
        assert_has(&body_text_of(name, &encode(&text, cp1251)), RUSSIAN, name);
    }
}

#[test]
fn iso_8859_1_declared_and_undeclared() {
    let latin1 = encoding_rs::WINDOWS_1252; // encoding_rs writes ISO-8859-1 as its superset
    let cases = [
        (
            "meta.html",
            page("<meta charset=\"iso-8859-1\">", "Le café du quai", FRENCH),
        ),
        (
            "http-equiv.htm",
            page(
                "<meta http-equiv=\"content-type\" content=\"text/html;charset=ISO-8859-1\">",
                "Le café du quai",
                FRENCH,
            ),
        ),
        ("undeclared.html", page("", "Le café du quai", FRENCH)),
    ];
    for (name, text) in cases {
        let bytes = encode(&text, latin1);
        assert!(bytes.iter().all(|&b| !(0x80..0xa0).contains(&b)));
        assert_has(&body_text_of(name, &bytes), FRENCH, name);
    }
}

#[test]
fn shift_jis_declared_and_undeclared() {
    let sjis = encoding_rs::SHIFT_JIS;
    let cases = [
        (
            "meta.html",
            page("<meta charset=\"Shift_JIS\">", "防波堤の修理", JAPANESE),
        ),
        ("undeclared.html", page("", "防波堤の修理", JAPANESE)),
    ];
    for (name, text) in cases {
        assert_has(&body_text_of(name, &encode(&text, sjis)), JAPANESE, name);
    }
}

#[test]
fn utf16_with_and_without_a_byte_order_mark() {
    let html = page(
        "<meta charset=\"utf-16\">",
        "Το καφενείο",
        GREEK_AND_ENGLISH,
    );
    for (name, big_endian, bom) in [
        ("le-bom.html", false, true),
        ("be-bom.html", true, true),
        ("le-no-bom.html", false, false),
        ("be-no-bom.html", true, false),
    ] {
        let bytes = utf16(&html, big_endian, bom);
        assert_has(&body_text_of(name, &bytes), GREEK_AND_ENGLISH, name);
    }
    // Piped, with no file name to go by.
    let out = cleancopy()
        .args(["text", "--body-only", "-"])
        .write_stdin(utf16(&html, false, false))
        .output()
        .unwrap();
    assert_has(
        &String::from_utf8(out.stdout).unwrap(),
        GREEK_AND_ENGLISH,
        "stdin",
    );
}

#[test]
fn a_utf16_text_file_is_text_not_binary() {
    let text = format!("Το καφενείο\n\n{GREEK_AND_ENGLISH}\n\n{GREEK_AND_ENGLISH}\n");
    assert_has(
        &body_text_of("notes.txt", &utf16(&text, false, false)),
        GREEK_AND_ENGLISH,
        "notes.txt",
    );
}
