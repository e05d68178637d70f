// Two subject records side by side, with the graph facts they share.
MATCH (a:Subject {id: $a}), (b:Subject {id: $b})
CALL (a, b) {
  OPTIONAL MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER]-(b)
  RETURN collect(DISTINCT i.kind + ' ' + i.value) AS identifiers }
CALL (a, b) {
  OPTIONAL MATCH (a)-[:LIVES_AT]->(l:Location)<-[:LIVES_AT]-(b)
  RETURN collect(DISTINCT coalesce(l.address, l.name, l.id)) AS addresses }
CALL (a, b) {
  OPTIONAL MATCH (a)-[:NAMED_IN]->(o:Offence)<-[:NAMED_IN]-(b)
  RETURN collect(DISTINCT o.id) AS offences }
CALL (a, b) {
  OPTIONAL MATCH (a)-[:NAMED_IN]->(:Offence)<-[:VICTIM_OF]-(v:Victim)
                 -[:VICTIM_OF]->(:Offence)<-[:NAMED_IN]-(b)
  RETURN count(DISTINCT v) AS victims }
RETURN [x IN [a, b] | {subject_id: x.id, forename: x.forename, surname: x.surname,
        aliases: coalesce(x.aliases, []), dob: toString(x.dob), gender: x.gender,
        pnc_id: x.pnc_id}] AS records,
       identifiers, addresses, offences, victims
