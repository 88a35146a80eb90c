//! Fitting a book under its format's size limit (Send to Kindle takes books up to 50 MB): when
//! the pictures make the book too large, they are scaled down, all by one factor, and the book
//! is rendered again, until it fits.

use crate::backend::{Backend, RenderContext, Rendered};
use crate::document::EmbeddedImage;
use crate::error::Error;
use crate::images::downscale;

/// How many times the pictures are scaled down before a book over the size limit is given up.
const MAX_FIT_ATTEMPTS: usize = 6;

/// The share of the limit aimed at, so that the book lands under it after one scaling.
const TARGET_SHARE: f64 = 0.97;

/// Renders `context` with `backend`; when the book is over the backend's
/// [`Backend::max_output_bytes`], renders it again with its pictures scaled down until it fits
/// (or gives up after a few attempts), with a warning either way.
pub fn render_within_limit(
    backend: &dyn Backend,
    context: &RenderContext<'_>,
) -> Result<Rendered, Error> {
    let mut rendered = backend.render(context)?;
    let Some(limit) = backend.max_output_bytes() else {
        return Ok(rendered);
    };
    let originals = context.images;
    let mut scaled: Option<Vec<EmbeddedImage>> = None;
    let mut factor = 1.0_f64;
    let mut warnings = Vec::new();
    for attempt in 0.. {
        let current = scaled.as_deref().unwrap_or(originals);
        if rendered.bytes.len() <= limit || current.is_empty() {
            break;
        }
        let pictures: usize = current.iter().map(|image| image.bytes.len()).sum();
        let rest = rendered.bytes.len().saturating_sub(pictures);
        let room = (limit as f64 * TARGET_SHARE) - rest as f64;
        if attempt >= MAX_FIT_ATTEMPTS || room <= 0.0 {
            warnings.push(format!(
                "the book is {} MB, over the {} MB limit, even with its pictures scaled down",
                megabytes(rendered.bytes.len()),
                megabytes(limit)
            ));
            break;
        }
        // Bytes go with the pixel count: scale each side by the square root, a bit less.
        factor *= (room / pictures as f64).sqrt().min(0.95);
        if attempt == 0 {
            warnings.push(format!(
                "the pictures make the book {} MB, over the {} MB limit: scaling them down",
                megabytes(rendered.bytes.len()),
                megabytes(limit)
            ));
        }
        let smaller = originals
            .iter()
            .map(|image| downscale(image, factor))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| crate::backend::BackendError::new(backend.name(), error))?;
        rendered = backend.render(&context.with_images(&smaller))?;
        scaled = Some(smaller);
    }
    rendered.warnings.extend(warnings);
    Ok(rendered)
}

/// Bytes as megabytes with one decimal, for messages.
fn megabytes(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}
