// What the dashboard's trawl part depends on, in one small read: the latest ingest run (its
// id, status and finish) and the number of append-only records every recorded change
// leaves (lifecycle events: adoption, archiving, reactivation, nominations and panel
// decisions; nominations; recorded trawls; intelligence, which a submission adds between
// ingests and the escalation flags read). Counts by label come from the count store.
OPTIONAL MATCH (r:IngestRun)
WITH r ORDER BY r.started_at DESC LIMIT 1
RETURN r.id AS run, r.status AS run_status, toString(r.finished_at) AS run_finished,
       COUNT { (:IngestRun) } AS runs,
       COUNT { (:LifecycleEvent) } AS lifecycle_events,
       COUNT { (:Nomination) } AS nominations,
       COUNT { (:Trawl) } AS trawls,
       COUNT { (:Intelligence) } AS intelligence
