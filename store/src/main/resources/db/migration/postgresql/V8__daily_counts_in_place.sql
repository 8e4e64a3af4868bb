-- Every report adds to one daily-count row per test it held; room left in each page lets PostgreSQL rewrite such a
-- row in the same page without touching the primary key's index (a heap-only update).
ALTER TABLE test_daily_counts SET (fillfactor = 60);
ALTER TABLE tests SET (fillfactor = 80);
