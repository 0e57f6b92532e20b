"""The open data API: read-only JSON under /api/v1/ with an OpenAPI 3.1 document."""
