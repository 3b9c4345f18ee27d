-- dealcoach's organisation database (issue 16). Every row belongs to the
-- manager who published it: manager is the login role (current_user), and
-- row-level security keeps each manager to their own rows. Ids are the
-- manager's local SQLite ids, so keys are (manager, local id). No foreign
-- keys: the laptop is the source of truth and a publish sends rows in any
-- order. hash is the row's content hash, so the next publish sends only
-- what changed. Times are unix seconds; days are 'YYYY-MM-DD' or ''.

CREATE TABLE dealcoach.playbook (
    manager     text NOT NULL DEFAULT current_user,
    id          bigint NOT NULL,
    weak_below  double precision NOT NULL,
    min_answers bigint NOT NULL,
    hash        bigint NOT NULL,
    PRIMARY KEY (manager, id) INCLUDE (hash)
);

CREATE TABLE dealcoach.playbook_groups (
    manager  text NOT NULL DEFAULT current_user,
    grp      text NOT NULL,
    name     text NOT NULL,
    position bigint NOT NULL,
    hash     bigint NOT NULL,
    PRIMARY KEY (manager, grp) INCLUDE (hash)
);

CREATE TABLE dealcoach.playbook_items (
    manager text NOT NULL DEFAULT current_user,
    item    text NOT NULL,
    grp     text NOT NULL,
    hash    bigint NOT NULL,
    PRIMARY KEY (manager, item) INCLUDE (hash)
);

CREATE TABLE dealcoach.reps (
    manager text NOT NULL DEFAULT current_user,
    id      bigint NOT NULL,
    name    text NOT NULL,
    hash    bigint NOT NULL,
    PRIMARY KEY (manager, id) INCLUDE (hash)
);

CREATE TABLE dealcoach.deals (
    manager     text NOT NULL DEFAULT current_user,
    id          bigint NOT NULL,
    rep_id      bigint NOT NULL,
    stage       text NOT NULL,
    status      text NOT NULL,
    amount      bigint NOT NULL,   -- cents
    currency    text NOT NULL,
    close_date  text NOT NULL,
    stage_since bigint NOT NULL,
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL,
    hash        bigint NOT NULL,
    PRIMARY KEY (manager, id) INCLUDE (hash)
);

CREATE TABLE dealcoach.sessions (
    manager         text NOT NULL DEFAULT current_user,
    id              bigint NOT NULL,
    rep_id          bigint NOT NULL,
    kind            text NOT NULL,
    started_at      bigint NOT NULL,
    ended_at        bigint,
    focus_skill     text NOT NULL,
    focus_practised text NOT NULL,
    focus_evidence  text NOT NULL,  -- '' unless published --with-shared-notes
    hash            bigint NOT NULL,
    PRIMARY KEY (manager, id) INCLUDE (hash)
);
-- The window of sessions, and "when did this rep last have a 1:1".
CREATE INDEX sessions_window ON dealcoach.sessions (started_at) INCLUDE (manager, kind, rep_id, focus_skill, focus_practised);
CREATE INDEX sessions_rep ON dealcoach.sessions (manager, rep_id, kind, started_at);

CREATE TABLE dealcoach.reviews (
    manager     text NOT NULL DEFAULT current_user,
    id          bigint NOT NULL,
    session_id  bigint NOT NULL,
    deal_id     bigint NOT NULL,
    stage       text NOT NULL,
    shared_note text NOT NULL,      -- '' unless published --with-shared-notes
    hash        bigint NOT NULL,
    PRIMARY KEY (manager, id) INCLUDE (hash)
);

CREATE TABLE dealcoach.answers (
    manager     text NOT NULL DEFAULT current_user,
    review_id   bigint NOT NULL,
    item        text NOT NULL,
    rep_id      bigint NOT NULL,
    deal_id     bigint NOT NULL,
    stage       text NOT NULL,
    value       text NOT NULL,
    answered_at bigint NOT NULL,
    evidence    text NOT NULL,      -- '' unless published --with-shared-notes
    hash        bigint NOT NULL,
    PRIMARY KEY (manager, review_id, item) INCLUDE (hash)
);
-- Stage strength reads a window of answers from this index alone.
CREATE INDEX answers_window ON dealcoach.answers (answered_at)
    INCLUDE (manager, deal_id, item, review_id, rep_id, stage, value);

CREATE TABLE dealcoach.actions (
    manager    text NOT NULL DEFAULT current_user,
    id         bigint NOT NULL,
    session_id bigint NOT NULL,
    rep_id     bigint NOT NULL,
    deal_id    bigint,
    owner      text NOT NULL,
    due        text NOT NULL,
    status     text NOT NULL,
    created_at bigint NOT NULL,
    hash       bigint NOT NULL,
    PRIMARY KEY (manager, id) INCLUDE (hash)
);
CREATE INDEX actions_created ON dealcoach.actions (created_at) INCLUDE (manager, owner, status);

-- Per manager and table: the sum of the row hashes and the row count, so a
-- publish skips a table that has not changed without reading its keys.
CREATE TABLE dealcoach.digests (
    manager text NOT NULL DEFAULT current_user,
    tbl     text NOT NULL,
    digest  bigint NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (manager, tbl)
);

CREATE TABLE dealcoach.publishes (
    manager      text NOT NULL DEFAULT current_user PRIMARY KEY,
    published_at timestamptz NOT NULL DEFAULT now()
);
