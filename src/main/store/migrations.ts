/**
 * The conversation database's schema, as an append-only list of migrations. The database's
 * `user_version` records how many have run; each runs inside its own transaction. Never edit a
 * migration that has shipped: add a new one.
 *
 * Objects are stored whole, as the JSON the API would return (`data`), with the few fields
 * that queries filter or sort on copied into indexed columns when a row is written.
 */
export const migrations: readonly string[] = [
  // 1: assistants, threads, messages (with full-text index), runs, run steps.
  `
  CREATE TABLE assistants (
    id          TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    data        TEXT NOT NULL
  ) STRICT;

  CREATE TABLE threads (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    assistant_id     TEXT REFERENCES assistants(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    last_activity_ms INTEGER NOT NULL,
    metadata         TEXT NOT NULL DEFAULT '{}',
    remote_ids       TEXT NOT NULL DEFAULT '{}',
    title            TEXT GENERATED ALWAYS AS (coalesce(json_extract(metadata, '$.title'), '')) VIRTUAL,
    pinned           INTEGER GENERATED ALWAYS AS (coalesce(json_extract(metadata, '$.pinned'), '') = 'true') VIRTUAL
  ) STRICT;
  CREATE INDEX threads_by_activity ON threads (pinned DESC, last_activity_ms DESC, seq DESC);
  CREATE INDEX threads_by_assistant ON threads (assistant_id, pinned DESC, last_activity_ms DESC, seq DESC);

  -- seq is the order messages were added to their thread; ids are random.
  CREATE TABLE messages (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    run_id     TEXT,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX messages_by_thread ON messages (thread_id, seq);
  CREATE INDEX messages_by_run ON messages (run_id) WHERE run_id IS NOT NULL;

  -- Full-text index over message text. Contentless (the text already lives in messages.data);
  -- rows hold search terms prepared by search-terms.ts, so Korean, Japanese and Chinese text
  -- is findable by any part of a word. rowid = messages.seq.
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  -- FTS5's automatic merging runs whole-level merges at COMMIT: measured, an occasional append
  -- took 70–250 ms on a large index. Instead every write does a small bounded merge step
  -- (MessagesRepo.index), which keeps appends under ~5 ms and the index compact.
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = old.seq;
  END;

  CREATE TABLE runs (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX runs_by_thread ON runs (thread_id, seq);
  CREATE INDEX runs_active ON runs (status) WHERE status IN ('queued', 'in_progress', 'requires_action', 'cancelling');

  CREATE TABLE run_steps (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    run_id     TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX run_steps_by_run ON run_steps (run_id, seq);

  -- Facts about this database's life, e.g. that the first-launch assistant was created (so a
  -- user who deletes it does not get it back).
  CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // Branches (message actions): each message knows the message before it on its path
  // (`parent_id`); an edited question or a regenerated reply is a sibling of the one it
  // replaces. `selected` marks the sibling a path goes through (the one last shown), `on_path`
  // the messages of the thread's visible path — what the thread shows and what a run sends.
  // Along any path each message was added after its parent, so the visible path in `seq` order
  // is the conversation in order, and paging by `seq` works on it unchanged. Existing threads
  // become one path: each message's parent is the one added before it.
  `
  ALTER TABLE messages ADD COLUMN parent_id TEXT;
  ALTER TABLE messages ADD COLUMN selected INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE messages ADD COLUMN on_path INTEGER NOT NULL DEFAULT 1;
  UPDATE messages SET parent_id = previous.id
    FROM (SELECT seq, lag(id) OVER (PARTITION BY thread_id ORDER BY seq) AS id FROM messages) AS previous
   WHERE previous.seq = messages.seq AND previous.id IS NOT NULL;
  CREATE INDEX messages_visible ON messages (thread_id, seq) WHERE on_path = 1;
  CREATE INDEX messages_by_parent ON messages (thread_id, parent_id, seq);
  `,
]
