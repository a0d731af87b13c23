-- crm-widgets reference API, schema v1 (skeleton): tenants and customers.
-- Plain PostgreSQL: the same file runs on PGlite and on a PostgreSQL server.

CREATE TABLE tenants (
  id   text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE customers (
  tenant_id             text        NOT NULL REFERENCES tenants (id),
  id                    text        NOT NULL,
  name                  text        NOT NULL,
  company               text,
  email                 text,
  phone                 text,
  avatar_url            text,
  website               text,
  tags                  text[]      NOT NULL DEFAULT '{}',
  tier                  text,
  owner_id              text,
  owner_name            text,
  lifetime_value_amount bigint      NOT NULL DEFAULT 0,
  lifetime_value_currency char(3)   NOT NULL DEFAULT 'CNY',
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  last_contact_at       timestamptz,
  -- Bumped on every write; the ETag is derived from it.
  version               integer     NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
