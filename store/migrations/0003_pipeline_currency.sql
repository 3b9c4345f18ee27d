-- Pipelines are summed per currency (issue 12): deals_rep gains the
-- currency so home's per-rep, per-currency sums stay one covering probe.
DROP INDEX deals_rep;
CREATE INDEX deals_rep ON deals(rep_id, status, currency, amount);
