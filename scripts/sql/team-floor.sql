-- The floor of `dealcoach summary --team`: the stock sqlite3 computing the
-- same per-rep, per-stage counts (latest answer per deal and item in the
-- last 90 days) in one statement on the same schema: each rep one range
-- scan of answers_rep, keeping the rows whose pair has no later answer by
-- now (answers.next_at). scripts/bench.sh and TestSQLFloorsAgree check the
-- numbers agree.
SELECT p.name, a.stage, sum(a.value = 'yes'), sum(a.value = 'no'), sum(a.value = 'unsure'), sum(a.value = 'na')
FROM reps p CROSS JOIN answers a
WHERE a.rep_id = p.id
  AND a.answered_at >= unixepoch('now', '-90 days') AND a.answered_at <= unixepoch('now')
  AND (a.next_at IS NULL OR a.next_at > unixepoch('now'))
GROUP BY p.id, a.stage;
