//! Wordings of page furniture: the whole lines of widgets, the openings of teasers, notices
//! and appeals, and the labels of credits and filing lines. Every entry is lowercase; the
//! rules lowercase the text before comparing.

/// Whole-line labels of share, print, e-mail, save, comment and ad widgets ("Print this
/// page", "Send to Kindle"), and of the links back to the top or to the list of articles
/// ("Back to top", "Zurück"). The bare names of networks are in [`SHARE_NETWORKS`].
///
/// **Read by** the block filter and the text normalizer, through
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line): a line equal to one
/// of these (bullets and edge punctuation aside) is dropped.
pub const WIDGET_PHRASES: &[&str] = &[
    "print friendly, pdf & email",
    "print friendly, pdf and email",
    "print friendly",
    "print",
    "print this",
    "print this page",
    "print this article",
    "print article",
    "printer friendly",
    "printer-friendly version",
    "send to kindle",
    "this slideshow requires javascript",
    "buy photo",
    "send to a friend",
    "email",
    "e-mail",
    "email this",
    "email this article",
    "email article",
    "mail",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share the article",
    "share article",
    "share story",
    "share via",
    "shares",
    "tweet",
    "tweet this",
    "pin it",
    "pin",
    "copy link",
    "copy url",
    "link copied",
    "save",
    "save article",
    "save for later",
    "bookmark",
    "like this",
    "like",
    "loading",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "ad",
    "comments",
    "leave a comment",
    "view comments",
    "show comments",
    "listen to this article",
    "more",
    "reprints",
    "gift this article",
    "font size",
    "text size",
    "back to top",
    "back to the top",
    "zurück",
    "zurück zur übersicht",
    "nach oben",
    "zum seitenanfang",
    "volver arriba",
    "retour en haut",
];

/// Networks and services that share bars name: a line of one of these alone is a share
/// button ("Facebook"), and so is a share verb followed by one ("Share on Facebook").
///
/// **Read by** the block filter and the text normalizer, through
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (whole lines) and its
/// share-button rule `is_share_button_label` (with [`SHARE_VERBS`]).
pub const SHARE_NETWORKS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "reddit",
    "whatsapp",
    "telegram",
    "pinterest",
    "tumblr",
    "pocket",
    "flipboard",
    "messenger",
];

/// Verbs that start a share button's label ("Share on Facebook", "Post to Reddit").
///
/// **Read by** the share-button rule `is_share_button_label` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const SHARE_VERBS: &[&str] = &[
    "share", "post", "tweet", "pin", "email", "e-mail", "send", "follow", "print", "save",
];

/// What a share button's label names after its verb, besides the [`SHARE_NETWORKS`]: other
/// networks, and channels such as e-mail or a friend ("Email to a friend").
///
/// **Read by** the share-button rule `is_share_button_label` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const SHARE_TARGETS: &[&str] = &[
    "email",
    "e-mail",
    "mail",
    "kindle",
    "friend",
    "instagram",
    "youtube",
    "threads",
    "bluesky",
    "mastodon",
    "google+",
    "sms",
    "print",
];

/// The two words of a comment count ("12 comments", "Comments (3)").
///
/// **Read by** the comment-count rule `is_comment_count` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const COMMENT_COUNT_WORDS: &[&str] = &["comment", "comments"];

/// Openings of calls to action that are never article text ("Sign up for our newsletter").
///
/// **Read by** the promotion rule `is_promo_line` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const PROMO_PREFIXES: &[&str] = &[
    "sign up for",
    "subscribe to",
    "subscribe now",
    "get our newsletter",
    "join our newsletter",
    "follow us on",
    "like us on",
    "click here to subscribe",
    "download our app",
    "support our journalism",
    "get the latest",
    "register now",
    "jetzt registrieren",
];

/// Words that name the post before or after this one, in the languages the pages come in
/// most: a link between posts has one.
///
/// **Read by** the pagination rule `is_pagination_line` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const NEIGHBOUR_WORDS: &[&str] = &[
    "previous",
    "prev",
    "next",
    "older",
    "newer",
    "vorige",
    "nächste",
    "précédent",
    "suivant",
    "anterior",
    "siguiente",
];

/// The other words a line of links between one post and the next may have ("Older *posts*",
/// "Next *article*", "*Weiter*").
///
/// **Read by** the pagination rule `is_pagination_line` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer), with [`NEIGHBOUR_WORDS`] and the date words of
/// [`dates`](super::dates).
pub const PAGINATION_WORDS: &[&str] = &[
    "post",
    "posts",
    "article",
    "story",
    "page",
    "vorheriger",
    "nächster",
    "weiter",
    "zurück",
    "précédente",
    "suivante",
    "precedente",
    "successivo",
];

/// Whole lines that mark a break in the text for an advertisement.
///
/// **Read by** the ad-break rule `is_ad_break` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const AD_BREAK_PHRASES: &[&str] = &[
    "continue reading the main story",
    "continue reading below",
    "skip advertisement",
    "scroll to continue with content",
    "advertisement - scroll to continue",
    "advertisement - continue reading below",
];

/// Openings of the lines that tell the reader the text goes on past an advertisement or a
/// gallery ("Story continues below advertisement"); a few words may follow.
///
/// **Read by** the ad-break rule `is_ad_break` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const AD_BREAK_OPENINGS: &[&str] = &[
    "story continues below",
    "story continues after",
    "article continues below",
    "article continues after",
    "content continues below",
    "the story continues below",
    "the article continues below",
];

/// Labels of a reading-time line ("Reading time: 4 minutes", "Lesezeit: 3 Min."). The
/// unlabelled forms ("5 min read", "4-minute read") are read by the rule itself.
///
/// **Read by** the reading-time rule `is_reading_time` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const READING_TIME_LABELS: &[&str] = &[
    "reading time",
    "read time",
    "estimated reading time",
    "tempo de leitura",
    "tiempo de lectura",
    "tempo di lettura",
    "temps de lecture",
    "lesezeit",
    "leestijd",
];

/// Lines that introduce a list of links to other articles; the list goes with them. In the
/// languages of the pages read most, not English alone ("Mehr zum Thema", "Temas
/// relacionados", "Você pode gostar", "热门推荐").
///
/// **Read by** the block filter (which drops the list that follows too) and the text
/// normalizer (which drops the short lines that follow), through
/// [`is_related_heading`](crate::normalize::boilerplate::is_related_heading).
pub const RELATED_HEADINGS: &[&str] = &[
    "related",
    "related stories",
    "related articles",
    "related posts",
    "related content",
    "related coverage",
    "related reading",
    "read more",
    "read also",
    "also read",
    "see also",
    "more from",
    "more stories",
    "more on this story",
    "more on this topic",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "trending",
    "trending now",
    "most read",
    "most popular",
    "popular stories",
    "don't miss",
    "up next",
    // German
    "mehr zum thema",
    "mehr themen",
    "weitere themen",
    "weitere artikel",
    "weitere beiträge",
    "ähnliche artikel",
    "ähnliche beiträge",
    "verwandte artikel",
    "verwandte themen",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "auch interessant",
    "lesen sie auch",
    "lesen sie auch die folgenden beiträge",
    "sie könnten auch an folgenden artikeln interessiert sein",
    "zum weiterlesen",
    "weiterlesen",
    "weiterführende links",
    "meistgelesen",
    // Spanish and Portuguese
    "temas relacionados",
    "noticias relacionadas",
    "artículos relacionados",
    "notícias relacionadas",
    "artigos relacionados",
    "posts relacionados",
    "le puede interesar",
    "te puede interesar",
    "también te puede interesar",
    "lea también",
    "lee también",
    "vea también",
    "más noticias",
    "lo más leído",
    "você pode gostar",
    "você também pode gostar",
    "leia também",
    "veja também",
    "mais lidas",
    // French, Italian, Dutch, Polish
    "à lire aussi",
    "lire aussi",
    "sur le même sujet",
    "articles similaires",
    "voir aussi",
    "leggi anche",
    "articoli correlati",
    "potrebbe interessarti",
    "lees ook",
    "gerelateerde artikelen",
    "zobacz także",
    "zobacz też",
    "czytaj także",
    "czytaj też",
    // Chinese
    "热门推荐",
    "相关阅读",
    "相关文章",
    "相关推荐",
    "猜你喜欢",
];

/// The words by which a heading of [`RELATED_HEADINGS`] may go on to name where the other
/// articles come from ("Weitere Beiträge *aus* der Kolumne", "More stories *from* the
/// region"), with a space on either side.
///
/// **Read by** the block filter and the text normalizer, through
/// [`is_related_heading`](crate::normalize::boilerplate::is_related_heading).
pub const RELATED_HEADING_QUALIFIERS: &[&str] = &[
    " from ", " aus ", " von ", " zu ", " zum ", " zur ", " de ", " du ", " sur ", " di ",
];

/// Openings of teaser paragraphs that point at other articles ("Read more: …", "SEE ALSO:
/// …"). Unlike [`RELATED_HEADINGS`], words may follow.
///
/// **Read by** the block filter and the text normalizer, through
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph).
pub const TEASER_PREFIXES: &[&str] = &[
    "related:",
    "read more:",
    "read more »",
    "read also:",
    "also read:",
    "see also:",
    "see more:",
    "also:",
    "more:",
    "watch:",
    "watch now:",
    "listen:",
    "recommended:",
    "read next:",
    "up next:",
    "trending:",
    "don't miss:",
    "click here",
    "more on this:",
    "more from",
    "read the full",
    "related coverage",
    "related reading",
    "related stories",
    "related articles",
    "for more information, visit",
    "for more information visit",
    "find more information",
    // German
    "lesen sie auch:",
    "mehr zum thema",
    "auch interessant:",
    "das könnte sie auch interessieren:",
    "hier geht es zu",
    "hier geht's zu",
    "hier geht es weiter zu",
    "weitere infos unter",
    "weitere informationen unter",
    "mehr infos unter",
    "mehr informationen unter",
    "weitere infos gibt es",
    "weitere informationen gibt es",
    "weitere informationen hierzu gibt es",
    // Spanish and Portuguese
    "lea también:",
    "lee también:",
    "le puede interesar:",
    "te puede interesar:",
    "vea también:",
    "mira:",
    "mira también:",
    "leia também:",
    "veja também:",
    "leia mais:",
    // French, Italian, Dutch, Polish
    "lire aussi:",
    "à lire aussi:",
    "leggi anche:",
    "lees ook:",
    "czytaj także:",
    "zobacz także:",
];

/// Openings of a pointer to the site's other stories on the subject, which also names its
/// "coverage" ("Follow AP's full coverage of the election at …").
///
/// **Read by** the coverage rule `is_coverage_promotion` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const COVERAGE_OPENINGS: &[&str] = &["follow ", "read more of "];

/// Openings of the line that says how to cite the page, which also says when it was
/// "retrieved" and from which address.
///
/// **Read by** the citation rule `is_citation_line` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const CITATION_OPENINGS: &[&str] = &["citation:", "cite this"];

/// Openings of the site's appeals to its readers: for money, for tips, for comments.
///
/// **Read by** the appeal rule `is_reader_appeal` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const APPEAL_PREFIXES: &[&str] = &[
    "if you enjoyed this",
    "if you liked this",
    "if you value our",
    "if you appreciate our",
    "have a tip?",
    "got a tip?",
    "have a news tip",
    "got a news tip",
    "tell us what you think",
    "let us know what you think",
    "join our community",
    "join our forums",
    "join the conversation",
    "join the discussion",
    "like this story?",
    "liked this story?",
    "enjoyed this article?",
    "was this article helpful?",
    "you must be logged in to post a comment",
    "become a member",
    "for the latest stories",
    "for the latest news",
    "for breaking news",
    "comments are moderated",
    "all comments are moderated",
    "your comment is awaiting moderation",
    // German
    "war der artikel nützlich",
    "war dieser artikel hilfreich",
    "war dieser beitrag hilfreich",
    "möchten sie den artikel teilen",
    "verraten sie gerne in den kommentaren",
    "sie sind aktuell nicht eingeloggt",
    "sie müssen angemeldet sein",
    "sie müssen eingeloggt sein",
    "du musst angemeldet sein",
    "du musst eingeloggt sein",
    "werden sie mitglied",
    "jetzt mitglied werden",
    "kommentare werden moderiert",
    "folgen sie uns auf",
    "folge uns auf",
    // Spanish and Portuguese
    "¿ya sabías que",
    "hazte miembro",
    "hazte socio",
    "síguenos en",
    "únete a nuestro canal",
    "siga-nos no",
    "os comentários são moderados",
    "los comentarios son moderados",
];

/// Wordings of the site's appeals to follow it elsewhere, found anywhere in a paragraph:
/// "… is out now. Follow us on Twitter @example."
///
/// **Read by** the appeal rule `is_reader_appeal` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const FOLLOW_APPEAL_PHRASES: &[&str] = &[
    "follow us on twitter",
    "follow us on facebook",
    "follow us on instagram",
    "follow us on social media",
    "follow us at twitter",
    "like us on facebook",
];

/// Openings of an appeal to follow the site, by its name, on a network: "Follow *The Daily
/// Example* on Twitter", "Folgen Sie *der Redaktion* auf Instagram". The words that join the
/// name to the network are in [`FOLLOW_APPEAL_JOINS`].
///
/// **Read by** the appeal rule `is_reader_appeal` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer), with the networks of [`SHARE_NETWORKS`] and
/// [`SHARE_TARGETS`].
pub const FOLLOW_APPEAL_OPENINGS: &[&str] = &["follow ", "folgen sie ", "suivez "];

/// The words between the name an appeal to follow asks to follow and the network ("on",
/// "auf", "sur").
///
/// **Read by** the appeal rule `is_reader_appeal`, with [`FOLLOW_APPEAL_OPENINGS`].
pub const FOLLOW_APPEAL_JOINS: &[&str] = &[" on ", " auf ", " sur "];

/// Wordings found only in the notices that say what readers may not do with a text: the
/// long form of a copyright line, often after a "cite this article" reference.
///
/// **Read by** the rights rule `is_rights_notice` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const RIGHTS_NOTICE_PHRASES: &[&str] = &[
    "this document is subject to copyright",
    "no part may be reproduced without",
    "may not be published, broadcast, rewritten or redistributed",
    "may not be reproduced, distributed, transmitted",
];

/// Wordings found only in the notice that a text's opinions are its author's, not the
/// site's: "This post gives the author's view, not necessarily that of the editors".
///
/// **Read by** the disclaimer rule `is_opinion_disclaimer` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const OPINION_DISCLAIMER_PHRASES: &[&str] = &[
    "do not necessarily reflect the views of",
    "does not necessarily reflect the views of",
    "do not necessarily reflect those of",
    "does not necessarily reflect those of",
    "not necessarily those of the editors",
    "gibt die meinung des autors wieder",
    "geben die meinung des autors wieder",
    "nicht notwendigerweise die der redaktion",
    "nicht notwendigerweise die meinung der redaktion",
    "nicht unbedingt die meinung der redaktion",
    "ne reflètent pas nécessairement",
    "n'engagent que leurs auteurs",
    "no reflejan necesariamente",
    "no necesariamente reflejan",
    "não refletem necessariamente",
    "non riflettono necessariamente",
];

/// "All rights reserved", in the languages the pages come in most: a line that says it is a
/// copyright notice, however it goes on ("Materiał chroniony prawem autorskim - wszelkie
/// prawa zastrzeżone. …").
///
/// **Read by** the copyright rule `is_copyright_notice` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const RIGHTS_RESERVED_PHRASES: &[&str] = &[
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "todos os direitos reservados",
    "tutti i diritti riservati",
    "alle rechten voorbehouden",
    "wszelkie prawa zastrzeżone",
];

/// Wordings of the notices that say the page earns from its links or carries advertising
/// ("This post contains affiliate links", "Dieser Beitrag enthält Werbung"), found anywhere
/// in a paragraph.
///
/// **Read by** the disclosure rule `is_disclosure` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const DISCLOSURE_PHRASES: &[&str] = &[
    "contains affiliate links",
    "contain affiliate links",
    "may contain affiliate links",
    "we may earn a commission",
    "we may earn a small commission",
    "we may receive compensation",
    "we may receive a commission",
    "advertising disclaimer",
    "advertising disclosure",
    "affiliate disclosure",
    // German
    "beitrag enthält werbung",
    "artikel enthält werbung",
    "post enthält werbung",
    "enthält affiliate-links",
    "enthält affiliate links",
    "enthält werbelinks",
    // French, Spanish, Portuguese
    "contient des liens affiliés",
    "contiene enlaces de afiliados",
    "contém links de afiliados",
];

/// What a site earns from the links of its page ("… erhält eine Provision"), which with
/// [`DISCLOSURE_LINK_WORDS`] in the same paragraph makes it a disclosure: "For links on this
/// page we may receive a commission".
///
/// **Read by** the disclosure rule `is_disclosure` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const DISCLOSURE_EARNINGS: &[&str] = &[
    "a commission",
    "eine provision",
    "une commission",
    "una comisión",
    "uma comissão",
];

/// The links a disclosure speaks of (see [`DISCLOSURE_EARNINGS`]).
///
/// **Read by** the disclosure rule `is_disclosure` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const DISCLOSURE_LINK_WORDS: &[&str] = &["links", "liens", "enlaces"];

/// Whole-line labels of the contact box under a press release or a notice: whom to ask,
/// with an address, a telephone number or an e-mail address after it ("Pressekontakt",
/// "Ansprechpartnerin zum Thema:", "Media contact").
///
/// **Read by** the block filter, through
/// [`drop_trailing_contact_box`](crate::normalize::boilerplate::drop_trailing_contact_box):
/// the label and what follows it to the end of the article go, when that is short and says
/// how to reach someone.
pub const CONTACT_LABELS: &[&str] = &[
    "contact",
    "contacts",
    "press contact",
    "media contact",
    "media contacts",
    "for more information contact",
    // German
    "kontakt",
    "pressekontakt",
    "medienkontakt",
    "ansprechpartner",
    "ansprechpartnerin",
    "ansprechpartner*in",
    "ansprechpartner zum thema",
    "ansprechpartnerin zum thema",
    "ihr ansprechpartner",
    "ihre ansprechpartnerin",
    // Spanish, French, Italian
    "contacto",
    "contacto de prensa",
    "contact presse",
    "contatti",
    "contatto stampa",
];

/// Labels of the lines that file an article under tags or categories ("Tags: harbour,
/// storms"), matched in any case at the start of the line.
///
/// **Read by** the block filter and the text normalizer, through
/// [`is_taxonomy_line`](crate::normalize::boilerplate::is_taxonomy_line).
pub const TAXONOMY_LABELS: &[&str] = &[
    "tags:",
    "tagged:",
    "tagged with:",
    "filed under:",
    "topics:",
    "categories:",
    "category:",
    "posted in:",
    "this entry was posted in",
    // German
    "kategorie:",
    "kategorien:",
    "schlagwörter:",
    "schlagworte:",
    "abgelegt unter:",
    "dieser eintrag wurde veröffentlicht",
    // Spanish, Portuguese, French, Italian
    "categoría:",
    "categorías:",
    "categoria:",
    "categorias:",
    "etiquetas:",
    "publicado por:",
    "catégorie:",
    "catégories:",
    "étiquettes:",
    "categorie:",
    "archiviato in:",
];

/// Words that open a photo or image credit line ("Photo: Agency / Name", "Image credit: X").
/// A colon must follow, or, for a label ending in " by", a name.
///
/// **Read by** the block filter and the text normalizer, through
/// [`credit_line`](crate::normalize::boilerplate::credit_line): the credit is lifted into
/// the document's metadata instead of staying in the text.
pub const CREDIT_LABELS: &[&str] = &[
    "photo",
    "photos",
    "photo credit",
    "photograph",
    "photo by",
    "photograph by",
    "photographs by",
    "photography",
    "image",
    "image credit",
    "image by",
    "images",
    "picture",
    "pictures",
    "featured image",
    "featured photo",
    "top image",
    "top photo",
    "header image",
    "lead image",
    "main image",
    "cover photo",
    "illustration",
    "illustration by",
    "credit",
    "credits",
    "video",
    // German, French, Spanish, Portuguese, Italian
    "foto",
    "fotos",
    "bild",
    "bilder",
    "quelle",
    "bildquelle",
    "bildnachweis",
    "fotonachweis",
    "beitragsbild",
    "titelbild",
    "symbolbild",
    "crédit photo",
    "image illustrative",
    "image d'illustration",
    "image d’illustration",
    "photo d'illustration",
    "photo d’illustration",
    "crédits photo",
    "crédits photos",
    "fotografía",
    "fuente",
    "créditos",
];

/// The whole text (lowercase) of a permalink mark written as a word. Compare
/// [`PERMALINK_MARKS`](super::marks::PERMALINK_MARKS), the marks written as signs.
///
/// **Read by** the walker, through
/// [`permalink_text`](crate::normalize::boilerplate::permalink_text): a link with such
/// a text is left out when its class says it is a permalink, or when it points at the page
/// itself from a heading (or, but for a bare "link", from the end of a paragraph).
pub const PERMALINK_WORDS: &[&str] = &[
    "permalink",
    "permalien",
    "link",
    "anchor",
    "anchor link",
    "direct link",
    "link to this heading",
    "link to this section",
    "link to this paragraph",
];
