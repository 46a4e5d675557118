-- What the REMS Patient Monitoring Form asks besides name and birth date: the patient's sex
-- (FHIR administrative-gender code), first treatment or not, the concomitant medicine classes
-- (comma-separated codes; '' for none of them); NULL where not recorded.
ALTER TABLE sessions ADD COLUMN sex VARCHAR(16);
ALTER TABLE sessions ADD COLUMN first_treatment BOOLEAN;
ALTER TABLE sessions ADD COLUMN concomitant VARCHAR(200);

-- Whether the vital signs were acceptable before dosing; NULL for doses recorded before it was asked.
ALTER TABLE session_doses ADD COLUMN vitals_acceptable BOOLEAN;

-- Since when pulse and BP have stayed within the baseline band (the discharge stable window), so
-- that a restart does not start the window again; NULL while they are outside it.
ALTER TABLE sessions ADD COLUMN within_band_since TIMESTAMP WITH TIME ZONE;
