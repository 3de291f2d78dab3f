/* DSPAM's virtual users table for PostgreSQL. */
CREATE SEQUENCE dspam_virtual_uids_seq;
CREATE TABLE dspam_virtual_uids (
  uid int DEFAULT nextval('dspam_virtual_uids_seq') PRIMARY KEY,
  username varchar(128)
) WITHOUT OIDS;
CREATE UNIQUE INDEX id_virtual_uids_01 ON dspam_virtual_uids(username);
CREATE UNIQUE INDEX id_virtual_uids_02 ON dspam_virtual_uids(uid);
