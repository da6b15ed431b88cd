//! The OpenAPI document is assembled from the handlers' own annotations, so
//! it cannot drift from what they do.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "haitao shop API", description = "Catalog, quotes and orders of the haitao storefront; sellers' previews."),
    servers((url = "/api")),
    modifiers(&PreviewToken),
    tags((name = "catalog"), (name = "orders"), (name = "preview"), (name = "system"))
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
