/**
 * SQL migrations, applied in order, identical for PGlite and PostgreSQL (kept to
 * what PostgreSQL 15 and later accept). Never edit a released migration: add one.
 */
/** Must list the same fields as MUTABLE_ORDER_FIELDS in repo.ts (orders: body = the rest, state = these). */
const MUTABLE = `ARRAY['status', 'slotAssignments', 'updatedAt', 'arrivedAt', 'shelvedAt', 'collection', 'cancelledAt',
  'cancelReason', 'returnedAt', 'lastRemindedAt', 'extendedUntil', 'version']`;

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE stores (
    id text PRIMARY KEY,
    name text NOT NULL,
    time_zone text NOT NULL,
    -- the store's feed sequence: every change takes the next value
    version bigint NOT NULL DEFAULT 0
  );
  CREATE TABLE terminals (
    id text PRIMARY KEY,
    store_id text NOT NULL REFERENCES stores (id),
    name text NOT NULL,
    key_hash text NOT NULL UNIQUE
  );
  -- the feed: the latest state of every entity a store sees, with its version
  CREATE TABLE entities (
    store_id text NOT NULL REFERENCES stores (id),
    entity text NOT NULL,
    key text NOT NULL,
    data jsonb,
    deleted boolean NOT NULL DEFAULT false,
    version bigint NOT NULL,
    PRIMARY KEY (store_id, entity, key)
  );
  CREATE INDEX entities_feed ON entities (store_id, version);
  CREATE INDEX entities_by_key ON entities (entity, key);
  -- what the mall shows the customer; never in the feed
  CREATE TABLE order_secrets (
    order_id text PRIMARY KEY,
    store_id text NOT NULL REFERENCES stores (id),
    order_no text NOT NULL UNIQUE,
    pickup_code text NOT NULL,
    pickup_token text NOT NULL,
    UNIQUE (store_id, pickup_code)
  );
  -- every mutation ever received: the idempotency record and the log
  CREATE TABLE mutations (
    id uuid PRIMARY KEY,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    seq bigint NOT NULL,
    type text NOT NULL,
    staff_id text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL DEFAULT 'applied',
    code text,
    reason text
  );
  CREATE INDEX mutations_by_terminal ON mutations (terminal_id, seq);
  CREATE TABLE sales (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    sale_id uuid,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    -- the sale itself is the mutation's payload
    mutation_id uuid NOT NULL,
    total_fen bigint NOT NULL
  );
  CREATE INDEX sales_refunds ON sales (sale_id);
  CREATE TABLE shifts (
    id text PRIMARY KEY,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    status text NOT NULL,
    data jsonb NOT NULL
  );
  CREATE TABLE day_closes (
    store_id text NOT NULL,
    business_date text NOT NULL,
    provisional boolean NOT NULL,
    mutation_id uuid NOT NULL,
    PRIMARY KEY (store_id, business_date)
  );
  CREATE TABLE pickup_keys (
    kid text PRIMARY KEY,
    public_key text NOT NULL,
    private_pkcs8 text NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE meta (
    key text PRIMARY KEY,
    value jsonb NOT NULL
  )
  `,
  `
  -- The feed's text: pulls copy \`body\` (immutable fields, JSON text) and splice in
  -- \`state\` (the fields that change), never re-serialising whole documents.
  ALTER TABLE entities ADD COLUMN body text;
  ALTER TABLE entities ADD COLUMN state jsonb;
  UPDATE entities SET body = data::text WHERE body IS NULL AND data IS NOT NULL AND entity <> 'order';
  UPDATE entities
  SET state = (SELECT jsonb_object_agg(j.k, j.v) FROM jsonb_each(data) AS j(k, v) WHERE j.k = ANY (${MUTABLE})),
      body = (data - ${MUTABLE})::text,
      data = NULL
  WHERE entity = 'order' AND data IS NOT NULL;
  -- keep rows (an order is 2-4 kB with its text) inline and uncompressed: pushes
  -- read and rewrite hundreds per batch, and pglz on each costs more than the space
  ALTER TABLE entities SET (toast_tuple_target = 8160);
  ALTER TABLE entities ALTER COLUMN data SET STORAGE MAIN;
  ALTER TABLE entities ALTER COLUMN body SET STORAGE MAIN
  `,
  `
  -- The feed's text without its closing brace: a pull splices state in as
  -- body_open || ',' || (state's text after its opening brace). Cutting the brace
  -- at read time (left(body, -1)) counted every character of every document and
  -- held pulls to ~33k changes/s on PGlite; appending '}' costs nothing.
  ALTER TABLE entities RENAME COLUMN body TO body_open;
  UPDATE entities SET body_open = left(body_open, -1) WHERE body_open IS NOT NULL
  `,
  `
  -- Store-scoped identities (issue #15): ids a terminal makes are unique within its
  -- store only, so another store reusing one can neither see nor change this store's
  -- rows. Pickup keys: a key is published (in the feed) before it signs, from signs_from.
  ALTER TABLE mutations DROP CONSTRAINT mutations_pkey;
  ALTER TABLE mutations ADD PRIMARY KEY (store_id, id);
  DROP INDEX mutations_by_terminal;
  CREATE INDEX mutations_by_terminal ON mutations (store_id, terminal_id, seq);
  ALTER TABLE sales DROP CONSTRAINT sales_pkey;
  ALTER TABLE sales ADD PRIMARY KEY (store_id, id);
  DROP INDEX sales_refunds;
  CREATE INDEX sales_refunds ON sales (store_id, sale_id);
  ALTER TABLE shifts DROP CONSTRAINT shifts_pkey;
  ALTER TABLE shifts ADD PRIMARY KEY (store_id, id);
  ALTER TABLE terminals DROP CONSTRAINT terminals_pkey;
  ALTER TABLE terminals ADD PRIMARY KEY (store_id, id);
  ALTER TABLE terminals ADD COLUMN revoked_at timestamptz;
  ALTER TABLE pickup_keys ADD COLUMN signs_from timestamptz;
  UPDATE pickup_keys SET signs_from = created_at;
  ALTER TABLE pickup_keys ALTER COLUMN signs_from SET NOT NULL
  `,
  `
  -- A new terminal's first sync (firstSync.ts): its small stages — config, then the open
  -- orders — read from their own partial indexes instead of walking the whole feed to
  -- find a few dozen (config) or a few thousand (open) rows among 70k: 80-600 ms a page
  -- on B4's data. The conditions match firstSync.ts's STAGE_WHERE (a test checks the plans).
  CREATE INDEX entities_first_config ON entities (store_id, version)
    WHERE entity NOT IN ('order', 'product', 'stockLevel') AND NOT deleted;
  CREATE INDEX entities_first_open ON entities (store_id, version)
    WHERE entity = 'order' AND NOT deleted AND (state->>'status') NOT IN ('collected', 'cancelled', 'returned')
  `,
];
