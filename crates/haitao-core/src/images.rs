//! Product images come in two widths, NAME-400.webp and NAME-800.webp (see
//! scripts/raster-images.mjs); the API names the 400 one.

/// "a-400.webp 400w, a-800.webp 800w" for a shop image; none for others.
pub fn srcset(src: &str) -> Option<String> {
    let base = src.strip_suffix("-400.webp")?;
    Some(format!("{src} 400w, {base}-800.webp 800w"))
}

/// Card widths: half the screen on phones, a third or a quarter on wider ones.
pub const CARD_SIZES: &str = "(min-width: 960px) 25vw, (min-width: 640px) 33vw, 50vw";
/// The product gallery: the full width on phones, half beside the details.
pub const GALLERY_SIZES: &str = "(min-width: 800px) 50vw, 100vw";
