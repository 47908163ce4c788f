-- The trace a job was submitted under, which every one of its messages carries. A job parked at
-- submission (beyond its tenant's window) has no dispatch to take it from when it is let go.
ALTER TABLE jobs ADD COLUMN traceparent text;
