// Which of $ids name a record an action may rest on (offence, victim, place, order,
// intelligence, subject).
UNWIND $ids AS eid
RETURN eid AS id,
       EXISTS { MATCH (n:Offence {id: eid}) } OR EXISTS { MATCH (n:Victim {id: eid}) }
       OR EXISTS { MATCH (n:Location {id: eid}) } OR EXISTS { MATCH (n:Order {id: eid}) }
       OR EXISTS { MATCH (n:Intelligence {id: eid}) } OR EXISTS { MATCH (n:Subject {id: eid}) }
         AS found
