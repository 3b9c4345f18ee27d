-- The coaching thread (DESIGN §10): what was agreed, practised and improved,
-- session to session.

-- The focus a session opened with, and whether the rep practised it:
-- 'yes', 'partly', 'no', or '' while not asked.
ALTER TABLE sessions ADD COLUMN focus_reviewed  TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN focus_practised TEXT NOT NULL DEFAULT ''
    CHECK (focus_practised IN ('', 'yes', 'partly', 'no'));
ALTER TABLE sessions ADD COLUMN focus_evidence  TEXT NOT NULL DEFAULT '';

-- How many 1:1s a commitment marked "not done" has been carried over.
ALTER TABLE actions ADD COLUMN carried INTEGER NOT NULL DEFAULT 0;

-- Where an answer came from: '' the manager, 'crm' a suggestion from the
-- CRM snapshots the manager confirmed.
ALTER TABLE answers ADD COLUMN source TEXT NOT NULL DEFAULT ''
    CHECK (source IN ('', 'crm'));

-- The deal the rep asked to talk about.
ALTER TABLE reviews ADD COLUMN rep_pick INTEGER NOT NULL DEFAULT 0;

-- After a ride-along call: how the rep did on the skill observed.
ALTER TABLE debriefs ADD COLUMN observe_outcome TEXT NOT NULL DEFAULT ''
    CHECK (observe_outcome IN ('', 'yes', 'partly', 'no'));

-- Each 1:1's verdict on a commitment from an earlier one. A step marked
-- not done stays open and is gone through again in every 1:1 until done or
-- dropped, so one step has a verdict per 1:1 and each recap keeps its own.
-- actions.status and reviewed_in repeat the newest verdict ('not_done'
-- counts as open), actions.carried the number of 'not_done' verdicts.
CREATE TABLE action_reviews (
    action_id  INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    status     TEXT    NOT NULL CHECK (status IN ('done','not_done','dropped')),
    PRIMARY KEY (action_id, session_id)
) WITHOUT ROWID;
CREATE INDEX action_reviews_session ON action_reviews(session_id);
