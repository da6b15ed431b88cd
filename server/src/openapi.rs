//! The OpenAPI document is assembled from the handlers' own annotations, so
//! it cannot drift from what they do.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "haitao shop API", description = "Catalog, quotes and orders of the haitao storefront."),
    servers((url = "/api")),
    tags((name = "catalog"), (name = "orders"), (name = "system"))
)]
pub struct ApiDoc;
