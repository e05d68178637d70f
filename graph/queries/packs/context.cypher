// What a MAPPA review pack needs of the subject beyond his profile: his MAPPA category
// (1-3, or 4 where a force records it) and management level (1-3), where recorded.
MATCH (s:Subject {id: $subject_id})
RETURN s.mappa_category AS mappa_category, s.mappa_level AS mappa_level
