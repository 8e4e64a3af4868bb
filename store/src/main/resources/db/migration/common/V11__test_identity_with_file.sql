-- A test's identity includes its file when its runner reports one, so two tests of one name in two files are two
-- tests; name_hash (suite, class and name only) finds a test by its name, as CI names its failures.
ALTER TABLE tests ADD COLUMN name_hash CHAR(64);
UPDATE tests SET name_hash = identity_hash;
CREATE INDEX tests_by_name ON tests (repository, name_hash);
