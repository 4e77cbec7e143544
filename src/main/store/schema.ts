/**
 * The host's database schema, as numbered migrations. `PRAGMA user_version` records how many
 * have run, so a host started on an older data folder brings it up to date in place.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    -- sha-256 of the installation's secret: the secret itself is never stored.
    secret_hash TEXT NOT NULL UNIQUE,
    nickname TEXT NOT NULL,
    -- Case-folded, trimmed nickname: uniqueness is per host and case-insensitive.
    nickname_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );

  CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    code TEXT UNIQUE,
    name TEXT NOT NULL,
    is_lobby INTEGER NOT NULL DEFAULT 0,
    created_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL,
    -- Highest seq handed out; the next message takes last_seq + 1 in the same transaction.
    last_seq INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE members (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    joined_at INTEGER NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
  );
  CREATE INDEX members_by_user ON members(user_id);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'notice')),
    -- The author of a text, or the subject of a notice.
    user_id TEXT NOT NULL REFERENCES users(id),
    body TEXT,
    notice TEXT,
    client_id TEXT,
    UNIQUE (room_id, seq)
  );
  -- A resent message (same author, same clientId) is found instead of stored twice.
  CREATE UNIQUE INDEX messages_by_client_id ON messages(user_id, client_id)
    WHERE client_id IS NOT NULL;
  `,
  `
  -- One row per host data folder: what stays the same across restarts (the host's id).
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  -- Identities are Ed25519 keys (protocol 3). An identity from before keeps its row: secret_hash
  -- still holds its old secret's hash and legacy_lookup says which row a legacy proof is for
  -- (filled in by the store on opening), until its first signed login moves it to its key; from
  -- then on secret_hash holds 'key:' + the key, which no proof can match.
  ALTER TABLE users ADD COLUMN public_key TEXT;
  ALTER TABLE users ADD COLUMN legacy_lookup TEXT;
  CREATE UNIQUE INDEX users_by_public_key ON users(public_key) WHERE public_key IS NOT NULL;
  CREATE UNIQUE INDEX users_by_legacy_lookup ON users(legacy_lookup)
    WHERE legacy_lookup IS NOT NULL;

  -- Removed by the person hosting: kept out across restarts until let back in.
  CREATE TABLE removals (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    removed_at INTEGER NOT NULL
  );
  `
]
