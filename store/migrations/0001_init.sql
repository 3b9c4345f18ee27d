-- dealcoach schema, version 1. Times are unix seconds (INTEGER); calendar
-- days (close dates, due dates) are ISO-8601 text 'YYYY-MM-DD' or ''.

CREATE TABLE playbooks (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    source     TEXT    NOT NULL,   -- the TOML text, so old sessions stay readable
    created_at INTEGER NOT NULL
);

CREATE TABLE reps (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
);

CREATE TABLE deals (
    id          INTEGER PRIMARY KEY,
    rep_id      INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    account     TEXT    NOT NULL DEFAULT '',
    amount      INTEGER NOT NULL DEFAULT 0,    -- cents
    currency    TEXT    NOT NULL DEFAULT 'USD',
    stage       TEXT    NOT NULL,              -- playbook stage key
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),
    close_date  TEXT    NOT NULL DEFAULT '',
    next_step   TEXT    NOT NULL DEFAULT '',
    crm_id      TEXT    NOT NULL DEFAULT '',
    stage_since INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
-- amount is in the key so the home screen's open count and pipeline sum
-- are read from the index alone.
CREATE INDEX deals_rep ON deals(rep_id, status, amount);
CREATE UNIQUE INDEX deals_crm ON deals(crm_id) WHERE crm_id <> '';
CREATE INDEX deals_natural ON deals(rep_id, account, name);

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    rep_id           INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CHECK (kind IN ('one_on_one','ride_along')),
    playbook_version INTEGER NOT NULL REFERENCES playbooks(version),
    started_at       INTEGER NOT NULL,
    ended_at         INTEGER,                  -- NULL while unfinished
    timebox_minutes  INTEGER NOT NULL DEFAULT 30,
    focus_skill      TEXT    NOT NULL DEFAULT '',
    notes            TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_rep ON sessions(rep_id, started_at);
-- The home screen asks each rep's last one-on-one and any unfinished
-- session; both are single index probes.
CREATE INDEX sessions_kind ON sessions(rep_id, kind, started_at);
CREATE INDEX sessions_unfinished ON sessions(rep_id, kind, started_at) WHERE ended_at IS NULL;

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    deal_id      INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    stage        TEXT    NOT NULL,
    shared_note  TEXT    NOT NULL DEFAULT '',
    private_note TEXT    NOT NULL DEFAULT '',
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    UNIQUE (session_id, deal_id)
);
CREATE INDEX reviews_deal ON reviews(deal_id, created_at);

-- rep_id and deal_id repeat what the review (and its session) say. They
-- never change once the answer exists, and they let stage strength read a
-- rep's answers in a time window from one covering index (answers_rep)
-- instead of joining sessions → reviews → answers over a million rows.
CREATE TABLE answers (
    review_id   INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    rep_id      INTEGER NOT NULL,
    deal_id     INTEGER NOT NULL,
    stage       TEXT    NOT NULL,
    item        TEXT    NOT NULL,
    value       TEXT    NOT NULL CHECK (value IN ('yes','no','unsure','na')),
    evidence    TEXT    NOT NULL DEFAULT '',
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (review_id, item)
) WITHOUT ROWID;
-- The primary key (review_id, item) rides along in every index entry, so
-- this index holds every column of a coaching.Fact.
CREATE INDEX answers_rep ON answers(rep_id, answered_at, stage, value, deal_id);

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    rep_id      INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    deal_id     INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    text        TEXT    NOT NULL,
    owner       TEXT    NOT NULL CHECK (owner IN ('rep','manager')),
    due         TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','not_done','dropped')),
    created_at  INTEGER NOT NULL,
    reviewed_in INTEGER REFERENCES sessions(id) ON DELETE SET NULL
);
CREATE INDEX actions_rep ON actions(rep_id, status);
CREATE INDEX actions_session ON actions(session_id);
-- For "status set in this session" and for ON DELETE SET NULL, which would
-- otherwise scan actions whenever a session or deal is deleted.
CREATE INDEX actions_reviewed ON actions(reviewed_in) WHERE reviewed_in IS NOT NULL;
CREATE INDEX actions_deal ON actions(deal_id) WHERE deal_id IS NOT NULL;

CREATE TABLE debriefs (
    session_id         INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    deal_id            INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    objective          TEXT NOT NULL DEFAULT '',
    commitment_wanted  TEXT NOT NULL DEFAULT '',
    fallback           TEXT NOT NULL DEFAULT '',
    attendees          TEXT NOT NULL DEFAULT '',
    manager_role       TEXT NOT NULL DEFAULT '',
    observe_skill      TEXT NOT NULL DEFAULT '',
    outcome            TEXT NOT NULL DEFAULT '',
    customer_next_step TEXT NOT NULL DEFAULT '',
    customer_next_date TEXT NOT NULL DEFAULT '',
    went_well          TEXT NOT NULL DEFAULT '',
    do_differently     TEXT NOT NULL DEFAULT '',
    surprised          TEXT NOT NULL DEFAULT '',
    practise           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX debriefs_deal ON debriefs(deal_id);  -- ON DELETE CASCADE from deals

CREATE TABLE snapshots (
    deal_id    INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    taken_at   INTEGER NOT NULL,
    stage      TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    amount     INTEGER NOT NULL,
    close_date TEXT    NOT NULL
);
CREATE INDEX snapshots_deal ON snapshots(deal_id, taken_at);
