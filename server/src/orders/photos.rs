//! Shoppers' photos (after-sales, reviews). A photo is taken only as a JPEG,
//! PNG or WebP picture of at most `PHOTO_MAX_BYTES`, whatever it claims:
//! the server decodes it (within limits, so a small file cannot unfold into
//! gigabytes) and writes the pixels again as a new JPEG, so nothing of the
//! file sent (its metadata, a script hidden in a chunk, the camera's GPS
//! position) is kept or served. Kept in the database, tied to its order;
//! refused ones are never stored anywhere.

use std::io::Cursor;

use axum::http::StatusCode;
use haitao_core::aftersales::{PHOTO_MAX_BYTES, PHOTO_TYPES};
use haitao_core::ErrorCode;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::error::{ApiError, ApiResult};

/// The longest side kept: a phone's photo is read on a phone.
const MAX_SIDE: u32 = 1600;
/// The largest picture decoded, per side.
const DECODE_MAX_SIDE: u32 = 12_000;
/// What decoding may allocate.
const DECODE_MAX_BYTES: u64 = 256 * 1024 * 1024;
/// Photos of one order not yet used by a request or review.
const UNUSED_MAX: i64 = 12;

/// A photo written again.
pub struct Cleaned {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> ApiError {
    ApiError::new(status, code, message).field("photo")
}

pub fn too_large() -> ApiError {
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PhotoTooLarge,
        "a photo may be at most 5 MB",
    )
}

/// `bytes`, sent as `claimed` (its Content-Type), as a clean JPEG.
pub fn clean(bytes: &[u8], claimed: &str) -> ApiResult<Cleaned> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(too_large());
    }
    let not_image = || {
        refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::PhotoNotAnImage,
            "only a JPEG, PNG or WebP picture is taken",
        )
    };
    let claimed = claimed
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !PHOTO_TYPES.contains(&claimed.as_str()) {
        return Err(not_image());
    }
    // What the bytes are, not what they are called.
    let format = image::guess_format(bytes).map_err(|_| not_image())?;
    let expected = match claimed.as_str() {
        "image/jpeg" => ImageFormat::Jpeg,
        "image/png" => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    if format != expected {
        return Err(not_image());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(DECODE_MAX_SIDE);
    limits.max_image_height = Some(DECODE_MAX_SIDE);
    limits.max_alloc = Some(DECODE_MAX_BYTES);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| not_image())?;
    let picture = if picture.width().max(picture.height()) > MAX_SIDE {
        picture.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle)
    } else {
        picture
    };
    // Transparency over white (JPEG has none).
    let rgba = picture.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        rgb.put_pixel(x, y, image::Rgb([over(p[0]), over(p[1]), over(p[2])]));
    }
    let (width, height) = (rgb.width(), rgb.height());
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 82)
        .encode_image(&DynamicImage::ImageRgb8(rgb))
        .map_err(|e| {
            tracing::error!("photo not written: {e}");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error",
            )
        })?;
    Ok(Cleaned {
        jpeg,
        width,
        height,
    })
}

/// Keeps a cleaned photo for `order`; its id.
pub async fn keep(db: &AnyPool, clock: &Clock, order: &str, photo: &Cleaned) -> ApiResult<String> {
    let (unused,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM photos WHERE order_id = $1 AND used = 0")
            .bind(order)
            .fetch_one(db)
            .await?;
    if unused >= UNUSED_MAX {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyPhotos,
            "too many photos waiting to be sent with a request or review",
        )
        .field("photo"));
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query(
        "INSERT INTO photos (id, order_id, bytes, width, height, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(order)
    .bind(photo.jpeg.as_slice())
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(clock.stamp())
    .execute(db)
    .await?;
    tracing::info!(order, photo = %id, bytes = photo.jpeg.len(), "photo kept");
    Ok(id)
}

/// Where a photo is served.
pub fn url(id: &str) -> String {
    format!("/api/photos/{id}.jpg")
}

/// A kept photo's bytes.
pub async fn bytes(db: &AnyPool, id: &str) -> ApiResult<Vec<u8>> {
    let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT bytes FROM photos WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(|(b,)| b)
        .ok_or_else(|| ApiError::not_found("photo"))
}

/// What photos are attached to.
#[derive(Clone, Copy, Debug)]
pub enum Of {
    Aftersales(i64),
    Review(i64),
}

/// The addresses of the photos attached to `of`, in their order.
pub async fn urls_of(db: &AnyPool, of: Of) -> ApiResult<Vec<String>> {
    let (sql, id) = match of {
        Of::Aftersales(id) => (
            "SELECT photo_id FROM aftersales_photos WHERE aftersales_id = $1 ORDER BY position",
            id,
        ),
        Of::Review(id) => (
            "SELECT photo_id FROM review_photos WHERE review_id = $1 ORDER BY position",
            id,
        ),
    };
    let ids: Vec<(String,)> = sqlx::query_as(sql).bind(id).fetch_all(db).await?;
    Ok(ids.into_iter().map(|(p,)| url(&p)).collect())
}

/// Checks that `ids` are photos of `order` not used yet, at most `MAX_PHOTOS`.
pub async fn check_unused(
    tx: &mut sqlx::AnyConnection,
    order: &str,
    ids: &[String],
) -> ApiResult<()> {
    if ids.len() > haitao_core::aftersales::MAX_PHOTOS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyPhotos,
            "at most 3 photos",
        )
        .field("photos"));
    }
    for id in ids {
        let ok: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM photos WHERE id = $1 AND order_id = $2 AND used = 0")
                .bind(id)
                .bind(order)
                .fetch_optional(&mut *tx)
                .await?;
        if ok.is_none() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidNote,
                "a photo that is not this order's, or used already",
            )
            .field("photos"));
        }
        sqlx::query("UPDATE photos SET used = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Photos never used, a day on.
pub async fn forget_unused(db: &AnyPool, clock: &Clock) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM photos WHERE used = 0 AND created_at <= $1")
            .bind(clock.stamp_in(-86_400))
            .execute(db)
            .await?
            .rows_affected(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_with_text(chunk_text: &str) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(40, 30, image::Rgba([200, 30, 30, 255]));
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{e}"));
        // A tEXt chunk before IEND, as a tool hiding a script would add it.
        let iend = png.len() - 12;
        let mut chunk = Vec::new();
        let data = [b"Comment\0".as_slice(), chunk_text.as_bytes()].concat();
        chunk.extend((data.len() as u32).to_be_bytes());
        chunk.extend(b"tEXt");
        chunk.extend(&data);
        let crc = crc32(&[b"tEXt".as_slice(), &data].concat());
        chunk.extend(crc.to_be_bytes());
        png.splice(iend..iend, chunk);
        png
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn a_png_with_a_script_in_its_metadata_comes_back_as_pixels_only() {
        let script = "<script>alert(document.cookie)</script>";
        let png = png_with_text(script);
        assert!(png.windows(script.len()).any(|w| w == script.as_bytes()));
        let c = clean(&png, "image/png").unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((c.width, c.height), (40, 30));
        assert_eq!(image::guess_format(&c.jpeg).ok(), Some(ImageFormat::Jpeg));
        assert!(!c.jpeg.windows(8).any(|w| w == b"<script>"));
    }

    #[test]
    fn a_file_that_claims_to_be_a_jpeg_and_is_not_is_refused() {
        let err = clean(b"GIF89a not really", "image/jpeg")
            .err()
            .map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::PhotoNotAnImage));
        let png = png_with_text("x");
        let err = clean(&png, "image/jpeg").err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::PhotoNotAnImage), "a PNG called a JPEG");
        let err = clean(&png, "image/gif").err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::PhotoNotAnImage));
        // A JPEG's first bytes and then nothing: not a picture.
        let err = clean(&[0xff, 0xd8, 0xff, 0xe0, 0, 16], "image/jpeg")
            .err()
            .map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::PhotoNotAnImage));
    }

    #[test]
    fn a_large_photo_is_refused_and_a_big_picture_made_smaller() {
        let big = vec![0u8; PHOTO_MAX_BYTES + 1];
        assert_eq!(
            clean(&big, "image/jpeg").err().map(|e| e.code),
            Some(ErrorCode::PhotoTooLarge)
        );
        let img = image::RgbImage::from_pixel(3200, 1000, image::Rgb([10, 120, 30]));
        let mut jpeg = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap_or_else(|e| panic!("{e}"));
        let c = clean(&jpeg, "image/jpeg").unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((c.width, c.height), (1600, 500));
    }
}
