-- Whether a focus skill's strength rose while a rep kept it (issue 16):
-- the skills of each manager's playbook, by the items that show them, and
-- a way from a session to its reviews.
CREATE TABLE dealcoach.playbook_skills (
    manager text NOT NULL DEFAULT current_user,
    skill   text NOT NULL,
    item    text NOT NULL,
    name    text NOT NULL,
    hash    bigint NOT NULL,
    PRIMARY KEY (manager, skill, item) INCLUDE (hash)
);

CREATE INDEX reviews_session ON dealcoach.reviews (manager, session_id) INCLUDE (id);
