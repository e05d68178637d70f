// A new problem profile: what it covers (places, or an area round a point) and who made it.
CREATE (p:Problem {id: $id, title: $title, scope: $scope, location_ids: $location_ids,
                   lat: $lat, lon: $lon, radius_m: $radius_m, manager: $manager,
                   comparison: $comparison, created_by: $by, created_at: datetime()})
RETURN p.id AS id
