-- The summaries count the latest answer per (deal, item) in a window
-- (DESIGN §5). next_at makes that a range scan with a filter: it is the
-- answered_at of the next answer to the same deal and item, in the order
-- the scoring reads them — (answered_at, stage, value, review_id) — or NULL
-- for the pair's latest. The latest of a pair within [a, b) is then the row
-- with a <= answered_at < b AND (next_at IS NULL OR next_at >= b); of two
-- answers in the same second the earlier has next_at = answered_at < b.
ALTER TABLE answers ADD COLUMN next_at INTEGER;

UPDATE answers SET next_at = l.n FROM (
  SELECT review_id, item, lead(answered_at) OVER (
    PARTITION BY deal_id, item ORDER BY answered_at, stage, value, review_id) AS n
  FROM answers) AS l
WHERE answers.review_id = l.review_id AND answers.item = l.item AND l.n IS NOT NULL;

-- answers_rep keeps its order (the facts are read in it) and now covers
-- next_at too; review_id and item, the primary key, ride along anyway.
DROP INDEX answers_rep;
CREATE INDEX answers_rep ON answers(rep_id, answered_at, stage, value, deal_id, review_id, item, next_at);

-- The triggers below find a pair's answers in this order.
CREATE INDEX answers_pair ON answers(deal_id, item, answered_at, stage, value, review_id);

-- An answer after x in the order lowers x's next_at to its own time; the
-- new row takes the time of the first answer after it.
CREATE TRIGGER answers_next_insert AFTER INSERT ON answers BEGIN
  UPDATE answers SET next_at = NEW.answered_at
  WHERE deal_id = NEW.deal_id AND item = NEW.item
    AND (answered_at, stage, value, review_id) < (NEW.answered_at, NEW.stage, NEW.value, NEW.review_id)
    AND (next_at IS NULL OR next_at > NEW.answered_at);
  UPDATE answers SET next_at = (
    SELECT min(b.answered_at) FROM answers b WHERE b.deal_id = NEW.deal_id AND b.item = NEW.item
      AND (b.answered_at, b.stage, b.value, b.review_id) > (NEW.answered_at, NEW.stage, NEW.value, NEW.review_id))
  WHERE review_id = NEW.review_id AND item = NEW.item;
END;

-- Only answers whose next was the removed one's time can change. Deleting
-- a review, session, deal or rep removes answers through ON DELETE
-- CASCADE, which fires this trigger for each.
CREATE TRIGGER answers_next_delete AFTER DELETE ON answers BEGIN
  UPDATE answers SET next_at = (
    SELECT min(b.answered_at) FROM answers b WHERE b.deal_id = answers.deal_id AND b.item = answers.item
      AND (b.answered_at, b.stage, b.value, b.review_id) > (answers.answered_at, answers.stage, answers.value, answers.review_id))
  WHERE deal_id = OLD.deal_id AND item = OLD.item AND next_at = OLD.answered_at;
END;

-- A re-answer moves a row in the order: the delete's work for where it
-- was, then the insert's for where it is.
CREATE TRIGGER answers_next_update AFTER UPDATE OF answered_at, stage, value, review_id, deal_id, item ON answers BEGIN
  UPDATE answers SET next_at = (
    SELECT min(b.answered_at) FROM answers b WHERE b.deal_id = answers.deal_id AND b.item = answers.item
      AND (b.answered_at, b.stage, b.value, b.review_id) > (answers.answered_at, answers.stage, answers.value, answers.review_id))
  WHERE deal_id = OLD.deal_id AND item = OLD.item AND next_at = OLD.answered_at;
  UPDATE answers SET next_at = NEW.answered_at
  WHERE deal_id = NEW.deal_id AND item = NEW.item
    AND (answered_at, stage, value, review_id) < (NEW.answered_at, NEW.stage, NEW.value, NEW.review_id)
    AND (next_at IS NULL OR next_at > NEW.answered_at);
  UPDATE answers SET next_at = (
    SELECT min(b.answered_at) FROM answers b WHERE b.deal_id = NEW.deal_id AND b.item = NEW.item
      AND (b.answered_at, b.stage, b.value, b.review_id) > (NEW.answered_at, NEW.stage, NEW.value, NEW.review_id))
  WHERE review_id = NEW.review_id AND item = NEW.item;
END;

-- The playbook as the store last decoded it (JSON of coaching.Playbook,
-- see store/playbooks.go), so a command reading it skips the TOML parser.
-- NULL until the store fills it, which it does right after migrating.
ALTER TABLE playbooks ADD COLUMN decoded TEXT;
