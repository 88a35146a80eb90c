// Shared by the pipeline targets (included, not a module of its own): reads fuzz bytes the way
// a downloaded page is read, so format detection (HTML, text, MHTML, feeds) and charset
// decoding are fuzzed too.

/// Serves the fuzz input as the body of any address, with no content type.
struct BytesFetcher<'a>(&'a [u8]);

impl cleancopy::source::Fetcher for BytesFetcher<'_> {
    fn fetch(
        &self,
        url: &str,
        _referer: Option<&str>,
    ) -> Result<cleancopy::source::Fetched, cleancopy::source::SourceError> {
        Ok(cleancopy::source::Fetched {
            url: url.to_string(),
            media_type: None,
            charset: None,
            bytes: self.0.to_vec(),
        })
    }
}

/// The article the pipeline reads from `data`, if it finds one.
fn cleancopy_fuzz_read(data: &[u8]) -> Option<cleancopy::document::Document> {
    let input = cleancopy::source::Input::Url("https://example.org/news/story".into());
    let options = cleancopy::ReadOptions::default();
    cleancopy::read_article_with(&input, &options, &BytesFetcher(data)).ok()
}
