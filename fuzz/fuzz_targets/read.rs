// Shared by the pipeline targets (included, not a module of its own): reads fuzz bytes the way
// a downloaded page is read, so format detection (HTML, text, MHTML, feeds) and charset
// decoding are fuzzed too.

/// Serves the fuzz input as the body of any address, with no content type.
struct BytesFetcher(Vec<u8>);

impl cleancopy::source::Fetcher for BytesFetcher {
    fn fetch(
        &self,
        url: &str,
        _referer: Option<&str>,
    ) -> Result<cleancopy::source::Fetched, cleancopy::source::SourceError> {
        Ok(cleancopy::source::Fetched {
            url: url.to_string(),
            media_type: None,
            charset: None,
            bytes: self.0.clone(),
        })
    }
}

/// The article the pipeline reads from `data`, if it finds one.
fn cleancopy_fuzz_read(data: &[u8]) -> Option<cleancopy::document::Document> {
    use cleancopy::convert::{Converter, Options, OutputFormat};
    let input = cleancopy::source::Input::Url("https://example.org/news/story".into());
    let fetcher = std::sync::Arc::new(BytesFetcher(data.to_vec()));
    let converter =
        Converter::with_fetcher(OutputFormat::Json.backend(), Options::default(), fetcher).ok()?;
    converter.read(&input).ok().map(|sourced| sourced.document)
}
