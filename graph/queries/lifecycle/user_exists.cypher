// Whether a user (an owning officer) exists.
OPTIONAL MATCH (u:User {id: toLower($username)})
RETURN u IS NOT NULL AS found
