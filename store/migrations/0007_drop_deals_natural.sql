-- deals_natural (rep_id, account, name) served only its rep_id prefix:
-- the one query naming account and name compares them COLLATE NOCASE, which
-- an index of binary columns cannot search, and deals_rep starts with
-- rep_id too. Every deal written kept it up to date, and an import into a
-- new database spent a tenth of its time building it again.
DROP INDEX IF EXISTS deals_natural;
