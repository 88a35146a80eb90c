//! What drawing an SVG will cost, estimated from usvg's tree before resvg draws a pixel.
//!
//! resvg cannot be stopped once it draws, so the work is bounded up front: the estimate follows
//! resvg's own steps (every shape painted, every group that needs a layer of its own, every
//! clip path, mask, pattern tile, nested picture and filter primitive) and counts the pixels
//! each touches and the pixels held at once. Each count is an upper bound: areas are those of
//! bounding boxes, clamped to the surface drawn on the way resvg clamps them.
//!
//! Work is counted in units of painting one pixel with blending (about 10 ns). The weights of
//! filter primitives, relative to that, were measured with resvg 0.49: a Gaussian blur costs
//! 30 to 60 units a pixel whatever its radius (resvg blurs with running sums), a morphology
//! filter costs in proportion to its window, a convolution to its kernel, turbulence to its
//! octaves.

use resvg::tiny_skia::{Rect, Transform};
use resvg::usvg::{self, filter, Group, ImageKind, Node, Paint};

use super::OverLimit;

/// The most elements drawn, counting an element each time it is drawn (a pattern's contents
/// for every shape it fills, a clip path for every group it clips). resvg draws about 500,000
/// small shapes a second; detailed maps have tens of thousands.
pub(super) const MAX_DRAWN_ELEMENTS: u64 = 200_000;

/// The most work drawing may take, in units of painting one pixel (about 10 ns): a few
/// seconds. A 1600-pixel picture blurred as a whole takes about 270 million; many filters on
/// regions larger than the picture, or a few on regions many times its size, take more.
pub(super) const MAX_PIXEL_WORK: u64 = 300_000_000;

/// The most memory the pixels of one drawing may hold at once (the picture, the layers of
/// groups drawn inside each other, the intermediate results of a filter, pattern tiles):
/// the same as a decoded raster picture may take.
pub(super) const MAX_PIXEL_BYTES: u64 = crate::images::MAX_DECODE_ALLOC;

/// Work per element drawn, whatever its size: setting up its paint, its transform, its
/// outline (about 2.5 µs).
const ELEMENT_WORK: u64 = 256;
/// Work per pixel of a layer: allocating and clearing it, and drawing it back.
const LAYER_WORK: u64 = 2;
/// Work per pixel of a clip path's coverage pixmap: filling it and applying it.
const CLIP_WORK: u64 = 2;
/// Work per pixel of a mask: its pixmap, the rectangle it is clipped to, applying it.
const MASK_WORK: u64 = 4;
/// Work per point of a path's outline: flattening and rasterising its edges, stroking.
const POINT_WORK: u64 = 8;
/// Work per pixel of every filter primitive: converting colour spaces, copying its input,
/// allocating its result.
const PRIMITIVE_WORK: u64 = 8;
/// Extra work per pixel of a Gaussian blur of at least 2 pixels (three box blurs each way).
const BOX_BLUR_WORK: u64 = 32;
/// Extra work per pixel of a Gaussian blur under 2 pixels (a recursive filter, slower).
const IIR_BLUR_WORK: u64 = 64;
/// Extra work per pixel of a lighting filter.
const LIGHTING_WORK: u64 = 24;
/// Extra work per pixel and octave of turbulence.
const OCTAVE_WORK: u64 = 16;
/// How much a layer may exceed the picture on each side, as resvg clamps it: from two picture
/// widths before it to two after, so five widths in all.
const LAYER_REACH: f64 = 5.0;
/// Bytes per pixel of a pixmap.
const BYTES_PER_PIXEL: u64 = 4;

/// The estimate for a drawing within the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Measured {
    /// Elements drawn, counting each time one is drawn.
    pub elements: u64,
    /// Pixel work, in units of painting one pixel.
    pub work: u64,
    /// The most bytes of pixels held at once, the picture's own included.
    pub pixel_bytes: u64,
}

/// Checks that drawing `tree` with `transform` onto a `width` × `height` picture stays within
/// [`MAX_DRAWN_ELEMENTS`], [`MAX_PIXEL_WORK`] and [`MAX_PIXEL_BYTES`], and says what it takes.
pub(super) fn check(
    tree: &usvg::Tree,
    transform: Transform,
    width: u32,
    height: u32,
) -> Result<Measured, OverLimit> {
    let canvas = Size {
        width: f64::from(width),
        height: f64::from(height),
    };
    let mut estimate = Estimate::default();
    let held = estimate.children(tree.root(), transform, Surface::picture(canvas))?;
    let bytes = canvas
        .area()
        .saturating_add(held)
        .saturating_mul(BYTES_PER_PIXEL);
    if bytes > MAX_PIXEL_BYTES {
        return Err(OverLimit::PixelBytes(bytes));
    }
    Ok(Measured {
        elements: estimate.elements,
        work: estimate.work,
        pixel_bytes: bytes,
    })
}

/// A width and a height in pixels.
#[derive(Debug, Clone, Copy)]
struct Size {
    width: f64,
    height: f64,
}

impl Size {
    /// Each side no longer than the same side of `bound`.
    fn within(self, bound: Size) -> Size {
        Size {
            width: self.width.min(bound.width),
            height: self.height.min(bound.height),
        }
    }

    fn area(self) -> u64 {
        (self.width.max(0.0) as u64).saturating_mul(self.height.max(0.0) as u64)
    }

    fn scaled(self, factor: f64) -> Size {
        Size {
            width: self.width * factor,
            height: self.height * factor,
        }
    }

    /// The pixels `rect` covers once transformed: its bounding box, rounded out. A rectangle
    /// that cannot be transformed (infinite or not a number) counts as unbounded.
    fn of(rect: Rect, transform: Transform) -> Size {
        match rect.transform(transform) {
            Some(drawn) => Size {
                width: f64::from(drawn.width()).ceil() + 1.0,
                height: f64::from(drawn.height()).ceil() + 1.0,
            },
            None => Size {
                width: f64::INFINITY,
                height: f64::INFINITY,
            },
        }
    }
}

/// What is drawn on: its size, and how large a layer drawn there may be.
#[derive(Debug, Clone, Copy)]
struct Surface {
    size: Size,
    max_layer: Size,
}

impl Surface {
    /// A picture (or a pixmap drawn as one) of `size`: layers reach beyond it as resvg allows.
    fn picture(size: Size) -> Surface {
        Surface {
            size,
            max_layer: size.scaled(LAYER_REACH),
        }
    }

    /// A layer of `size` inside `self`.
    fn layer(self, size: Size) -> Surface {
        Surface { size, ..self }
    }
}

/// The counts so far.
#[derive(Debug, Default)]
struct Estimate {
    elements: u64,
    work: u64,
}

impl Estimate {
    fn add_element(&mut self) -> Result<(), OverLimit> {
        self.elements += 1;
        if self.elements > MAX_DRAWN_ELEMENTS {
            return Err(OverLimit::Elements(self.elements));
        }
        self.add_work(ELEMENT_WORK)
    }

    fn add_work(&mut self, work: u64) -> Result<(), OverLimit> {
        self.work = self.work.saturating_add(work);
        if self.work > MAX_PIXEL_WORK {
            return Err(OverLimit::Work(self.work));
        }
        Ok(())
    }

    /// Draws the children of `group` (whose coordinates `base` maps to `surface`'s pixels);
    /// returns the most pixels held at once beyond the surface.
    fn children(
        &mut self,
        group: &Group,
        base: Transform,
        surface: Surface,
    ) -> Result<u64, OverLimit> {
        let mut held = 0;
        for node in group.children() {
            self.add_element()?;
            let node_held = match node {
                Node::Group(group) => self.group(group, base, surface)?,
                Node::Path(path) => self.path(path, base, surface.size, None)?,
                Node::Image(image) => self.image(image, base, surface)?,
                Node::Text(text) => {
                    let covered = Size::of(text.abs_stroke_bounding_box(), base);
                    self.text(text.flattened(), base, surface, covered)?
                }
            };
            held = held.max(node_held);
        }
        Ok(held)
    }

    /// A group: drawn straight onto the surface, or on a layer of its own when it has an
    /// opacity, a blend mode, a clip path, a mask or filters.
    fn group(
        &mut self,
        group: &Group,
        base: Transform,
        surface: Surface,
    ) -> Result<u64, OverLimit> {
        if !group.should_isolate() {
            return self.children(group, base, surface);
        }
        let mut size = Size::of(group.abs_layer_bounding_box().to_rect(), base);
        if group.filters().is_empty() {
            // resvg widens a layer by 2 pixels a side for antialiasing.
            size.width += 4.0;
            size.height += 4.0;
        }
        let layer = surface.layer(size.within(surface.max_layer));
        let area = layer.size.area();
        self.add_work(area.saturating_mul(LAYER_WORK))?;
        // Clip paths, masks and filters have coordinates of their own, from the group's.
        let inside = base.pre_concat(group.abs_transform());
        let mut held = self.children(group, base, layer)?;
        for filter in group.filters() {
            held = held.max(self.filter(filter, inside, layer)?);
        }
        if let Some(clip) = group.clip_path() {
            held = held.max(self.clip(clip, inside, layer)?);
        }
        if let Some(mask) = group.mask() {
            held = held.max(self.mask(mask, inside, layer)?);
        }
        Ok(area.saturating_add(held))
    }

    /// A path, painted over its bounding box (or over `covered`, for a glyph run), once for its
    /// fill and once for its stroke; a gradient or pattern counts twice.
    fn path(
        &mut self,
        path: &usvg::Path,
        base: Transform,
        target: Size,
        covered: Option<Size>,
    ) -> Result<u64, OverLimit> {
        if !path.is_visible() {
            return Ok(0);
        }
        let area = covered
            .unwrap_or_else(|| Size::of(path.abs_stroke_bounding_box(), base))
            .within(target)
            .area();
        self.add_work((path.data().len() as u64).saturating_mul(POINT_WORK))?;
        let paints = path.fill().map(usvg::Fill::paint);
        let paints = paints
            .into_iter()
            .chain(path.stroke().map(usvg::Stroke::paint));
        let mut held = 0;
        for paint in paints {
            let shading = if matches!(paint, Paint::Color(_)) {
                1
            } else {
                2
            };
            self.add_work(area.saturating_mul(shading))?;
            if let Paint::Pattern(pattern) = paint {
                held = held.max(self.pattern(pattern, base.pre_concat(path.abs_transform()))?);
            }
        }
        Ok(held)
    }

    /// A pattern tile: drawn on a pixmap of its own for every shape it paints.
    fn pattern(&mut self, pattern: &usvg::Pattern, transform: Transform) -> Result<u64, OverLimit> {
        let (sx, sy) = transform.pre_concat(pattern.transform()).get_scale();
        let rect = pattern.rect();
        let tile = Size {
            width: f64::from((rect.width() * sx).round()),
            height: f64::from((rect.height() * sy).round()),
        };
        let area = tile.area();
        self.add_work(area)?;
        let tile_surface = Surface::picture(tile);
        let held = self.children(pattern.root(), Transform::from_scale(sx, sy), tile_surface)?;
        Ok(area.saturating_add(held))
    }

    /// The outlines of a text, each painted over the text's whole bounding box.
    fn text(
        &mut self,
        flattened: &Group,
        base: Transform,
        surface: Surface,
        covered: Size,
    ) -> Result<u64, OverLimit> {
        let mut held = 0;
        for node in flattened.children() {
            self.add_element()?;
            let node_held = match node {
                Node::Path(path) => self.path(path, base, surface.size, Some(covered))?,
                Node::Group(group) => {
                    // A colour glyph, on a layer the size of the text at most.
                    let area = covered.within(surface.max_layer).area();
                    self.add_work(area.saturating_mul(LAYER_WORK))?;
                    area.saturating_add(self.text(group, base, surface, covered)?)
                }
                Node::Image(image) => self.image(image, base, surface)?,
                Node::Text(text) => self.text(text.flattened(), base, surface, covered)?,
            };
            held = held.max(node_held);
        }
        Ok(held)
    }

    /// A picture inside the picture. Raster pictures are not drawn by this build of resvg; a
    /// nested SVG is drawn on a pixmap the size of the surface, then copied onto it.
    fn image(
        &mut self,
        image: &usvg::Image,
        base: Transform,
        surface: Surface,
    ) -> Result<u64, OverLimit> {
        let ImageKind::SVG(tree) = image.kind() else {
            return Ok(0);
        };
        if !image.is_visible() {
            return Ok(0);
        }
        let area = surface.size.area();
        self.add_work(area.saturating_mul(LAYER_WORK))?;
        let nested = Surface::picture(surface.size);
        let held = self.children(tree.root(), base.pre_concat(image.abs_transform()), nested)?;
        Ok(area.saturating_add(held))
    }

    /// A clip path: a coverage pixmap the size of the layer, its shapes drawn into it.
    fn clip(
        &mut self,
        clip: &usvg::ClipPath,
        inside: Transform,
        layer: Surface,
    ) -> Result<u64, OverLimit> {
        self.add_element()?;
        let area = layer.size.area();
        self.add_work(area.saturating_mul(CLIP_WORK))?;
        let mut held = self.children(clip.root(), inside.pre_concat(clip.transform()), layer)?;
        if let Some(outer) = clip.clip_path() {
            held = held.max(self.clip(outer, inside, layer)?);
        }
        Ok(area.saturating_add(held))
    }

    /// A mask: a pixmap and a coverage mask the size of the layer, its contents drawn into it.
    fn mask(
        &mut self,
        mask: &usvg::Mask,
        inside: Transform,
        layer: Surface,
    ) -> Result<u64, OverLimit> {
        self.add_element()?;
        let area = layer.size.area();
        self.add_work(area.saturating_mul(MASK_WORK))?;
        let mut held = self.children(mask.root(), inside, layer)?;
        if let Some(outer) = mask.mask() {
            held = held.max(self.mask(outer, inside, layer)?);
        }
        Ok(area.saturating_mul(2).saturating_add(held))
    }

    /// A filter: every primitive works over the filter region (clamped to the layer), and every
    /// result is kept until the filter is done.
    fn filter(
        &mut self,
        filter: &filter::Filter,
        inside: Transform,
        layer: Surface,
    ) -> Result<u64, OverLimit> {
        let region = Size::of(filter.rect().to_rect(), inside).within(layer.size);
        let area = region.area();
        let (sx, sy) = inside.get_scale();
        let mut held_inside = 0;
        for primitive in filter.primitives() {
            self.add_element()?;
            let per_pixel = primitive_work(primitive.kind(), sx, sy, region);
            self.add_work(area.saturating_mul(per_pixel))?;
            if let filter::Kind::Image(image) = primitive.kind() {
                let surface = Surface::picture(region);
                let held = self.children(image.root(), Transform::from_scale(sx, sy), surface)?;
                held_inside = held_inside.max(held);
            }
        }
        // The source, a copy of it, a scratch buffer, and one result per primitive.
        let results = filter.primitives().len() as u64 + 3;
        Ok(area.saturating_mul(results).saturating_add(held_inside))
    }
}

/// The work per pixel of one filter primitive drawn with scale factors `sx`, `sy` over a
/// region of `region`.
fn primitive_work(kind: &filter::Kind, sx: f32, sy: f32, region: Size) -> u64 {
    let extra = match kind {
        filter::Kind::GaussianBlur(blur) => {
            blur_work(blur.std_dev_x().get() * sx, blur.std_dev_y().get() * sy)
        }
        filter::Kind::DropShadow(shadow) => {
            PRIMITIVE_WORK + blur_work(shadow.std_dev_x().get() * sx, shadow.std_dev_y().get() * sy)
        }
        filter::Kind::Morphology(morphology) => {
            // Every pixel looks at every pixel of a window of (2r + 1)², r capped by the region.
            let side = |radius: f32, scale: f32, limit: f64| {
                let radius = f64::from((radius * scale).round()).clamp(0.0, limit);
                2.0 * radius + 1.0
            };
            let window = side(morphology.radius_x().get(), sx, region.width)
                * side(morphology.radius_y().get(), sy, region.height);
            (window / 4.0).min(u64::MAX as f64) as u64
        }
        filter::Kind::ConvolveMatrix(convolve) => {
            let matrix = convolve.matrix();
            u64::from(matrix.columns()).saturating_mul(u64::from(matrix.rows()))
        }
        filter::Kind::Turbulence(turbulence) => {
            OCTAVE_WORK.saturating_mul(u64::from(turbulence.num_octaves()).saturating_add(1))
        }
        filter::Kind::DiffuseLighting(_) | filter::Kind::SpecularLighting(_) => LIGHTING_WORK,
        filter::Kind::DisplacementMap(_) => PRIMITIVE_WORK,
        filter::Kind::Merge(merge) => 4 * merge.inputs().len() as u64,
        filter::Kind::Blend(_)
        | filter::Kind::ColorMatrix(_)
        | filter::Kind::ComponentTransfer(_)
        | filter::Kind::Composite(_)
        | filter::Kind::Flood(_)
        | filter::Kind::Image(_)
        | filter::Kind::Offset(_)
        | filter::Kind::Tile(_) => 0,
    };
    PRIMITIVE_WORK.saturating_add(extra)
}

/// The extra work per pixel of a blur with these standard deviations in pixels (the radius
/// does not matter: resvg blurs with running sums).
fn blur_work(x: f32, y: f32) -> u64 {
    if x >= 2.0 || y >= 2.0 {
        BOX_BLUR_WORK
    } else if x > 0.0 || y > 0.0 {
        IIR_BLUR_WORK
    } else {
        0
    }
}
