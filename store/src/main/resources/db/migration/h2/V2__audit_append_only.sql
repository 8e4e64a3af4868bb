-- The audit log is append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW CALL 'dev.mainline.store.AuditAppendOnlyTrigger';
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW CALL 'dev.mainline.store.AuditAppendOnlyTrigger';
