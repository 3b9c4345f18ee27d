-- Where a manager's laptop change log stood at their last publish (issue
-- 16): a laptop whose log has the same token and still holds every change
-- after seq sends only those changes, instead of hashing every row. shared
-- is whether that publish was --with-shared-notes, which changes rows
-- without a change on the laptop.
ALTER TABLE dealcoach.publishes
    ADD COLUMN token  text    NOT NULL DEFAULT '',
    ADD COLUMN seq    bigint  NOT NULL DEFAULT 0,
    ADD COLUMN shared boolean NOT NULL DEFAULT false;
