// Whether the filter values exist at all: any offence of category $category, any location of
// venue type $venue_type (null: not asked). Tells an unknown value (a typo: refused, naming
// it) from one that only matches nothing in the window asked for.
RETURN $category IS NULL OR EXISTS { MATCH (o:Offence) WHERE o.category = $category }
         AS category_found,
       $venue_type IS NULL OR EXISTS { MATCH (l:Location) WHERE l.venue_type = $venue_type }
         AS venue_type_found
