// Forget one user's saved layout for one network centre (their own setting, not case data).
MATCH (l:SavedLayout {id: $id})
DELETE l
RETURN count(*) AS deleted
