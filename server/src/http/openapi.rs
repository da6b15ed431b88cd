//! The OpenAPI document is assembled from the handlers' own annotations, so
//! it cannot drift from what they do.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "haitao shop API", description = "Catalog, quotes and orders of the haitao storefront; sellers' previews."),
    servers((url = "/api")),
    modifiers(&PreviewToken),
    tags((name = "catalog"), (name = "legal"), (name = "orders"), (name = "preview"), (name = "system"))
)]
pub struct ApiDoc;

/// Previews take the token `haitao-server preview-token` prints, as a bearer token.
struct PreviewToken;

impl Modify for PreviewToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "preview_token",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
    }
}

/// Answers every operation can give that its handler does not declare: a bad
/// parameter or body (400), a body too large (413), not JSON (415) or not
/// of the schema (422), and
/// the rate limit on creating orders and payments and on sign-in codes (429). All in the one
/// error shape. Applied to the finished document (the routes' paths are
/// only in it once the router is built).
pub struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in doc.paths.paths.iter_mut() {
            let limited = path == "/orders"
                || path.ends_with("/pay")
                || path.ends_with("/cancel")
                || path == "/auth/code"
                || path == "/auth/session";
            for (is_post, op) in [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (false, item.put.as_mut()),
                (false, item.delete.as_mut()),
            ] {
                let Some(op) = op else { continue };
                let answers = &mut op.responses.responses;
                answers
                    .entry("400".into())
                    .or_insert_with(|| error("a parameter or the body is not valid"));
                if op.request_body.is_some() {
                    answers
                        .entry("413".into())
                        .or_insert_with(|| error("the body is over 64 KB"));
                    answers
                        .entry("415".into())
                        .or_insert_with(|| error("the body is not JSON"));
                    answers
                        .entry("422".into())
                        .or_insert_with(|| error("the body does not fit the schema"));
                }
                if is_post && limited {
                    answers
                        .entry("429".into())
                        .or_insert_with(|| error("too many from this client; see Retry-After"));
                }
            }
        }
    }
}
