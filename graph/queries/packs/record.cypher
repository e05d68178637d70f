// Record one generated pack. Its id names subject, audience and version, so the uniqueness
// constraint on PackRecord.id refuses a second pack with a version already given out.
MATCH (s:Subject {id: $subject_id})
CREATE (p:PackRecord {id: $id, subject_id: $subject_id, audience: $audience,
                      version: $version, format: $format, sha256: $sha256,
                      content_sha256: $content_sha256, bytes: $bytes, pages: $pages,
                      generated_at: datetime(), generated_by: $generated_by, role: $role,
                      recipients: $recipients, as_of: $as_of, since: $since,
                      meeting_on: $meeting_on})
CREATE (s)-[:HAS_PACK]->(p)
RETURN p {.*} AS record
