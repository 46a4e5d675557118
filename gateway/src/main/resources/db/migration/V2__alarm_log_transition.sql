-- What happened to the alarm in this entry (raised, acknowledged, reminded, escalated, ended...),
-- and whether it had been escalated, so that the log alone tells the whole story of an alarm.
ALTER TABLE alarm_log ADD COLUMN transition VARCHAR(32);
ALTER TABLE alarm_log ADD COLUMN escalated BOOLEAN;
CREATE INDEX alarm_log_alarm ON alarm_log (alarm_id, id);
-- Alarm ids are bed/rule/raised-time and may be longer than 64 characters.
ALTER TABLE alarm_log ALTER COLUMN alarm_id SET DATA TYPE VARCHAR(200);
