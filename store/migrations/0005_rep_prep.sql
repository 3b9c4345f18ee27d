-- The rep's own view before a 1:1 (DESIGN §11, issue 15): the prep file
-- the rep filled, read back. It lives apart from the manager's answers:
-- the rep's view is not evidence, so nothing that scores stage strength
-- reads these tables.

CREATE TABLE preps (
    id               INTEGER PRIMARY KEY,
    prep_id          TEXT    NOT NULL UNIQUE,   -- the random id in the file
    rep_id           INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    playbook_version INTEGER NOT NULL,
    created          TEXT    NOT NULL DEFAULT '',   -- 'YYYY-MM-DD' as the file says
    help             TEXT    NOT NULL DEFAULT '',   -- "Where do you want help?"
    digest           TEXT    NOT NULL,              -- what the file said, to see it again unchanged
    imported_at      INTEGER NOT NULL
);
CREATE INDEX preps_rep ON preps(rep_id, imported_at);

CREATE TABLE prep_answers (
    prep     INTEGER NOT NULL REFERENCES preps(id) ON DELETE CASCADE,
    deal_id  INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    stage    TEXT    NOT NULL,
    item     TEXT    NOT NULL,
    value    TEXT    NOT NULL CHECK (value IN ('yes','no','unsure','na')),
    evidence TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (prep, deal_id, item)
) WITHOUT ROWID;
CREATE INDEX prep_answers_deal ON prep_answers(deal_id);

-- The deals the rep asked to talk about, with why.
CREATE TABLE prep_picks (
    prep     INTEGER NOT NULL REFERENCES preps(id) ON DELETE CASCADE,
    deal_id  INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    reason   TEXT    NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    PRIMARY KEY (prep, deal_id)
) WITHOUT ROWID;
CREATE INDEX prep_picks_deal ON prep_picks(deal_id);
