-- The latest answer per (deal, item) in a window (DESIGN §5) as the
-- laptop finds it (its 0004_answer_windows.sql): next_at is the
-- answered_at of the pair's next answer in the order (answered_at, stage,
-- value, review_id), NULL for the latest. The latest within [a, b] is then
-- a <= answered_at <= b AND (next_at IS NULL OR next_at > b): a range scan
-- with a filter, where it was a sort of the window's answers. Publishes
-- send it from the laptop; rows published before get it here.
ALTER TABLE dealcoach.answers ADD COLUMN next_at bigint;

UPDATE dealcoach.answers a SET next_at = l.n FROM (
  SELECT manager, review_id, item, lead(answered_at) OVER (
    PARTITION BY manager, deal_id, item
    ORDER BY answered_at, stage COLLATE "C", value COLLATE "C", review_id) AS n
  FROM dealcoach.answers) l
WHERE a.manager = l.manager AND a.review_id = l.review_id AND a.item = l.item AND l.n IS NOT NULL;

DROP INDEX dealcoach.answers_window;
CREATE INDEX answers_window ON dealcoach.answers (answered_at)
    INCLUDE (manager, deal_id, item, review_id, rep_id, stage, value, next_at);
