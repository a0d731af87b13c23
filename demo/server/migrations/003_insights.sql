-- Customer insights (segment, next-order forecast, churn risk), computed off the request path and
-- served by GET /v1/customers/{id}/insights. Both tables hang off tenants/customers, so a
-- TRUNCATE … CASCADE of those (the seed's --reset) clears them too.

-- One row per tenant: the fitted models (k-means centroids and scaling, churn tree) as plain JSON,
-- so a customer without a stored row can be scored without training anything.
CREATE TABLE insight_models (
  tenant_id      text        PRIMARY KEY REFERENCES tenants (id),
  model          jsonb       NOT NULL,
  -- The tenant's newest event id when the computation read its data: a process that finds a
  -- stored row at or past the newest event has nothing to recompute.
  events_through bigint      NOT NULL,
  reference_at   timestamptz NOT NULL,
  computed_at    timestamptz NOT NULL
);

-- One row per customer: the answer of the insights route, as served.
CREATE TABLE customer_insights (
  tenant_id   text        NOT NULL,
  customer_id text        NOT NULL,
  insights    json        NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
