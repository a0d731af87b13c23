-- Orders, the contact log, idempotency records, the event log behind /v1/events, and the indexes
-- every list route pages through (keyset order, newest first).

CREATE TABLE users (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id        text NOT NULL,
  name      text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE INDEX customers_by_created ON customers (tenant_id, created_at DESC, id DESC);

CREATE TABLE orders (
  tenant_id    text        NOT NULL,
  id           text        NOT NULL,
  number       text        NOT NULL,
  customer_id  text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
  total_amount bigint      NOT NULL,
  currency     char(3)     NOT NULL,
  items        jsonb       NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);

CREATE INDEX orders_by_customer ON orders (tenant_id, customer_id, created_at DESC, id DESC);
CREATE INDEX orders_by_customer_status ON orders (tenant_id, customer_id, status, created_at DESC, id DESC);

CREATE TABLE contacts (
  tenant_id   text        NOT NULL,
  id          text        NOT NULL,
  customer_id text        NOT NULL,
  channel     text        NOT NULL CHECK (channel IN ('call', 'email', 'meeting', 'chat', 'sms', 'note')),
  direction   text        CHECK (direction IN ('inbound', 'outbound')),
  subject     text,
  body        text        NOT NULL,
  author_id   text        NOT NULL,
  author_name text        NOT NULL,
  occurred_at timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);

CREATE INDEX contacts_by_customer ON contacts (tenant_id, customer_id, occurred_at DESC, id DESC);

-- One row per (tenant, user, Idempotency-Key): the request's fingerprint and the first answer.
CREATE TABLE idempotency_keys (
  tenant_id    text        NOT NULL,
  user_id      text        NOT NULL,
  key          text        NOT NULL,
  request_hash text        NOT NULL,
  status       integer     NOT NULL,
  response     jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, key)
);

-- The event log: ids are the SSE `id:` lines, so a client resumes with Last-Event-ID.
CREATE TABLE events (
  id          bigserial   PRIMARY KEY,
  tenant_id   text        NOT NULL,
  type        text        NOT NULL,
  resource_id text        NOT NULL,
  customer_id text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_by_tenant ON events (tenant_id, id);
