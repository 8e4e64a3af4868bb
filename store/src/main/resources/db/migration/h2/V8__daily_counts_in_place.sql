-- PostgreSQL leaves room in the pages of the daily counts here (V8 there); H2 stores rows its own way.
SELECT 1;
