-- Fewer index entries per stored Observation, since the recorder stores a ward's charting in bursts.

-- Every Observation's identifier has the same system, and its id is a name UUID of the identifier's
-- value (FhirIds.observationResourceId): the primary key already makes the identifier unique.
ALTER TABLE observations DROP CONSTRAINT observations_identifier;

-- The first coding is in the row itself; observation_codes keeps only the others. A code search
-- with a subject goes through observations_subject_time; one without a subject reads the table, as
-- before (H2 plans the correlated EXISTS, and the OR with the row's code, as a table scan), so
-- an index on the row's code would be written for every Observation and not used.
DELETE FROM observation_codes
 WHERE EXISTS (SELECT 1 FROM observations o
                WHERE o.id = observation_codes.observation_id
                  AND o.code_system = observation_codes.code_system
                  AND o.code = observation_codes.code);
