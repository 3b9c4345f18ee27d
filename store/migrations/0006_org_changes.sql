-- What changed since a manager's last publish to the org database (issue
-- 16), so a publish reads a few rows instead of hashing every row. Logging
-- is on once org_log has its row, which the first publish writes: a file
-- that never publishes keeps no log. token names the log's continuity: a
-- load that writes without the triggers (store.LoadMany) draws a new one,
-- and a server holding another token gets the full, hash-compared publish.
-- floor is the highest seq pruned: a server behind it gets that too.
CREATE TABLE org_log (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT    NOT NULL,
    floor INTEGER NOT NULL DEFAULT 0
);

-- One row per changed (table, key), moved to a new seq on each change.
-- Delete then insert, not INSERT OR REPLACE: a trigger's conflict clause
-- gives way to that of the statement firing it (an INSERT OR IGNORE).
CREATE TABLE org_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl  TEXT    NOT NULL,
    id   INTEGER NOT NULL,
    item TEXT    NOT NULL DEFAULT '',
    UNIQUE (tbl, id, item)
);

CREATE TRIGGER org_reps_insert AFTER INSERT ON reps WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'reps' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('reps', NEW.id, '');
END;

CREATE TRIGGER org_reps_update AFTER UPDATE ON reps WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'reps' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('reps', OLD.id, '');
  DELETE FROM org_changes WHERE (NEW.id IS NOT OLD.id) AND tbl = 'reps' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) SELECT 'reps', NEW.id, '' WHERE NEW.id IS NOT OLD.id;
END;

CREATE TRIGGER org_reps_delete AFTER DELETE ON reps WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'reps' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('reps', OLD.id, '');
END;

CREATE TRIGGER org_deals_insert AFTER INSERT ON deals WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'deals' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('deals', NEW.id, '');
END;

CREATE TRIGGER org_deals_update AFTER UPDATE ON deals WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'deals' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('deals', OLD.id, '');
  DELETE FROM org_changes WHERE (NEW.id IS NOT OLD.id) AND tbl = 'deals' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) SELECT 'deals', NEW.id, '' WHERE NEW.id IS NOT OLD.id;
END;

CREATE TRIGGER org_deals_delete AFTER DELETE ON deals WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'deals' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('deals', OLD.id, '');
END;

CREATE TRIGGER org_sessions_insert AFTER INSERT ON sessions WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'sessions' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('sessions', NEW.id, '');
END;

CREATE TRIGGER org_sessions_update AFTER UPDATE ON sessions WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'sessions' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('sessions', OLD.id, '');
  DELETE FROM org_changes WHERE (NEW.id IS NOT OLD.id) AND tbl = 'sessions' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) SELECT 'sessions', NEW.id, '' WHERE NEW.id IS NOT OLD.id;
END;

CREATE TRIGGER org_sessions_delete AFTER DELETE ON sessions WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'sessions' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('sessions', OLD.id, '');
END;

CREATE TRIGGER org_reviews_insert AFTER INSERT ON reviews WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'reviews' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('reviews', NEW.id, '');
END;

CREATE TRIGGER org_reviews_update AFTER UPDATE ON reviews WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'reviews' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('reviews', OLD.id, '');
  DELETE FROM org_changes WHERE (NEW.id IS NOT OLD.id) AND tbl = 'reviews' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) SELECT 'reviews', NEW.id, '' WHERE NEW.id IS NOT OLD.id;
END;

CREATE TRIGGER org_reviews_delete AFTER DELETE ON reviews WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'reviews' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('reviews', OLD.id, '');
END;

CREATE TRIGGER org_actions_insert AFTER INSERT ON actions WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'actions' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('actions', NEW.id, '');
END;

CREATE TRIGGER org_actions_update AFTER UPDATE ON actions WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'actions' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('actions', OLD.id, '');
  DELETE FROM org_changes WHERE (NEW.id IS NOT OLD.id) AND tbl = 'actions' AND id = NEW.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) SELECT 'actions', NEW.id, '' WHERE NEW.id IS NOT OLD.id;
END;

CREATE TRIGGER org_actions_delete AFTER DELETE ON actions WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'actions' AND id = OLD.id AND item = '';
  INSERT INTO org_changes (tbl, id, item) VALUES ('actions', OLD.id, '');
END;

CREATE TRIGGER org_answers_insert AFTER INSERT ON answers WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'answers' AND id = NEW.review_id AND item = NEW.item;
  INSERT INTO org_changes (tbl, id, item) VALUES ('answers', NEW.review_id, NEW.item);
END;

CREATE TRIGGER org_answers_update AFTER UPDATE ON answers WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'answers' AND id = OLD.review_id AND item = OLD.item;
  INSERT INTO org_changes (tbl, id, item) VALUES ('answers', OLD.review_id, OLD.item);
  DELETE FROM org_changes WHERE (NEW.review_id IS NOT OLD.review_id OR NEW.item IS NOT OLD.item) AND tbl = 'answers' AND id = NEW.review_id AND item = NEW.item;
  INSERT INTO org_changes (tbl, id, item) SELECT 'answers', NEW.review_id, NEW.item WHERE NEW.review_id IS NOT OLD.review_id OR NEW.item IS NOT OLD.item;
END;

CREATE TRIGGER org_answers_delete AFTER DELETE ON answers WHEN EXISTS (SELECT 1 FROM org_log) BEGIN
  DELETE FROM org_changes WHERE tbl = 'answers' AND id = OLD.review_id AND item = OLD.item;
  INSERT INTO org_changes (tbl, id, item) VALUES ('answers', OLD.review_id, OLD.item);
END;
