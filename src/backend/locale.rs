//! The words a book adds around an article ("By", "Page 3 of 12", "Contents", "Notes", the
//! publication date, the names of its cover and title page, "3 articles") in the article's
//! language.
//!
//! One small table, [`LOCALES`], for the languages most of the web is written in; every other
//! language, and an article that states none, gets English. Dates are written the way each
//! language writes a day in full ("2 de agosto de 2017", "2017年8月2日", "2 августа 2017"),
//! with the Gregorian calendar and Western digits.

use crate::calendar;
use crate::document::Metadata;

/// The furniture of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale {
    /// The language's BCP 47 tag ("en", "zh-Hant").
    pub language: &'static str,
    /// A byline around the names (`{}`): "By {}".
    byline: &'static str,
    /// Between names but the last two: ", ".
    separator: &'static str,
    /// Between the last two names: " and ".
    last_separator: &'static str,
    /// A page's number (`{n}`) among the book's (`{total}`): "Page {n} of {total}".
    page: &'static str,
    /// The table of contents' heading.
    pub contents: &'static str,
    /// The heading over an article's notes.
    pub notes: &'static str,
    /// The name of a book's title page, as a reading system lists it.
    pub title_page: &'static str,
    /// The name of a book's cover, as a reading system lists it.
    pub cover: &'static str,
    /// A date in full: `{d}` the day, `{m}` the month's name, `{y}` the year.
    date: &'static str,
    /// The months' names as a date gives them (genitive where the language declines them).
    months: [&'static str; 12],
}

/// English, the fallback.
const ENGLISH: Locale = Locale {
    language: "en",
    byline: "By {}",
    separator: ", ",
    last_separator: " and ",
    page: "Page {n} of {total}",
    contents: "Contents",
    notes: "Notes",
    title_page: "Title page",
    cover: "Cover",
    date: "{d} {m} {y}",
    months: calendar::ENGLISH,
};

/// The languages with furniture of their own, English first.
pub const LOCALES: &[Locale] = &[
    ENGLISH,
    Locale {
        language: "es",
        byline: "Por {}",
        separator: ", ",
        last_separator: " y ",
        page: "Página {n} de {total}",
        contents: "Índice",
        notes: "Notas",
        title_page: "Portadilla",
        cover: "Cubierta",
        date: "{d} de {m} de {y}",
        months: calendar::SPANISH,
    },
    Locale {
        language: "de",
        byline: "Von {}",
        separator: ", ",
        last_separator: " und ",
        page: "Seite {n} von {total}",
        contents: "Inhalt",
        notes: "Anmerkungen",
        title_page: "Titelseite",
        cover: "Umschlag",
        date: "{d}. {m} {y}",
        months: calendar::GERMAN,
    },
    Locale {
        language: "ja",
        byline: "著者：{}",
        separator: "、",
        last_separator: "、",
        page: "{n} / {total} ページ",
        contents: "目次",
        notes: "注",
        title_page: "扉",
        cover: "表紙",
        date: "{y}年{m}{d}日",
        months: calendar::CHINESE,
    },
    Locale {
        language: "fr",
        byline: "Par {}",
        separator: ", ",
        last_separator: " et ",
        page: "Page {n} sur {total}",
        contents: "Table des matières",
        notes: "Notes",
        title_page: "Page de titre",
        cover: "Couverture",
        date: "{d} {m} {y}",
        months: calendar::FRENCH,
    },
    Locale {
        language: "pt",
        byline: "Por {}",
        separator: ", ",
        last_separator: " e ",
        page: "Página {n} de {total}",
        contents: "Sumário",
        notes: "Notas",
        title_page: "Folha de rosto",
        cover: "Capa",
        date: "{d} de {m} de {y}",
        months: calendar::PORTUGUESE,
    },
    Locale {
        language: "ru",
        byline: "Текст: {}",
        separator: ", ",
        last_separator: " и ",
        page: "Страница {n} из {total}",
        contents: "Содержание",
        notes: "Примечания",
        title_page: "Титульный лист",
        cover: "Обложка",
        date: "{d} {m} {y}",
        months: calendar::RUSSIAN,
    },
    Locale {
        language: "it",
        byline: "Di {}",
        separator: ", ",
        last_separator: " e ",
        page: "Pagina {n} di {total}",
        contents: "Indice",
        notes: "Note",
        title_page: "Frontespizio",
        cover: "Copertina",
        date: "{d} {m} {y}",
        months: calendar::ITALIAN,
    },
    Locale {
        language: "nl",
        byline: "Door {}",
        separator: ", ",
        last_separator: " en ",
        page: "Pagina {n} van {total}",
        contents: "Inhoud",
        notes: "Noten",
        title_page: "Titelpagina",
        cover: "Omslag",
        date: "{d} {m} {y}",
        months: calendar::DUTCH,
    },
    Locale {
        language: "pl",
        byline: "Tekst: {}",
        separator: ", ",
        last_separator: " i ",
        page: "Strona {n} z {total}",
        contents: "Spis treści",
        notes: "Przypisy",
        title_page: "Strona tytułowa",
        cover: "Okładka",
        date: "{d} {m} {y}",
        months: calendar::POLISH,
    },
    Locale {
        language: "tr",
        byline: "Yazan: {}",
        separator: ", ",
        last_separator: " ve ",
        page: "Sayfa {n} / {total}",
        contents: "İçindekiler",
        notes: "Notlar",
        title_page: "Başlık sayfası",
        cover: "Kapak",
        date: "{d} {m} {y}",
        months: calendar::TURKISH,
    },
    Locale {
        language: "fa",
        byline: "نوشتهٔ {}",
        separator: "، ",
        last_separator: " و ",
        page: "صفحهٔ {n} از {total}",
        contents: "فهرست",
        notes: "یادداشت‌ها",
        title_page: "صفحهٔ عنوان",
        cover: "جلد",
        date: "{d} {m} {y}",
        months: calendar::PERSIAN,
    },
    Locale {
        language: "zh",
        byline: "作者：{}",
        separator: "、",
        last_separator: "、",
        page: "第 {n} 页，共 {total} 页",
        contents: "目录",
        notes: "注释",
        title_page: "扉页",
        cover: "封面",
        date: "{y}年{m}{d}日",
        months: calendar::CHINESE,
    },
    Locale {
        language: "zh-Hant",
        byline: "作者：{}",
        separator: "、",
        last_separator: "、",
        page: "第 {n} 頁，共 {total} 頁",
        contents: "目錄",
        notes: "註釋",
        title_page: "扉頁",
        cover: "封面",
        date: "{y}年{m}{d}日",
        months: calendar::CHINESE,
    },
    Locale {
        language: "vi",
        byline: "Tác giả: {}",
        separator: ", ",
        last_separator: " và ",
        page: "Trang {n}/{total}",
        contents: "Mục lục",
        notes: "Chú thích",
        title_page: "Trang tên sách",
        cover: "Bìa",
        date: "{d} {m}, {y}",
        months: calendar::VIETNAMESE,
    },
    Locale {
        language: "id",
        byline: "Oleh {}",
        separator: ", ",
        last_separator: " dan ",
        page: "Halaman {n} dari {total}",
        contents: "Daftar isi",
        notes: "Catatan",
        title_page: "Halaman judul",
        cover: "Sampul",
        date: "{d} {m} {y}",
        months: calendar::INDONESIAN,
    },
    Locale {
        language: "cs",
        byline: "Text: {}",
        separator: ", ",
        last_separator: " a ",
        page: "Strana {n} z {total}",
        contents: "Obsah",
        notes: "Poznámky",
        title_page: "Titulní strana",
        cover: "Obálka",
        date: "{d}. {m} {y}",
        months: calendar::CZECH,
    },
    Locale {
        language: "ko",
        byline: "글: {}",
        separator: ", ",
        last_separator: ", ",
        page: "{n} / {total}쪽",
        contents: "목차",
        notes: "주",
        title_page: "속표지",
        cover: "표지",
        date: "{y}년 {m} {d}일",
        months: calendar::KOREAN,
    },
    Locale {
        language: "uk",
        byline: "Текст: {}",
        separator: ", ",
        last_separator: " і ",
        page: "Сторінка {n} з {total}",
        contents: "Зміст",
        notes: "Примітки",
        title_page: "Титульна сторінка",
        cover: "Обкладинка",
        date: "{d} {m} {y}",
        months: calendar::UKRAINIAN,
    },
    Locale {
        language: "hu",
        byline: "Szerző: {}",
        separator: ", ",
        last_separator: " és ",
        page: "{n}. oldal / {total}",
        contents: "Tartalom",
        notes: "Jegyzetek",
        title_page: "Címoldal",
        cover: "Borító",
        date: "{y}. {m} {d}.",
        months: calendar::HUNGARIAN,
    },
    Locale {
        language: "ar",
        byline: "بقلم {}",
        separator: "، ",
        last_separator: " و",
        page: "الصفحة {n} من {total}",
        contents: "المحتويات",
        notes: "ملاحظات",
        title_page: "صفحة العنوان",
        cover: "الغلاف",
        date: "{d} {m} {y}",
        months: calendar::ARABIC,
    },
    Locale {
        language: "sv",
        byline: "Av {}",
        separator: ", ",
        last_separator: " och ",
        page: "Sida {n} av {total}",
        contents: "Innehåll",
        notes: "Noter",
        title_page: "Titelsida",
        cover: "Omslag",
        date: "{d} {m} {y}",
        months: calendar::SWEDISH,
    },
    Locale {
        language: "el",
        byline: "Κείμενο: {}",
        separator: ", ",
        last_separator: " και ",
        page: "Σελίδα {n} από {total}",
        contents: "Περιεχόμενα",
        notes: "Σημειώσεις",
        title_page: "Σελίδα τίτλου",
        cover: "Εξώφυλλο",
        date: "{d} {m} {y}",
        months: calendar::GREEK,
    },
    Locale {
        language: "he",
        byline: "מאת {}",
        separator: ", ",
        last_separator: " ו",
        page: "עמוד {n} מתוך {total}",
        contents: "תוכן העניינים",
        notes: "הערות",
        title_page: "עמוד שער",
        cover: "כריכה",
        date: "{d} ב{m} {y}",
        months: calendar::HEBREW,
    },
    Locale {
        language: "ro",
        byline: "De {}",
        separator: ", ",
        last_separator: " și ",
        page: "Pagina {n} din {total}",
        contents: "Cuprins",
        notes: "Note",
        title_page: "Pagina de titlu",
        cover: "Copertă",
        date: "{d} {m} {y}",
        months: calendar::ROMANIAN,
    },
    Locale {
        language: "da",
        byline: "Af {}",
        separator: ", ",
        last_separator: " og ",
        page: "Side {n} af {total}",
        contents: "Indhold",
        notes: "Noter",
        title_page: "Titelside",
        cover: "Omslag",
        date: "{d}. {m} {y}",
        months: calendar::DANISH,
    },
    Locale {
        language: "hi",
        byline: "लेखक: {}",
        separator: ", ",
        last_separator: " और ",
        page: "पृष्ठ {n} / {total}",
        contents: "विषय-सूची",
        notes: "टिप्पणियाँ",
        title_page: "शीर्षक पृष्ठ",
        cover: "आवरण",
        date: "{d} {m} {y}",
        months: calendar::HINDI,
    },
    Locale {
        language: "th",
        byline: "โดย {}",
        separator: ", ",
        last_separator: " และ ",
        page: "หน้า {n} จาก {total}",
        contents: "สารบัญ",
        notes: "หมายเหตุ",
        title_page: "หน้าชื่อเรื่อง",
        cover: "ปก",
        date: "{d} {m} {y}",
        months: calendar::THAI,
    },
];

impl Locale {
    /// The furniture for a BCP 47 language tag: the table's entry for its language (Chinese
    /// in Traditional characters for `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO`), else English.
    pub fn for_language(tag: Option<&str>) -> &'static Locale {
        let Some(tag) = tag else {
            return &LOCALES[0];
        };
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = lower.split('-');
        let primary = match subtags.next().unwrap_or_default() {
            "iw" => "he",
            "in" => "id",
            "zh" if subtags.any(|part| matches!(part, "hant" | "tw" | "hk" | "mo")) => "zh-Hant",
            primary => primary,
        };
        LOCALES
            .iter()
            .find(|locale| locale.language.eq_ignore_ascii_case(primary))
            .unwrap_or(&LOCALES[0])
    }

    /// The furniture of an article's language.
    pub fn of(meta: &Metadata) -> &'static Locale {
        Locale::for_language(meta.language.as_deref())
    }

    /// The byline for `names` ("By Ana Silva and Tom Reed"); empty without names.
    pub fn byline(&self, names: &[String]) -> String {
        let joined = match names {
            [] => return String::new(),
            [one] => one.clone(),
            [init @ .., last] => {
                format!("{}{}{last}", init.join(self.separator), self.last_separator)
            }
        };
        self.byline.replace("{}", &joined)
    }

    /// Page `number` of `total` ("Page 3 of 12").
    pub fn page(&self, number: usize, total: usize) -> String {
        self.page
            .replace("{n}", &number.to_string())
            .replace("{total}", &total.to_string())
    }

    /// The line under a byline: the date (as [`Locale::date`] writes it) and the site's name,
    /// joined by " · ", each left out when there is none; `None` when both are.
    pub fn dateline(&self, meta: &Metadata) -> Option<String> {
        let parts: Vec<String> = [self.date(meta), meta.site_name.clone()]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The publication date of `meta` for people to read: a machine date (ISO 8601) in full
    /// in this language, any other date as the page wrote it.
    pub fn date(&self, meta: &Metadata) -> Option<String> {
        use chrono::Datelike;
        let published = meta.published.as_deref()?.trim();
        let parsed = published
            .get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
        Some(match parsed {
            Some(date) => self
                .date
                .replace("{d}", &date.day().to_string())
                .replace("{m}", self.months[date.month0() as usize])
                .replace("{y}", &date.year().to_string()),
            None => published.to_string(),
        })
    }
}

impl Locale {
    /// How many articles a book collects, in words: "3 articles", "3 статьи", "5 статей".
    /// The noun takes the form the language's plural rules (Unicode CLDR) give the number.
    pub fn articles(&self, count: usize) -> String {
        let forms = ARTICLES
            .iter()
            .find(|(language, _)| *language == self.language)
            .map_or(ARTICLES[0].1, |(_, forms)| *forms);
        forms(count).replace("{n}", &count.to_string())
    }
}

/// "{n} articles" in each language of [`LOCALES`], the form picked by the count.
type CountForms = fn(usize) -> &'static str;

/// The words for a number of articles, by language (English first, the fallback).
const ARTICLES: &[(&str, CountForms)] = &[
    ("en", |n| {
        if n == 1 {
            "{n} article"
        } else {
            "{n} articles"
        }
    }),
    ("es", |n| {
        if n == 1 {
            "{n} artículo"
        } else {
            "{n} artículos"
        }
    }),
    ("de", |_| "{n} Artikel"),
    ("ja", |_| "{n}本の記事"),
    ("fr", |n| if n < 2 { "{n} article" } else { "{n} articles" }),
    ("pt", |n| if n < 2 { "{n} artigo" } else { "{n} artigos" }),
    ("ru", |n| {
        slavic(n, ["{n} статья", "{n} статьи", "{n} статей"])
    }),
    ("it", |n| {
        if n == 1 {
            "{n} articolo"
        } else {
            "{n} articoli"
        }
    }),
    ("nl", |n| {
        if n == 1 {
            "{n} artikel"
        } else {
            "{n} artikelen"
        }
    }),
    ("pl", |n| match n {
        1 => "{n} artykuł",
        _ => slavic(n, ["{n} artykułów", "{n} artykuły", "{n} artykułów"]),
    }),
    ("tr", |_| "{n} makale"),
    ("fa", |_| "{n} مقاله"),
    ("zh", |_| "{n} 篇文章"),
    ("zh-Hant", |_| "{n} 篇文章"),
    ("vi", |_| "{n} bài viết"),
    ("id", |_| "{n} artikel"),
    ("cs", |n| match n {
        1 => "{n} článek",
        2..=4 => "{n} články",
        _ => "{n} článků",
    }),
    ("ko", |_| "기사 {n}편"),
    ("uk", |n| {
        slavic(n, ["{n} стаття", "{n} статті", "{n} статей"])
    }),
    ("hu", |_| "{n} cikk"),
    ("ar", |n| match n % 100 {
        _ if n == 1 => "مقالة واحدة",
        _ if n == 2 => "مقالتان",
        3..=10 => "{n} مقالات",
        _ => "{n} مقالة",
    }),
    ("sv", |n| {
        if n == 1 {
            "{n} artikel"
        } else {
            "{n} artiklar"
        }
    }),
    ("el", |n| {
        if n == 1 {
            "{n} άρθρο"
        } else {
            "{n} άρθρα"
        }
    }),
    ("he", |n| {
        if n == 1 {
            "מאמר אחד"
        } else {
            "{n} מאמרים"
        }
    }),
    ("ro", |n| match n % 100 {
        _ if n == 1 => "{n} articol",
        _ if n == 0 => "{n} articole",
        1..=19 => "{n} articole",
        _ => "{n} de articole",
    }),
    ("da", |n| {
        if n == 1 {
            "{n} artikel"
        } else {
            "{n} artikler"
        }
    }),
    ("hi", |_| "{n} लेख"),
    ("th", |_| "{n} บทความ"),
];

/// The form of a noun after `n` in Russian, Ukrainian and (past 1) Polish: `[one, few, many]`
/// (21 статья, 22 статьи, 25 статей; 11–14 take the many form).
fn slavic(n: usize, [one, few, many]: [&'static str; 3]) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(language: &str) -> Metadata {
        Metadata {
            language: Some(language.into()),
            published: Some("2017-08-02T09:00:00Z".into()),
            ..Metadata::default()
        }
    }

    #[test]
    fn dates_are_written_in_the_articles_language() {
        for (language, expected) in [
            ("en", "2 August 2017"),
            ("pt-BR", "2 de agosto de 2017"),
            ("ru", "2 августа 2017"),
            ("ja", "2017年8月2日"),
            ("ko", "2017년 8월 2일"),
            ("he", "2 באוגוסט 2017"),
            ("ar", "2 أغسطس 2017"),
            ("de-AT", "2. August 2017"),
            ("xx", "2 August 2017"),
        ] {
            let meta = dated(language);
            assert_eq!(Locale::of(&meta).date(&meta).as_deref(), Some(expected));
        }
        let mut meta = dated("fr");
        meta.published = Some("hier".into());
        assert_eq!(Locale::of(&meta).date(&meta).as_deref(), Some("hier"));
    }

    #[test]
    fn the_table_covers_the_webs_common_languages_once_each() {
        assert!(LOCALES.len() >= 20);
        for (index, locale) in LOCALES.iter().enumerate() {
            assert!(
                LOCALES[..index]
                    .iter()
                    .all(|other| other.language != locale.language),
                "{} twice",
                locale.language
            );
            assert!(locale.byline.contains("{}") && locale.page.contains("{n}"));
            assert!(locale.page.contains("{total}") && locale.date.contains("{m}"));
            assert!(locale.articles(7).contains('7'), "{}", locale.language);
            assert!(!locale.title_page.is_empty() && !locale.cover.is_empty());
        }
        assert_eq!(Locale::for_language(Some("zh-TW")).contents, "目錄");
        assert_eq!(Locale::for_language(Some("zh-Hans-CN")).contents, "目录");
        assert_eq!(Locale::for_language(Some("iw")).language, "he");
        assert_eq!(Locale::for_language(None).language, "en");
    }

    #[test]
    fn a_count_of_articles_takes_the_languages_plural_form() {
        let count = |language: &str, n: usize| Locale::for_language(Some(language)).articles(n);
        assert_eq!(count("en", 3), "3 articles");
        assert_eq!(count("xx", 2), "2 articles");
        assert_eq!(count("de", 3), "3 Artikel");
        assert_eq!(count("ru", 3), "3 статьи");
        assert_eq!(count("ru", 5), "5 статей");
        assert_eq!(count("ru", 21), "21 статья");
        assert_eq!(count("ru", 12), "12 статей");
        assert_eq!(count("pl", 22), "22 artykuły");
        assert_eq!(count("pl", 21), "21 artykułów");
        assert_eq!(count("cs", 7), "7 článků");
        assert_eq!(count("ar", 2), "مقالتان");
        assert_eq!(count("ar", 4), "4 مقالات");
        assert_eq!(count("ar", 11), "11 مقالة");
        assert_eq!(count("he", 3), "3 מאמרים");
        assert_eq!(count("ro", 20), "20 de articole");
        assert_eq!(count("zh-TW", 3), "3 篇文章");
        for locale in LOCALES {
            assert!(
                ARTICLES
                    .iter()
                    .any(|(language, _)| *language == locale.language),
                "no count of articles in {}",
                locale.language
            );
        }
    }

    #[test]
    fn bylines_join_names_the_languages_way() {
        let names = ["Ana".to_string(), "Bia".to_string(), "Caio".to_string()];
        assert_eq!(
            Locale::for_language(Some("en")).byline(&names),
            "By Ana, Bia and Caio"
        );
        assert_eq!(
            Locale::for_language(Some("pt")).byline(&names),
            "Por Ana, Bia e Caio"
        );
        assert_eq!(
            Locale::for_language(Some("ja")).byline(&names[..2]),
            "著者：Ana、Bia"
        );
        assert_eq!(Locale::for_language(Some("en")).byline(&[]), "");
        assert_eq!(
            Locale::for_language(Some("es")).page(3, 12),
            "Página 3 de 12"
        );
    }
}
