SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state
