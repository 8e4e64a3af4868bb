-- A test's full name (class and name) can be as long as the tests table allows.
ALTER TABLE failure_occurrences ALTER COLUMN test_name SET DATA TYPE VARCHAR(6001);
