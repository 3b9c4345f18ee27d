-- The floor of `dealcoach summary --rep`: the stock sqlite3 computing the
-- same per-stage counts (latest answer per deal and item in the last 90
-- days) in one statement. scripts/bench.sh checks the numbers agree.
SELECT stage, sum(value = 'yes'), sum(value = 'no'), sum(value = 'unsure'), sum(value = 'na')
FROM (SELECT stage, value, row_number() OVER (PARTITION BY deal_id, item ORDER BY answered_at DESC) AS n
      FROM answers
      WHERE rep_id = (SELECT id FROM reps WHERE name = :rep) AND answered_at >= unixepoch('now', '-90 days'))
WHERE n = 1 GROUP BY stage;
