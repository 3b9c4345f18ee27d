-- The floor of `dealcoach summary --team`: the stock sqlite3 computing the
-- same per-rep, per-stage counts (latest answer per deal and item in the
-- last 90 days) in one statement, each rep one range scan of answers_rep.
-- scripts/bench.sh and TestSQLFloorsAgree check the numbers agree.
SELECT p.name, stage, sum(value = 'yes'), sum(value = 'no'), sum(value = 'unsure'), sum(value = 'na')
FROM (SELECT a.rep_id, a.stage, a.value, row_number() OVER (PARTITION BY a.rep_id, a.deal_id, a.item ORDER BY a.answered_at DESC) AS n
      FROM reps r CROSS JOIN answers a
      WHERE a.rep_id = r.id AND a.answered_at >= unixepoch('now', '-90 days'))
JOIN reps p ON p.id = rep_id
WHERE n = 1 GROUP BY p.name, stage;
