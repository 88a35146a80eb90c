//! The names of the months as a written date gives them, in the languages cleancopy writes
//! dates in and reads them from: one array per language, in calendar order, in the form a
//! day's date takes (the genitive where the language declines the month: "2 августа 2017",
//! "2 sierpnia 2017").
//!
//! A leaf: it imports nothing of the crate. The backends write dates with it
//! (`backend::locale`) and the metadata reader parses visible dates with it
//! (`normalize::metadata`), so the two always agree on a month's name.

/// The months of the Chinese and Japanese calendars: numbers with 月, the same in every script.
pub const CHINESE: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

/// The months in English (`en`).
pub const ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The months in Spanish (`es`).
pub const SPANISH: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// The months in German (`de`).
pub const GERMAN: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// The months in French (`fr`).
pub const FRENCH: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The months in Portuguese (`pt`).
pub const PORTUGUESE: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// The months in Russian (`ru`).
pub const RUSSIAN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// The months in Italian (`it`).
pub const ITALIAN: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// The months in Dutch (`nl`).
pub const DUTCH: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The months in Polish (`pl`).
pub const POLISH: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];

/// The months in Turkish (`tr`).
pub const TURKISH: [&str; 12] = [
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
    "Kasım", "Aralık",
];

/// The months in Persian (`fa`).
pub const PERSIAN: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// The months in Vietnamese (`vi`).
pub const VIETNAMESE: [&str; 12] = [
    "tháng 1",
    "tháng 2",
    "tháng 3",
    "tháng 4",
    "tháng 5",
    "tháng 6",
    "tháng 7",
    "tháng 8",
    "tháng 9",
    "tháng 10",
    "tháng 11",
    "tháng 12",
];

/// The months in Indonesian (`id`).
pub const INDONESIAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The months in Czech (`cs`).
pub const CZECH: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];

/// The months in Korean (`ko`).
pub const KOREAN: [&str; 12] = [
    "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월",
];

/// The months in Ukrainian (`uk`).
pub const UKRAINIAN: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];

/// The months in Hungarian (`hu`).
pub const HUNGARIAN: [&str; 12] = [
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
];

/// The months in Arabic (`ar`).
pub const ARABIC: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// The months in Swedish (`sv`).
pub const SWEDISH: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The months in Greek (`el`).
pub const GREEK: [&str; 12] = [
    "Ιανουαρίου",
    "Φεβρουαρίου",
    "Μαρτίου",
    "Απριλίου",
    "Μαΐου",
    "Ιουνίου",
    "Ιουλίου",
    "Αυγούστου",
    "Σεπτεμβρίου",
    "Οκτωβρίου",
    "Νοεμβρίου",
    "Δεκεμβρίου",
];

/// The months in Hebrew (`he`).
pub const HEBREW: [&str; 12] = [
    "ינואר",
    "פברואר",
    "מרץ",
    "אפריל",
    "מאי",
    "יוני",
    "יולי",
    "אוגוסט",
    "ספטמבר",
    "אוקטובר",
    "נובמבר",
    "דצמבר",
];

/// The months in Romanian (`ro`).
pub const ROMANIAN: [&str; 12] = [
    "ianuarie",
    "februarie",
    "martie",
    "aprilie",
    "mai",
    "iunie",
    "iulie",
    "august",
    "septembrie",
    "octombrie",
    "noiembrie",
    "decembrie",
];

/// The months in Danish (`da`).
pub const DANISH: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// The months in Hindi (`hi`).
pub const HINDI: [&str; 12] = [
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्तूबर",
    "नवंबर",
    "दिसंबर",
];

/// The months in Thai (`th`).
pub const THAI: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// The languages whose months a date names with one word of letters, as `(BCP 47 tag, months)`:
/// the ones a date parser can match word by word. Left out are the languages that write a
/// month as a number with a counter word (Chinese, Japanese, Korean, Vietnamese) and Thai, whose
/// dates count years from another era.
pub const WORDED: &[(&str, [&str; 12])] = &[
    ("en", ENGLISH),
    ("es", SPANISH),
    ("de", GERMAN),
    ("fr", FRENCH),
    ("pt", PORTUGUESE),
    ("ru", RUSSIAN),
    ("it", ITALIAN),
    ("nl", DUTCH),
    ("pl", POLISH),
    ("tr", TURKISH),
    ("fa", PERSIAN),
    ("id", INDONESIAN),
    ("cs", CZECH),
    ("uk", UKRAINIAN),
    ("hu", HUNGARIAN),
    ("ar", ARABIC),
    ("sv", SWEDISH),
    ("el", GREEK),
    ("he", HEBREW),
    ("ro", ROMANIAN),
    ("da", DANISH),
    ("hi", HINDI),
];
