-- Nightly purge of DSPAM's PostgreSQL schema, what DSPAM's purge.sql and dspam_clean did:
-- stale signatures, and tokens that are rare, near neutral or no longer seen. From cron:
--   psql -d dspam -f pgsql_purge.sql
-- Set the ages below to dspam.conf's Purge* values (days), and training_mode to its
-- TrainingMode; a user's trainingMode preference, or the system default preference (uid 0),
-- takes precedence over it.

CREATE TEMPORARY TABLE dspam_purge_settings AS SELECT
  'TEFT'::text AS training_mode,
  14 AS signatures,   -- signatures created longer ago
  90 AS neutral,      -- tokens with a probability between 0.35 and 0.65
  90 AS unused,       -- any token (not in TOE or NOTRAIN; in TUM only tokens with fewer than 50 hits)
  30 AS hapaxes,      -- tokens with spam + 2 x innocent hits below 5
  15 AS hits1s,       -- tokens with one spam hit and no innocent hit
  15 AS hits1i;       -- tokens with one innocent hit and no spam hit

-- Each age counts from the token's last_hit, the day it was last learned.

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE - (SELECT hapaxes FROM dspam_purge_settings)
   AND 2 * innocent_hits + spam_hits < 5;

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE - (SELECT hits1s FROM dspam_purge_settings)
   AND innocent_hits = 0 AND spam_hits = 1;

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE - (SELECT hits1i FROM dspam_purge_settings)
   AND innocent_hits = 1 AND spam_hits = 0;

-- Neutral: DSPAM's probability with processor bias, (s/SL) / (s/SL + 2i/IL), from the user's
-- learned totals SL and IL, as dspam_clean -p judged it (tokens seen in one class only are not neutral).
DELETE FROM dspam_token_data t USING dspam_stats s
 WHERE s.uid = t.uid
   AND t.last_hit < CURRENT_DATE - (SELECT neutral FROM dspam_purge_settings)
   AND t.spam_hits > 0 AND t.innocent_hits > 0
   AND (s.spam_learned = 0 OR s.innocent_learned = 0
        OR (t.spam_hits::float8 / s.spam_learned)
           / (t.spam_hits::float8 / s.spam_learned + 2.0 * t.innocent_hits / s.innocent_learned)
           BETWEEN 0.35 AND 0.65);

DELETE FROM dspam_token_data t
 WHERE t.last_hit < CURRENT_DATE - (SELECT unused FROM dspam_purge_settings)
   AND upper(COALESCE(
         (SELECT p.value FROM dspam_preferences p WHERE p.uid = t.uid AND p.preference = 'trainingMode'),
         (SELECT d.value FROM dspam_preferences d WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         (SELECT training_mode FROM dspam_purge_settings))) NOT IN ('TOE', 'TUM', 'NOTRAIN');

DELETE FROM dspam_token_data t
 WHERE t.last_hit < CURRENT_DATE - (SELECT unused FROM dspam_purge_settings)
   AND t.innocent_hits + t.spam_hits < 50
   AND upper(COALESCE(
         (SELECT p.value FROM dspam_preferences p WHERE p.uid = t.uid AND p.preference = 'trainingMode'),
         (SELECT d.value FROM dspam_preferences d WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         (SELECT training_mode FROM dspam_purge_settings))) = 'TUM';

DELETE FROM dspam_signature_data
 WHERE created_on < CURRENT_DATE - (SELECT signatures FROM dspam_purge_settings);

DROP TABLE dspam_purge_settings;

VACUUM ANALYZE dspam_token_data;
VACUUM ANALYZE dspam_signature_data;
