-- The floor of `dealcoach summary --rep`: the stock sqlite3 computing the
-- same per-stage counts (latest answer per deal and item in the last 90
-- days) in one statement on the same schema: one range scan of
-- answers_rep, keeping the rows whose pair has no later answer by now
-- (answers.next_at). scripts/bench.sh and TestSQLFloorsAgree check the
-- numbers agree.
SELECT stage, sum(value = 'yes'), sum(value = 'no'), sum(value = 'unsure'), sum(value = 'na')
FROM answers
WHERE rep_id = (SELECT id FROM reps WHERE name = :rep)
  AND answered_at >= unixepoch('now', '-90 days') AND answered_at <= unixepoch('now')
  AND (next_at IS NULL OR next_at > unixepoch('now'))
GROUP BY stage;
