// Victims by id, as records the disclosure policy recognises (kind 'victim'): whole for
// readers who may know who they are, a pseudonym for the rest.
UNWIND $ids AS vid
MATCH (v:Victim {id: vid})
RETURN 'victim' AS kind, v.id AS id, v.forename AS forename, v.surname AS surname
