-- DSPAM's MySQL schema: the tables, columns, types and indexes of DSPAM 3.10's
-- mysql_objects-4.1.sql, plus the virtual users table. mysql_drv creates this itself in an empty
-- database; admins who manage schemas themselves run it once:
--   mysql dspam < mysql_objects.sql
-- InnoDB rather than DSPAM's MyISAM, so that each message's learning is one transaction.
-- DSPAM itself reads and writes these tables unchanged.

CREATE TABLE IF NOT EXISTS dspam_token_data (
  uid INT UNSIGNED NOT NULL,
  token BIGINT UNSIGNED NOT NULL,
  spam_hits BIGINT UNSIGNED NOT NULL,
  innocent_hits BIGINT UNSIGNED NOT NULL,
  last_hit DATE NOT NULL,
  UNIQUE KEY id_token_data_01 (uid, token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE IF NOT EXISTS dspam_signature_data (
  uid INT UNSIGNED NOT NULL,
  signature CHAR(32) NOT NULL,
  data LONGBLOB NOT NULL,
  length INT UNSIGNED NOT NULL,
  created_on DATE NOT NULL,
  UNIQUE KEY id_signature_data_01 (uid, signature),
  KEY id_signature_data_02 (created_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE IF NOT EXISTS dspam_stats (
  uid INT UNSIGNED PRIMARY KEY,
  spam_learned BIGINT UNSIGNED NOT NULL,
  innocent_learned BIGINT UNSIGNED NOT NULL,
  spam_misclassified BIGINT UNSIGNED NOT NULL,
  innocent_misclassified BIGINT UNSIGNED NOT NULL,
  spam_corpusfed BIGINT UNSIGNED NOT NULL,
  innocent_corpusfed BIGINT UNSIGNED NOT NULL,
  spam_classified BIGINT UNSIGNED NOT NULL,
  innocent_classified BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Preferences (uid 0 holds the system-wide defaults).
CREATE TABLE IF NOT EXISTS dspam_preferences (
  uid INT UNSIGNED NOT NULL,
  preference VARCHAR(32) NOT NULL,
  value VARCHAR(64) NOT NULL,
  UNIQUE KEY id_preferences_01 (uid, preference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Virtual users: user names and the uids their rows are kept under. A database without this
-- table keys users by their system account's uid, as DSPAM built without virtual users did.
CREATE TABLE IF NOT EXISTS dspam_virtual_uids (
  uid INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(128),
  UNIQUE KEY id_virtual_uids_01 (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
