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
  `,
  `
  -- Conversations (protocol 4): direct conversations, replies, edits, deletes, reactions, search.
  ALTER TABLE rooms ADD COLUMN is_direct INTEGER NOT NULL DEFAULT 0;
  -- The room's change cursor: every edit, delete or reaction takes last_change + 1 and stamps the
  -- message with it (change_seq), in the same transaction, like last_seq for new messages.
  ALTER TABLE rooms ADD COLUMN last_change INTEGER NOT NULL DEFAULT 0;

  -- One row per direct conversation, keyed by its two identities in order (user_low < user_high),
  -- so a pair can only ever have one.
  CREATE TABLE direct_rooms (
    room_id TEXT PRIMARY KEY REFERENCES rooms(id),
    user_low TEXT NOT NULL REFERENCES users(id),
    user_high TEXT NOT NULL REFERENCES users(id),
    CHECK (user_low < user_high),
    UNIQUE (user_low, user_high)
  );

  ALTER TABLE messages ADD COLUMN reply_to TEXT REFERENCES messages(id);
  ALTER TABLE messages ADD COLUMN edited_at INTEGER;
  ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
  ALTER TABLE messages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX messages_by_change ON messages(room_id, change_seq);

  -- Oldest first by rowid: a message shows each emoji in the order first used.
  CREATE TABLE reactions (
    message_id TEXT NOT NULL REFERENCES messages(id),
    emoji TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL,
    UNIQUE (message_id, emoji, user_id)
  );

  -- Full-text index over the texts, folded so "voce" finds "você". External content: the index
  -- keeps tokens only, the text stays in messages.body (found by rowid, which VACUUM may renumber
  -- on a table without an integer key: after one, run INSERT INTO messages_fts(messages_fts)
  -- VALUES('rebuild')). 'secure-delete' makes a delete remove a text's tokens from the index's
  -- pages instead of leaving them behind a tombstone, so an erased text leaves no word behind.
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    body,
    content = 'messages',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1);
  INSERT INTO messages_fts(rowid, body)
    SELECT rowid, body FROM messages WHERE kind = 'text' AND body IS NOT NULL AND body != '';

  -- Kept in step with messages.body by triggers, so every way a text is written (the host, a
  -- bulk import) indexes it. A deleted text is '' and is not in the index.
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
    WHEN new.kind = 'text' AND new.body IS NOT NULL AND new.body != ''
  BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.rowid, new.body);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
    WHEN new.kind = 'text' AND old.body IS NOT new.body
  BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body)
      SELECT 'delete', old.rowid, old.body WHERE old.body IS NOT NULL AND old.body != '';
    INSERT INTO messages_fts(rowid, body)
      SELECT new.rowid, new.body WHERE new.body IS NOT NULL AND new.body != '';
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
    WHEN old.kind = 'text' AND old.body IS NOT NULL AND old.body != ''
  BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
  END;
  `,
  `
  -- Files and images (protocol 5). Content is stored once per SHA-256 in the data folder
  -- (files/<first two hex digits>/<sha256>); this row says what it is. A row with nothing
  -- referring to it (no attachment, no thumbnail, no open upload's thumbnail) is deleted with
  -- its file.
  CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    -- Sniffed from the content, never taken from a name.
    type TEXT NOT NULL,
    -- A previewable image's size as shown; NULL for anything else.
    width INTEGER,
    height INTEGER,
    created_at INTEGER NOT NULL
  );

  -- The file a text message carries (its text is the caption). Deleted with the message's text.
  CREATE TABLE attachments (
    message_id TEXT PRIMARY KEY REFERENCES messages(id),
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    -- Sanitised on the host (shared/file-name.ts).
    name TEXT NOT NULL,
    thumb_sha256 TEXT REFERENCES files(sha256)
  );
  CREATE INDEX attachments_by_file ON attachments(sha256);
  CREATE INDEX attachments_by_thumb ON attachments(thumb_sha256) WHERE thumb_sha256 IS NOT NULL;

  -- Uploads started and not finished: what the message will say once the bytes are in, so an
  -- upload survives a restart of the host. The bytes so far are in files/incoming/<id>.
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    room_id TEXT NOT NULL REFERENCES rooms(id),
    client_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    caption TEXT NOT NULL,
    reply_to TEXT REFERENCES messages(id),
    thumb_sha256 TEXT REFERENCES files(sha256),
    received INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    -- When bytes last arrived: an upload quiet for too long is abandoned.
    updated_at INTEGER NOT NULL,
    UNIQUE (user_id, client_id)
  );
  CREATE INDEX uploads_by_thumb ON uploads(thumb_sha256) WHERE thumb_sha256 IS NOT NULL;
  `
]
