-- Nightly purge of DSPAM's MySQL schema, what DSPAM's purge-4.1.sql and dspam_clean did:
-- stale signatures, and tokens that are rare, near neutral or no longer seen. From cron:
--   mysql dspam < mysql_purge.sql
-- Set the ages below to dspam.conf's Purge* values (days), and @TrainingMode to its
-- TrainingMode; a user's trainingMode preference, or the system default preference (uid 0),
-- takes precedence over it.

SET @TrainingMode    = 'TEFT';
SET @PurgeSignatures = 14;   -- signatures created longer ago
SET @PurgeNeutral    = 90;   -- tokens with a probability between 0.35 and 0.65
SET @PurgeUnused     = 90;   -- any token (not in TOE or NOTRAIN; in TUM only tokens with fewer than 50 hits)
SET @PurgeHapaxes    = 30;   -- tokens with spam + 2 x innocent hits below 5
SET @PurgeHits1S     = 15;   -- tokens with one spam hit and no innocent hit
SET @PurgeHits1I     = 15;   -- tokens with one innocent hit and no spam hit

-- Each age counts from the token's last_hit, the day it was last learned.

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE() - INTERVAL @PurgeHapaxes DAY
   AND 2 * innocent_hits + spam_hits < 5;

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE() - INTERVAL @PurgeHits1S DAY
   AND innocent_hits = 0 AND spam_hits = 1;

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE() - INTERVAL @PurgeHits1I DAY
   AND innocent_hits = 1 AND spam_hits = 0;

-- Neutral: DSPAM's probability with processor bias, (s/SL) / (s/SL + 2i/IL), from the user's
-- learned totals SL and IL, as dspam_clean -p judged it (tokens seen in one class only are not neutral).
DELETE t FROM dspam_token_data t JOIN dspam_stats s ON s.uid = t.uid
 WHERE t.last_hit < CURRENT_DATE() - INTERVAL @PurgeNeutral DAY
   AND t.spam_hits > 0 AND t.innocent_hits > 0
   AND (s.spam_learned = 0 OR s.innocent_learned = 0
        OR (t.spam_hits * 1e0 / s.spam_learned)
           / (t.spam_hits * 1e0 / s.spam_learned + 2e0 * t.innocent_hits / s.innocent_learned)
           BETWEEN 0.35 AND 0.65);

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE() - INTERVAL @PurgeUnused DAY
   AND UPPER(COALESCE(
         (SELECT CONVERT(p.value USING utf8mb4) FROM dspam_preferences p
           WHERE p.uid = dspam_token_data.uid AND p.preference = 'trainingMode'),
         (SELECT CONVERT(d.value USING utf8mb4) FROM dspam_preferences d
           WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         CONVERT(@TrainingMode USING utf8mb4))) NOT IN ('TOE', 'TUM', 'NOTRAIN');

DELETE FROM dspam_token_data
 WHERE last_hit < CURRENT_DATE() - INTERVAL @PurgeUnused DAY
   AND innocent_hits + spam_hits < 50
   AND UPPER(COALESCE(
         (SELECT CONVERT(p.value USING utf8mb4) FROM dspam_preferences p
           WHERE p.uid = dspam_token_data.uid AND p.preference = 'trainingMode'),
         (SELECT CONVERT(d.value USING utf8mb4) FROM dspam_preferences d
           WHERE d.uid = 0 AND d.preference = 'trainingMode'),
         CONVERT(@TrainingMode USING utf8mb4))) = 'TUM';

DELETE FROM dspam_signature_data
 WHERE created_on < CURRENT_DATE() - INTERVAL @PurgeSignatures DAY;
