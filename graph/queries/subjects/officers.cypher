// RASSO officers who can own a Tier 1 subject (enabled accounts only).
MATCH (u:User {role: 'rasso_officer'})
WHERE NOT coalesce(u.disabled, false)
RETURN u.id AS username, u.display_name AS display_name
ORDER BY username
