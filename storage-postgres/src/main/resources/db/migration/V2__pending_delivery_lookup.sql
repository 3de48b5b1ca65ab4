-- Forgetting old delivery ids keeps those of events still pending or parked (a retried delivery of a pending
-- event must still be recognised as a duplicate); this index answers that check.
CREATE INDEX inbound_events_delivery ON inbound_events (connection_id, delivery_id);
