package dev.jube.api.openapi;

/** The two OpenAPI document versions the API server publishes. */
enum Dialect {
    /** Swagger 2.0, served at /openapi/v2. */
    V2,
    /** OpenAPI 3.0, served per group-version under /openapi/v3. */
    V3
}
